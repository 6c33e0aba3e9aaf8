"""An edited body re-parsed incrementally (`reparse_body`) gives exactly the full parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import body_model

from agentls.document import parse_document
from agentls.document import body as body_mod
from agentls.document.body import ParsedBody, parse_body, reparse_body

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Pieces that change the block structure around them when inserted or removed.
PIECES = [
    "# Title\n", "## Section\n", "Some text with `code` in it.\n", "\n", "\n\n", "- item\n", "  - nested item\n",
    "1. first\n", "2) second\n", "    indented code\n", "```\n", "```python\n", "~~~\n", "> quote\n", "| a | b |\n",
    "| --- | --- |\n", "---\n", "===\n", "<!-- comment\n", "-->\n", "<div>\n", "</div>\n", "<example>\n", "</example>\n",
    "[ref]: https://example.com\n", "text ## Glued heading\n", "  continued line\n", "* star item\n", "<pre>\n", "</pre>\n",
]


def _base_text() -> str:
    parts = []
    for i in range(60):
        parts.append(f"## Part {i}\n\nParagraph {i} with `span {i}` and more words.\n\n")
        parts.append(["- a\n- b\n  - c\n\n", "```bash\necho hi\n```\n\n", "| x | y |\n| - | - |\n| 1 | 2 |\n\n",
                      "> quoted\n> text\n\n", "    code block\n\n", "<example>\nuser: hi\n</example>\n\n"][i % 6])
    return "".join(parts)


BASE = _base_text()


@pytest.fixture(autouse=True, scope="module")
def _always_incremental():
    """Take the incremental path on these small texts too."""
    saved = body_mod.INCREMENTAL_MIN_CHARS
    body_mod.INCREMENTAL_MIN_CHARS = 0
    yield
    body_mod.INCREMENTAL_MIN_CHARS = saved


def _fresh(text: str) -> ParsedBody:
    parse_body.cache_clear()
    return parse_body(text)


edit = st.tuples(st.integers(0, len(BASE)), st.integers(0, 40), st.lists(st.sampled_from(PIECES), max_size=3), st.text("ab `#-\n", max_size=4))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, min_size=1, max_size=4))
def test_incremental_equals_full(edits: list) -> None:
    text = BASE
    prev = _fresh(text)
    for at, cut, pieces, chars in edits:
        at = min(at, len(text))
        # snap to a line start half of the time, so whole-line constructs are inserted
        if at % 2 and "\n" in text[:at]:
            at = text.rfind("\n", 0, at) + 1
        text = text[:at] + "".join(pieces) + chars + text[at + cut :]
        got = reparse_body(text, prev)
        assert body_model(got) == body_model(_fresh(text))
        prev = got


@pytest.mark.parametrize("where", [0, len(BASE) // 2, len(BASE) - 1, len(BASE)])
def test_typing_and_erasing(where: int) -> None:
    text = BASE
    prev = _fresh(text)
    for ch in "x`\n- ```\n":
        text = text[:where] + ch + text[where:]
        where += 1
        prev = reparse_body(text, prev)
        assert body_model(prev) == body_model(_fresh(text))
    for _ in range(5):
        where -= 1
        text = text[:where] + text[where + 1 :]
        prev = reparse_body(text, prev)
        assert body_model(prev) == body_model(_fresh(text))


def test_an_edit_rescans_only_around_it(monkeypatch: pytest.MonkeyPatch) -> None:
    scanned: list[int] = []
    real = body_mod._scan

    def spy(text: str, base: int):
        scanned.append(text.count("\n"))
        return real(text, base)

    prev = _fresh(BASE)
    monkeypatch.setattr(body_mod, "_scan", spy)
    at = BASE.index("Paragraph 30")
    got = reparse_body(BASE[:at] + "x" + BASE[at:], prev)
    assert scanned and max(scanned) < 20 < BASE.count("\n")
    assert got.blocks[0] is prev.blocks[0] and got.blocks[-1] is prev.blocks[-1]  # kept, not rebuilt


def test_reparse_reuses_unchanged_text() -> None:
    prev = parse_body(BASE)
    assert reparse_body(BASE, prev) is prev


def test_parse_document_with_previous_matches_plain_parse() -> None:
    head = "---\nname: helper\ndescription: Helps.\n---\n"
    old = parse_document(head + BASE)
    new_text = head + BASE.replace("Paragraph 30", "Paragraph thirty\n\n```\nopen fence", 1)
    inc = parse_document(new_text, previous=old)
    parse_body.cache_clear()
    full = parse_document(new_text)
    assert body_model(inc.body.parsed) == body_model(full.body.parsed)
    assert inc.body.line_offset == full.body.line_offset
