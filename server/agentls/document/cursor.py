"""What is at an offset: the frontmatter slot being typed, or the entry under the cursor.

Editors ask about half-typed text. `slot_at` decides from the parsed fields (their keys, value
nodes and ranges, and whether the entry could be read at all) whether the cursor is on a key, a
scalar value or a list item, and returns the token being typed. It works in every parse mode:
in the partial mode a broken entry keeps its raw text, which is enough to find the token.

All offsets here are local to the frontmatter content (see `Frontmatter.doc_offset`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from agentls.document.entries import Form, Item, list_items
from agentls.document.frontmatter import Field, Frontmatter
from agentls.document.yaml_tree import Mapping, Scalar, Sequence

if TYPE_CHECKING:
    from agentls.document import Document

SlotKind = Literal["key", "value", "item"]

_KEY_WORD = re.compile(r"[A-Za-z_$][\w.$-]*$")
_DASH = re.compile(r"([ \t]*)-(?:[ \t]+|$)")
_COMMENT = re.compile(r"(?:^|[ \t])#")
_WORD_TAIL = re.compile(r"[^\s,\[\]{}]*")


@dataclass(frozen=True, slots=True)
class Slot:
    """The token being typed: what kind of place it is, and its text up to the cursor."""

    kind: SlotKind
    field: Field | None  # the field whose key or value holds the cursor; None on a new key line
    prefix: str  # the token's text before the cursor
    start: int  # local offset where the token starts
    end: int  # local offset where the token ends (at or after the cursor)
    form: Form | None = None  # for items: block, flow or string (comma-separated)


@dataclass(frozen=True, slots=True)
class Hit:
    """The key, list item or scalar value under the cursor."""

    field: Field
    part: Literal["key", "value", "item"]
    text: str
    start: int
    end: int
    item: Item | None = None


def _owner(fm: Frontmatter, line: int) -> Field | None:
    idx = fm.parsed.index
    owner = None
    for f in fm.fields:
        if idx.line_of(f.key_node.start) > line:
            break
        owner = f
    return owner


def _token_end(text: str, at: int, line_end: int) -> int:
    m = _WORD_TAIL.match(text, at, line_end)
    return m.end() if m else at


def _value_end(text: str, at: int, line_end: int) -> int:
    """Where the value on this line ends: before a ` #` comment and trailing blanks."""
    m = _COMMENT.search(text, at, line_end)
    end = m.start() if m else line_end
    while end > at and text[end - 1] in " \t":
        end -= 1
    return end


def last_item(text: str) -> tuple[str, int]:
    """The comma-separated item being typed at the end of `text`, and where it starts in it.

    Commas inside parentheses do not split (`Agent(a, b` is one item)."""
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            start = i + 1
    lead = len(text[start:]) - len(text[start:].lstrip())
    return text[start + lead :], start + lead


def slot_at(fm: Frontmatter, local: int) -> Slot | None:
    """The slot at a local offset, or None where nothing can be typed (comments, nested maps,
    the inside of multi-line text)."""
    parsed = fm.parsed
    idx, text = parsed.index, parsed.text
    local = max(0, min(local, len(text)))
    line = idx.line_of(local)
    ls = idx.starts[line]
    line_text = idx.line_text(line)
    line_end = ls + len(line_text)
    local = min(local, line_end)
    before = line_text[: local - ls]
    if _COMMENT.search(before):
        return None
    owner = _owner(fm, line)
    if owner is not None and idx.line_of(owner.key_node.start) == line:
        key = owner.key_node
        if local <= key.end:
            if local < key.start:
                return None
            return Slot("key", owner, text[key.start : local], key.start, key.end)
        colon = text.find(":", key.end, line_end)
        if colon < 0 or local <= colon:
            return None
        return _value_slot(fm, owner, local, colon + 1, line_end)
    if not before[:1].isspace() and before[:1] != "-":
        # a line that starts at the margin: a key being typed, unless it is inside a quoted value
        # (a block scalar always ends before a line that starts at the margin)
        if owner is not None and not owner.broken and _inside_text(owner, local, ("'", '"')):
            return None
        if before and not _KEY_WORD.match(before):
            return None
        return Slot("key", None, before, ls, _token_end(text, local, line_end))
    if owner is None or owner.swallowed:
        return None
    return _continuation_slot(fm, owner, local, ls, line_text, line_end)


def _inside_text(f: Field, local: int, styles: tuple[str, ...] = ("'", '"', "|", ">")) -> bool:
    """Whether the offset is inside a quoted or block scalar value of the field."""
    v = f.value
    return isinstance(v, Scalar) and v.start < local <= v.end and bool(v.style) and v.style in styles


def _value_slot(fm: Frontmatter, f: Field, local: int, after_colon: int, line_end: int) -> Slot | None:
    """The cursor is after `key:` on the key's own line."""
    text = fm.parsed.text
    v = f.value
    if isinstance(v, (Mapping,)) or (isinstance(v, Sequence) and not v.flow):
        return None
    start = after_colon
    while start < local and text[start] in " \t":
        start += 1
    raw = text[start:local]
    if raw.startswith("["):
        return _flow_slot(f, text, start, local, line_end)
    if isinstance(v, Scalar) and v.style in ("|", ">"):
        return None
    if raw[:1] in ("'", '"'):
        start += 1
        raw = raw[1:]
    end = _value_end(text, local, line_end)
    while end > local and text[end - 1] in "\"'":
        end -= 1
    return Slot("value", f, raw, start, max(end, local), "string")


def _flow_slot(f: Field, text: str, bracket: int, local: int, line_end: int) -> Slot | None:
    inside = text[bracket + 1 : local]
    if "]" in inside:
        return None
    prefix, at = last_item(inside)
    start = bracket + 1 + at
    end = _token_end(text, local, line_end)
    return Slot("item", f, prefix, start, end, "flow")


def _continuation_slot(fm: Frontmatter, f: Field, local: int, ls: int, line_text: str, line_end: int) -> Slot | None:
    """The cursor is on an indented line below `key:`: a block list item, or a flow list going on."""
    text = fm.parsed.text
    v = f.value
    if _inside_text(f, local):
        return None
    dash = _DASH.match(line_text)
    if dash is not None and (isinstance(v, Sequence) and not v.flow or v is None or f.broken):
        item_start = ls + dash.end()
        if local < item_start:
            return None
        if isinstance(v, Sequence) and any(isinstance(n, Mapping) and n.start <= local <= n.end for n in v.items):
            return None
        return Slot("item", f, text[item_start:local], item_start, max(_value_end(text, local, line_end), local), "block")
    raw_start = v.start if v is not None else -1
    if raw_start >= 0 and text[raw_start : raw_start + 1] == "[" and (f.broken or (isinstance(v, Sequence) and v.flow)):
        return _flow_slot(f, text, raw_start, local, line_end)
    return None


def hit_at(fm: Frontmatter, local: int) -> Hit | None:
    """The key, list item or scalar value at a local offset."""
    for f in fm.fields:
        k = f.key_node
        if k.start <= local <= k.end:
            return Hit(f, "key", f.key, k.start, k.end)
        v = f.value
        if v is None or not (v.start <= local <= v.end):
            continue
        if isinstance(v, Sequence) or (isinstance(v, Scalar) and "," in v.value and not v.style):
            for item in list_items(fm, f):
                if item.start <= local <= item.end:
                    return Hit(f, "item", item.text, item.start, item.end, item)
            return None
        if isinstance(v, Scalar):
            return Hit(f, "value", v.value, v.start, v.end)
        return None
    return None


_ARGUMENT = re.compile(r"[^,\s)][^,)]*")


def arguments(entry: str) -> list[tuple[str, int, int]]:
    """The arguments of an entry like `Agent(a, b)`, each with its offsets in `entry`."""
    paren = entry.find("(")
    if paren < 0:
        return []
    out = []
    for m in _ARGUMENT.finditer(entry, paren + 1):
        word = m.group(0).rstrip()
        out.append((word, m.start(), m.start() + len(word)))
    return out


def argument_at(hit: Hit, local: int) -> tuple[str, int, int] | None:
    """Inside an entry like `Agent(a, b)`: the argument at a local offset, with its range."""
    for word, a, b in arguments(hit.text):
        if hit.start + a <= local <= hit.start + b:
            return word, hit.start + a, hit.start + b
    return None


# ---- the body -------------------------------------------------------------------------------

BodyKind = Literal["code", "mcp"]
_MCP_TAIL = re.compile(r"mcp__[\w.-]*$")
_MCP_WORD = re.compile(r"mcp__[\w.*-]+")


@dataclass(frozen=True, slots=True)
class BodySlot:
    """What is being typed at the cursor in the body."""

    kind: BodyKind  # code: right after an opening backtick; mcp: an `mcp__` name being typed
    prefix: str
    start: int  # document offsets
    end: int


def body_slot(doc: Document, offset: int) -> BodySlot | None:
    """The token being typed in the body at a document offset: after a backtick, or `mcp__...`."""
    if doc.split is not None and offset < doc.split.body_start:
        return None
    idx = doc.index
    line = idx.line_of(offset)
    local_line = line - doc.body.line_offset
    if local_line < 0 or local_line in doc.body.parsed.code_lines:
        return None
    ls = idx.starts[line]
    line_text = idx.line_text(line)
    before = line_text[: offset - ls]
    end = _token_end(doc.text, offset, ls + len(line_text))
    m = _MCP_TAIL.search(before)
    if m is not None:
        return BodySlot("mcp", m.group(0), ls + m.start(), end)
    tick = before.rfind("`")
    if tick >= 0 and before.count("`") % 2 == 1:
        token = before[tick + 1 :]
        if re.fullmatch(r"[A-Za-z]\w*|", token):
            end = ls + len(line_text)
            close = doc.text.find("`", offset, end)
            return BodySlot("code", token, ls + tick + 1, close if close >= 0 else _token_end(doc.text, offset, end))
    return None


def body_word_at(doc: Document, offset: int) -> tuple[str, int, int] | None:
    """The code span text or `mcp__` name under a document offset in the body."""
    if doc.split is not None and offset < doc.split.body_start:
        return None
    idx = doc.index
    line = idx.line_of(offset)
    ls = idx.starts[line]
    line_text = idx.line_text(line)
    col = offset - ls
    for m in _MCP_WORD.finditer(line_text):
        if m.start() <= col <= m.end():
            return m.group(0).rstrip("."), ls + m.start(), ls + m.start() + len(m.group(0).rstrip("."))
    local_line = line - doc.body.line_offset
    shift = 1 if doc.split is None and line == 0 and doc.text.startswith("\ufeff") else 0
    for span in doc.body.code_spans:
        if span.line != local_line:
            continue
        s, e = ls + shift + span.start, ls + shift + span.end
        if s <= offset <= e:
            raw = doc.text[s:e]
            ticks = len(raw) - len(raw.lstrip("`"))
            inner = raw[ticks : len(raw) - ticks]
            lead = len(inner) - len(inner.lstrip())
            word = inner.strip()
            return word, s + ticks + lead, s + ticks + lead + len(word)
    return None


def _mcp_words(line_text: str, start: int) -> list[tuple[str, int, int]]:
    """The `mcp__` names on one line starting at document offset `start` (a sentence's final
    period is not part of the name)."""
    out = []
    for m in _MCP_WORD.finditer(line_text):
        word = m.group(0).rstrip(".")
        out.append((word, start + m.start(), start + m.start() + len(word)))
    return out


def body_mcp_words(doc: Document) -> list[tuple[str, int, int]]:
    """Every `mcp__` name written in the body, with its document offsets (the names go to
    definition follows)."""
    first = doc.split.body_start if doc.split is not None else 0
    idx = doc.index
    out: list[tuple[str, int, int]] = []
    for line in range(idx.line_of(first), idx.line_count):
        text = idx.line_text(line)
        if "mcp__" in text:
            out.extend(w for w in _mcp_words(text, idx.starts[line]) if w[1] >= first)
    return out
