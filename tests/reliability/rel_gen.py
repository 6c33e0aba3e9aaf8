"""Generated agent files and independent checks of what agentls says about them.

The strategies build documents the way people break them: frontmatter that is valid, half
typed, unclosed or not YAML at all; values with `: `, quotes, tabs, anchors and aliases; tools
lists in every form; bodies with headings, fences and mojibake; random unicode (astral
characters included), CRLF / CR line ends, a byte-order mark and NUL characters.

The checks convert positions with their own UTF-16 arithmetic, not with agentls' LineIndex, so
a bug there cannot hide itself.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from agentls.schema import AGENT_FIELDS, MISTAKEN_FIELDS, OLD_TOOLS, PROFILES, TOOLS

# ---- how long to run ---------------------------------------------------------------------------
# AGENTLS_FUZZ=long runs many more examples (for a soak before a release); the default keeps the
# suite fast. AGENTLS_FUZZ_EXAMPLES=N sets the number of examples per property directly.
_PROFILES = {"fast": 120, "long": 4000}
PROFILE = os.environ.get("AGENTLS_FUZZ", "fast")
EXAMPLES = int(os.environ.get("AGENTLS_FUZZ_EXAMPLES", _PROFILES.get(PROFILE, _PROFILES["fast"])))


def fuzz_settings(scale: float = 1.0) -> settings:
    """Bounded hypothesis settings: no deadline (CI machines vary), no example database."""
    return settings(
        max_examples=max(1, int(EXAMPLES * scale)),
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---- building blocks ---------------------------------------------------------------------------

ASTRAL = ["😀", "𝔘", "🧪", "\U0001F3F3\uFE0F\u200D\U0001F308", "\U00010348"]
TRICKY = [
    "\x00", "\t", "\ufeff", "\u00e9", "\u00c3\u00a9", "\u00e2\u0080\u0099", "\u00e2\u20ac\u2122", ":", ": ", "#", " #",
    "`", "'", '"', "[", "]", "{", "}", "&", "*", "!", "|", ">", "-", "- ", ",", "(", ")", " ", "\\", "%", "@",
    "\u2028", "\u0085", "\x0b", "\x0c", "\u200b", "\u0301", "\r", "\n", "\r\n", "---", "<example>", "</example>",
]
CHAR = st.one_of(
    st.characters(codec="utf-8"),  # any scalar value, no surrogates
    st.sampled_from(ASTRAL + TRICKY),
)
def pieces(min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[str]:
    """Text made of characters and tricky multi-character pieces."""
    return st.lists(CHAR, min_size=min_size, max_size=max_size).map("".join)


WORD = pieces()
IDENT = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)

TOOL_NAMES = sorted(TOOLS) + sorted(OLD_TOOLS)
FIELD_NAMES = sorted({k for p in PROFILES.values() for k in p.fields} | set(MISTAKEN_FIELDS)) + ["extends", "category", "version", "tags"]
MCP_SERVERS = ["github", "context7", "filesystem", "undefined-server", "bad name", "plugin_x_y", "*", ""]

tool_entry = st.one_of(
    st.sampled_from(TOOL_NAMES),
    st.sampled_from(TOOL_NAMES).map(str.lower),
    st.builds(lambda t, a: f"{t}({a})", st.sampled_from(TOOL_NAMES), st.sampled_from(["git *", "", "a, b", "npm run *", "(", "😀"])),
    st.builds(lambda s, t: f"mcp__{s}" + (f"__{t}" if t else ""), st.sampled_from(MCP_SERVERS), st.sampled_from(["", "*", "create_issue", "get_me", "nope", "read_file", "x__y"])),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(TOOL_NAMES), st.sampled_from(TOOL_NAMES)),
    WORD,
)


def _comma_list(items: list[str]) -> str:
    return ", ".join(items)


def _block_list(items: list[str], eol: str, indent: str) -> str:
    return "".join(f"{eol}{indent}- {i}" for i in items)


def _flow_list(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@st.composite
def value(draw: st.DrawFn, key: str, eol: str) -> str:
    """The text after `key:` (including the space), in one of many shapes, valid or not."""
    if key in ("tools", "disallowedTools", "allowed-tools", "tool", "skills", "mcpServers", "mcp_servers", "agents", "handoffs"):
        items = draw(st.lists(tool_entry if "ools" in key or key == "tool" else st.one_of(st.sampled_from(MCP_SERVERS), WORD), max_size=6))
        form = draw(st.sampled_from(["comma", "block", "flow", "quoted", "empty"]))
        if form == "comma":
            return " " + _comma_list(items)
        if form == "block":
            return _block_list(items, eol, draw(st.sampled_from(["  ", "", "    ", "\t"])))
        if form == "flow":
            return " " + _flow_list(items)
        if form == "quoted":
            return ' "' + _comma_list(items) + '"'
        return ""
    if key in ("model", "permissionMode", "memory", "effort", "isolation", "color", "background", "maxTurns"):
        spec = AGENT_FIELDS.get(key)
        known = [v.name for v in spec.values] if spec and spec.values else []
        v = draw(st.one_of(st.sampled_from(known or ["x"]), st.sampled_from(known or ["x"]).map(str.upper),
                           st.sampled_from(["true", "no", "0", "-3", "12", "1e3", "~", "claude-sonnet-4-5", "sonet"]), WORD))
        return " " + v
    shape = draw(st.sampled_from(["plain", "colon", "quoted", "single", "unclosed", "block", "folded", "continued",
                                  "anchor", "alias", "mapping", "flow-map", "empty", "tab", "comment", "random"]))
    text = draw(WORD)
    if shape == "plain":
        return " " + text
    if shape == "colon":
        return f" {text}: {draw(WORD)}"
    if shape == "quoted":
        return ' "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if shape == "single":
        return " '" + text.replace("'", "''") + "'"
    if shape == "unclosed":
        return ' "' + text
    if shape in ("block", "folded"):
        lines = draw(st.lists(WORD, min_size=1, max_size=4))
        return " " + ("|" if shape == "block" else ">-") + "".join(f"{eol}  {ln}" for ln in lines)
    if shape == "continued":  # a value that runs over unindented lines
        lines = draw(st.lists(WORD, min_size=1, max_size=3))
        return " " + text + "".join(f"{eol}{ln}" for ln in lines)
    if shape == "anchor":
        return f" &{draw(IDENT)} {text}"
    if shape == "alias":
        return f" *{draw(IDENT)}"
    if shape == "mapping":
        return f"{eol}  {draw(IDENT)}: {text}{eol}  {draw(IDENT)}:{eol}    - {draw(WORD)}"
    if shape == "flow-map":
        return " {" + f"{draw(IDENT)}: {text}" + "}"
    if shape == "empty":
        return ""
    if shape == "tab":
        return "\t" + text
    if shape == "comment":
        return f" {text} # {draw(WORD)}"
    return draw(pieces(max_size=24))


@st.composite
def frontmatter_lines(draw: st.DrawFn, eol: str) -> str:
    keys = draw(st.lists(st.one_of(st.sampled_from(FIELD_NAMES), IDENT, WORD), max_size=9))
    if draw(st.booleans()):  # most real files have both
        keys = ["name", "description", *keys]
    out = []
    for key in keys:
        sep = draw(st.sampled_from([":", ":", ":", " :", "", ":\t"]))
        indent = draw(st.sampled_from(["", "", "", " ", "\t"]))
        out.append(f"{indent}{key}{sep}{draw(value(key, eol))}")
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from(["# comment", "", "  ", "- stray", "...", "%YAML 1.2", "? key", "&a b: c", "<<: *a"])))
    return eol.join(out)


BODY_LINE = st.one_of(
    WORD,
    st.builds(lambda h, t: f"{h} {t}", st.sampled_from(["#", "##", "###", "####"]), st.sampled_from(["Rules", "Steps", "Output", "😀 Tips"])),
    st.builds(lambda a, b: f"{a}.## {b}", WORD, st.sampled_from(["Rules", "Steps", "😀 Tips"])),
    st.sampled_from(["```", "```python", "~~~", "    indented code", "- item", "1. step", "> quote", "| a | b |", "|---|---|",
                     "<example>", "</example>", "<commentary>", "Use `Read` and `Bash(git *)`.", "Call the Agent tool.",
                     "<!-- agentls-disable -->", "<!-- agentls-disable-next-line T001 -->", "<!-- agentls-enable -->",
                     "caf\u00c3\u00a9 na\u00c3\u00afve", "it\u00e2\u20ac\u2122s", "---", "***", ""]),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole agent file: delimiters, frontmatter, body, line ends and damage, all generated."""
    eol = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    fm = draw(frontmatter_lines(eol))
    body = eol.join(draw(st.lists(BODY_LINE, max_size=12)))
    layout = draw(st.sampled_from(["ok", "ok", "ok", "unclosed", "none", "leading-blank", "indented", "long-close", "only-open", "empty-fm"]))
    if layout == "ok":
        text = f"---{eol}{fm}{eol}---{eol}{body}"
    elif layout == "unclosed":
        text = f"---{eol}{fm}{eol}{body}"
    elif layout == "none":
        text = f"{fm}{eol}{body}"
    elif layout == "leading-blank":
        text = f"{eol}  {eol}---{eol}{fm}{eol}---{eol}{body}"
    elif layout == "indented":
        text = f"  ---{eol}{fm}{eol}---{eol}{body}"
    elif layout == "long-close":
        text = f"---{eol}{fm}{eol}-----{eol}{body}"
    elif layout == "only-open":
        text = "---"
    else:
        text = f"---{eol}---{eol}{body}"
    if draw(st.integers(0, 7)) == 0:
        text = "\ufeff" + text
    if draw(st.integers(0, 5)) == 0:  # mixed line ends
        text = text.replace(eol, draw(st.sampled_from(["\n", "\r\n", "\r"])), draw(st.integers(1, 3)))
    if draw(st.booleans()):
        text += eol
    # random damage: insert, delete or replace a few characters anywhere
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(pieces(1, 3))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


# ---- independent position checks ---------------------------------------------------------------

_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Lines:
    """A text cut into LSP lines, with each line's UTF-16 units (computed here, not by agentls)."""

    text: str
    starts: tuple[int, ...]
    contents: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Lines":
        starts = [0]
        contents = []
        last = 0
        for m in _EOL.finditer(text):
            contents.append(text[last : m.start()])
            starts.append(m.end())
            last = m.end()
        contents.append(text[last:])
        return cls(text, tuple(starts), tuple(contents))

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of a position; raises AssertionError when it is not a valid one."""
        assert 0 <= line < len(self.contents), f"line {line} outside 0..{len(self.contents) - 1}"
        content = self.contents[line]
        units = content.encode("utf-16-le")
        assert 0 <= character <= len(units) // 2, f"character {character} past the end of line {line} ({len(units) // 2} units)"
        prefix = units[: character * 2]
        if character and 0xD800 <= int.from_bytes(prefix[-2:], "little") <= 0xDBFF:
            raise AssertionError(f"position {line}:{character} splits a surrogate pair")
        return self.starts[line] + len(prefix.decode("utf-16-le"))


def check_range(lines: Lines, rng, what: str) -> tuple[int, int]:
    """Assert a range is inside the text, on valid UTF-16 boundaries, and not reversed."""
    try:
        a = lines.offset(rng.start.line, rng.start.character)
        b = lines.offset(rng.end.line, rng.end.character)
    except AssertionError as exc:
        raise AssertionError(f"{what}: {exc} (range {rng})") from None
    assert a <= b, f"{what}: range ends before it starts ({rng})"
    return a, b


def splice(text: str, lines: Lines, edits) -> str:
    """Apply edits with this module's own arithmetic (the reference for `apply_edits`)."""
    spans = sorted((check_range(lines, e.range, "edit") + (e.new_text,) for e in edits), key=lambda s: (s[0], s[1]))
    for (a1, b1, _), (a2, b2, _) in zip(spans, spans[1:]):
        assert b1 <= a2, f"edits of one fix overlap: {a1}-{b1} and {a2}-{b2}"
    out, last = [], 0
    for a, b, new in spans:
        out.append(text[last:a])
        out.append(new)
        last = b
    out.append(text[last:])
    return "".join(out)
