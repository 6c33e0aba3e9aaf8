"""The index facts read from a plain frontmatter equal those of the parsed file, and anything
that is not plain is left to the parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentls.document import parse_document
from agentls.workspace.discovery import read_text
from agentls.workspace.index import facts_of_text, index_facts
from agentls.workspace.plain_facts import read_plain
from tests.support import CORPUS, SEEDS

KINDS = ("agent", "skill", "command", "copilot-agent")
PATH = "/project/.claude/agents/x.md"


def parsed(text: str, kind: str = "agent"):
    return index_facts(parse_document(text, path=PATH, kind=kind, with_body=False))


PLAIN = [
    "---\nname: code-reviewer\ndescription: Reviews diffs for bugs\ntools: Read, Grep\n---\nbody\n",
    "---\nname:   spaced-name   \ndescription: x\n---\n",
    "---\nname: 'quoted ''name'''\ndescription: \"Double: quoted, with # and : inside\"\n---\n",
    "---\nname: réviseur-日本\ndescription: Emoji 🚀 before the end 🚀\n---\n",
    "---\ndescription: no name here\ntools:\n  - Read\n  - Grep\nmodel: sonnet\n---\n# Body\n",
    "---\nname: C# helper\ndescription: handles a#b and 'quotes' \"inside\"\n---",
    "---\nname: 123\ndescription: yes\n---\n",
    "---\nname: x\ndescription: Use when: the user asks\n---\n",  # `: ` inside, read whole as Claude Code does
]

NOT_PLAIN = [
    "---\nname: x\ndescription: |\n  block\n---\n",  # block scalar
    "---\nname: x\nname: y\n---\n",  # repeated key
    "---\nname:\ndescription: x\n---\n",  # null
    "---\nname: x\ntools: mcp__github__get_issue\n---\n",  # `mcp__` names are the parser's
    "---\r\nname: x\r\n---\r\n",  # CRLF
    "---\nname: x # a comment\n---\n",
    "---\nname: &a x\n---\n",
    "---\nname: x\n  continued\n---\n",  # a multi-line plain value
    "---\nname: x\u2028y\n---\n",  # a line break to YAML 1.1
    "\ufeff---\nname: x\n---\n",
    "\n---\nname: x\n---\n",
    "---\nname: x\n----\n",
    "---\nname: x\n",  # never closed
    "---\nname: \"a\\\"b\"\n---\n",  # escapes
    "---\ntools:\n  - Read\n    - Grep\n---\n",  # items at two indentations
    "---\nname: [a, b]\n---\n",
    "---\nname:\tx\n---\n",
]


@pytest.mark.parametrize("text", PLAIN)
@pytest.mark.parametrize("kind", KINDS)
def test_plain_frontmatters_read_directly_give_the_parsed_facts(text: str, kind: str) -> None:
    assert read_plain(text) is not None
    assert facts_of_text(text, PATH, kind) == parsed(text, kind)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_else_is_left_to_the_parser(text: str) -> None:
    assert read_plain(text) is None
    assert facts_of_text(text, PATH, "agent") == parsed(text)


def test_the_name_range_is_in_utf16_columns_of_the_document() -> None:
    text = "---\ndescription: d\nname: '𝒜gent'\n---\n"
    named, _ = read_plain(text)
    assert named is not None and named[0] == "𝒜gent"
    assert (named[1].start.line, named[1].start.character, named[1].end.character) == (2, 6, 14)


# Lines of every sort a frontmatter holds, plain or not: any mix must give the parsed facts.
FRAGMENTS = ["a", "b c", " ", "  ", "#", ":", ": ", "'", "''", '"', "-", "- ", "[", "]", "{", "}", "&", "*", "!",
             "|", ">", "%", "@", "`", "?", ",", "\t", "\\", "日本", "𝒜", "\u0085", "\u2028", "\ufeff", "mcp__s",
             "~", "null", "---"]
VALUES = st.lists(st.sampled_from(FRAGMENTS), max_size=4).map("".join)
KEYS = st.sampled_from(["name", "description", "name", "description", "tools", "x-y", "_k", "name ", " name"])
LINES = st.one_of(
    st.builds(lambda k, v: f"{k}:{' ' if v else ''}{v}", KEYS, VALUES),
    st.builds(lambda k, v: f"{k}:{' ' if v else ''}{v}", KEYS, VALUES),
    st.builds(lambda ind, v: f"{ind}- {v}", st.sampled_from(["  ", "    ", "", " "]), VALUES),
    st.sampled_from(["", "# comment", "---", "  ---", "...", "  text", "key:value"]),
)
SAFE = st.sampled_from(["model: sonnet", "tools: Read, Grep", "tools:\n  - Read",
                        "color: blue", "tools:\n  - Read\n  - Grep"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(SAFE, max_size=4), st.lists(LINES, min_size=1, max_size=2), st.integers(0, 4),
       st.sampled_from(KINDS), st.sampled_from(["\n", "", "\nbody\n"]))
def test_any_frontmatter_gives_the_parsed_facts(safe: list[str], odd: list[str], at: int, kind: str, tail: str) -> None:
    lines = safe[:at] + odd + safe[at:]
    text = "---\n" + "\n".join(lines) + "\n---" + tail
    assert facts_of_text(text, PATH, kind) == parsed(text, kind)


# Every value of up to three characters from those YAML reads specially, in each place a value goes.
ALPHABET = "a #:'\"-[{&!|?\t\\𝒜\u2028\x85"
SHORT = [""] + [a + b + c for a in ALPHABET for b in [""] + list(ALPHABET) for c in ([""] + list(ALPHABET) if b else [""])]


@pytest.mark.parametrize("form", ["name: {}\ndescription: d", "name: n\ndescription: {}", "name: n\ntools:\n  - {}",
                                  "name: n\ndescription: a: {}", "name: {}\ndescription: a: b", "description: a: b\nname: n: {}"])
def test_every_short_value_gives_the_parsed_facts(form: str) -> None:
    for value in SHORT:
        text = "---\n" + form.format(value) + "\n---\n"
        assert facts_of_text(text, PATH, "agent") == parsed(text), repr(text)


def _shared_files() -> list:
    return sorted(SEEDS.glob("*.md")) + sorted(CORPUS.rglob("*.md"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_every_shared_file_gives_the_parsed_facts() -> None:
    plain = 0
    for path in _shared_files():
        text, _ = read_text(str(path))
        if text is None:
            continue
        plain += read_plain(text) is not None
        assert facts_of_text(text, PATH, "agent") == parsed(text), path
    assert plain > len(_shared_files()) // 2  # the direct reading is the common case
