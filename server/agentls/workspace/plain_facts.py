"""The name and description of a file whose frontmatter is plain, read without the YAML parser.

Indexing a project reads the frontmatter of every agent, skill and command it holds; the YAML
parser is most of that cost. Most frontmatters are a few `key: value` lines, which say the same
to any reader. `read_plain` reads only those: every line of the block is `key: value` (a plain
value, also one with `: ` inside as Claude Code reads it, or one quoted on one line without escapes) or a `  - item` under an empty key, the block
opens on the first line and closes with `---`, no key repeats and no `mcp__` name is written.
Anything else (and any character YAML reads specially) answers None, and the caller parses the
file. `tests/unit/test_plain_facts.py` checks that both ways give the same facts.
"""

from __future__ import annotations

from agentls.document.positions import Position, Range, utf16_len
from agentls.lazy import compile_later

_KEY = compile_later(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_ITEM = compile_later(r"( +)- +(.+)")
# A plain value that is one string to any YAML reader: no indicator first, no `: ` or ` #` inside.
_PLAIN = compile_later(r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:(?!: | #)[^\t])*?(?<![:\s])")
# The same with `: ` inside: strict YAML refuses it, and agentls reads the line whole, as Claude Code does.
_LENIENT = compile_later(r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:(?! #)[^\t])*?(?<![:\s])")
_SINGLE = compile_later(r"'((?:[^']|'')*)'")
_DOUBLE = compile_later(r'"([^"\\]*)"')
# Characters some YAML reader takes for a line break, a byte-order mark or control, or refuses.
_SPECIAL = compile_later("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
MAX_LINES = 200


def _value(raw: str) -> tuple[str, int, int] | None:
    """(value, start, end) of a one-line value within `raw` (end: after its last character)."""
    text = raw.rstrip(" ")
    if _PLAIN.fullmatch(text) or (": " in text and _LENIENT.fullmatch(text)):
        return text, 0, len(text)
    m = _SINGLE.fullmatch(text) or _DOUBLE.fullmatch(text)
    if m:
        inner = m.group(1)
        return (inner.replace("''", "'") if text[0] == "'" else inner), 0, len(text)
    return None


def read_plain(text: str) -> tuple[tuple[str, Range] | None, str] | None:
    """(the stripped name and the range of its value, or None when it has none; the description)
    of a document whose frontmatter is plain; None for any other document."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end < 0 or text[end + 4 : end + 5] not in ("\n", ""):
        return None
    block = text[4 : end + 1]
    if "mcp__" in block or "\r" in block or _SPECIAL.search(block):
        return None
    lines = block.split("\n")[:-1]
    if not lines or len(lines) > MAX_LINES:
        return None
    values: dict[str, tuple[str, int, int, int] | None] = {}  # key -> (value, line, start, end); None: a list
    open_key, items, indent = None, 0, ""  # a key with no value, and the `- item` lines under it
    for n, line in enumerate(lines):
        m = _KEY.fullmatch(line)
        if m:
            key, raw = m.group(1), m.group(2)
            if key in values or (open_key is not None and not items):
                return None  # a repeated key, or an empty value (null)
            if raw is None or not raw.strip(" "):
                values[key], open_key, items = None, key, 0
                continue
            got = _value(raw)
            if got is None:
                return None
            at = m.start(2)
            values[key], open_key = (got[0], n, at + got[1], at + got[2]), None
            continue
        m = _ITEM.fullmatch(line)
        if m is None or open_key is None or _value(m.group(2)) is None or (items and m.group(1) != indent):
            return None
        items, indent = items + 1, m.group(1)
    if open_key is not None and not items:
        return None
    name, desc = values.get("name"), values.get("description")
    if ("name" in values and name is None) or ("description" in values and desc is None):
        return None  # a list, not a scalar
    named = None
    if name is not None and name[0].strip():
        value, line, start, stop = name
        row = lines[line]
        start16, stop16 = utf16_len(row[:start]), utf16_len(row[:stop])
        named = (value.strip(), Range(Position(line + 1, start16), Position(line + 1, stop16)))
    return named, desc[0] if desc is not None else ""
