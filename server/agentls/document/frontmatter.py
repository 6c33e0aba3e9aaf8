"""Find the frontmatter block and read it the three ways that matter.

1. strict YAML, as any YAML tool reads it;
2. the lenient way Claude Code reads it (a single-line plain value containing `: ` loads);
3. entry by entry, when even that fails, so a half-typed line never blinds the other features.

All offsets in the parsed model are local to the frontmatter content, which always starts at
the beginning of a line; `Frontmatter.line_offset` turns local lines into document lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from agentls.document.positions import LineIndex, Position, Range
from agentls.lazy import compile_later
from agentls.document.yaml_tree import Mapping, Node, Pair, ParseResult, Scalar, Sequence, YamlError, parse_yaml

_DELIM = compile_later(r"[ \t]*(-{3,})[ \t]*$")
_KEY_LINE = compile_later(r"([A-Za-z_$][\w.$-]*)[ \t]*:(?=[ \t]|$)")
_PLAIN_VALUE = compile_later(r"([A-Za-z_$][\w.$-]*)[ \t]*:[ \t]+(?P<value>[^\s\"'\[{|>&*!%#].*?)[ \t]*$")

# Characters no YAML reader accepts unescaped (control characters, non-characters, lone surrogates).
_UNREADABLE = compile_later("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Mode = Literal["strict", "lenient", "partial", "invalid"]


@dataclass(slots=True)
class Split:
    """Where the frontmatter is within the document (all offsets are document offsets)."""

    open_line: int
    open_start: int  # offset of the opening delimiter line
    content_start: int
    content_end: int
    close_line: int | None  # None when the block is never closed
    body_start: int  # offset where the markdown body begins
    body_line: int
    leading_text: bool = False  # blank or indented lines before the opening delimiter
    indented_open: bool = False
    long_close: bool = False  # closing delimiter of more than three dashes


def split_frontmatter(text: str, index: LineIndex) -> Split | None:
    """Locate the frontmatter; None when the file has none."""
    first = 1 if text.startswith("\ufeff") else 0
    line = 0
    while line < index.line_count:
        raw = index.line_text(line)
        if line == 0 and first:
            raw = raw[1:]
        if raw.strip():
            break
        line += 1
    else:
        return None
    m = _DELIM.fullmatch(raw)
    if not m or len(m.group(1)) != 3:
        return None
    content_line = line + 1
    close = None
    long_close = False
    indent = raw[: len(raw) - len(raw.lstrip())]
    for ln in range(content_line, index.line_count):
        cm = _DELIM.fullmatch(index.line_text(ln))
        if cm and index.line_text(ln)[: len(indent) + 1].rstrip("-") == indent:
            close, long_close = ln, len(cm.group(1)) > 3
            break
    content_start = index.starts[content_line] if content_line < index.line_count else len(text)
    if close is None:
        # Unclosed: the block runs to the first markdown heading, or to the end.
        end_line = index.line_count
        for ln in range(content_line, index.line_count):
            if index.line_text(ln).startswith("#") and re.match(r"#{1,6}\s", index.line_text(ln)):
                end_line = ln
                break
        content_end = index.starts[end_line] if end_line < index.line_count else len(text)
        body_start, body_line = content_end, end_line
    else:
        content_end = index.starts[close]
        body_line = close + 1
        body_start = index.starts[body_line] if body_line < index.line_count else len(text)
    return Split(
        open_line=line,
        open_start=index.starts[line] + (first if line == 0 else 0),
        content_start=content_start,
        content_end=content_end,
        close_line=close,
        body_start=body_start,
        body_line=body_line,
        leading_text=line > 0,
        indented_open=raw[:1] in (" ", "\t"),
        long_close=long_close,
    )


@dataclass(slots=True)
class Field:
    """One top-level `key: value` entry, in local offsets."""

    key: str
    key_node: Scalar
    value: Node | None
    broken: bool = False  # this entry could not be read as YAML
    swallowed: bool = False  # a continuation line of another value that YAML took for a key

    @property
    def readable(self) -> bool:
        """The value was read as YAML (not raw text of a broken or swallowed entry)."""
        return not (self.broken or self.swallowed)


@dataclass(slots=True)
class ParsedFrontmatter:
    """The frontmatter content read as well as it can be (cacheable by its text)."""

    text: str
    index: LineIndex
    mode: Mode
    fields: list[Field]
    strict_error: YamlError | None = None
    limited: str | None = None
    not_a_mapping: bool = False
    masked: dict[int, str] = field(default_factory=dict)  # start offset -> raw plain value

    @property
    def claude_loads(self) -> bool:
        """Whether Claude Code's own reader accepts this frontmatter."""
        return self.mode in ("strict", "lenient") and not self.not_a_mapping and not self.limited

    def get(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


def _fields_of(root: Node | None) -> tuple[list[Field], bool]:
    if root is None:
        return [], False
    if not isinstance(root, Mapping):
        if isinstance(root, Scalar) and root.value == "":
            return [], False
        return [], True
    out: list[Field] = []
    for pair in root.pairs:
        if isinstance(pair.key, Scalar):
            out.append(Field(pair.key.value, pair.key, pair.value))
    return out, False


def _mask_plain_values(text: str, index: LineIndex, lines: range | None = None) -> dict[int, str]:
    """Top-level single-line plain values that strict YAML rejects but Claude Code reads."""
    masked: dict[int, str] = {}
    for ln in lines if lines is not None else range(index.line_count):
        raw = index.line_text(ln)
        m = _PLAIN_VALUE.match(raw)
        if not m:
            continue
        value = m.group("value")
        if _UNREADABLE.search(value):
            continue  # a control character: no YAML reader takes it, however lenient
        if ": " in value or value.endswith(":") or value.startswith(("`", "@")):
            nxt = index.line_text(ln + 1) if ln + 1 < index.line_count else ""
            if nxt.startswith((" ", "\t")) and nxt.strip() and not nxt.lstrip().startswith("#"):
                continue  # a multi-line value: not the single-line case Claude Code accepts
            masked[index.starts[ln] + m.start("value")] = value
    return masked


def _apply_mask(text: str, masked: dict[int, str]) -> str:
    parts: list[str] = []
    last = 0
    for start in sorted(masked):
        value = masked[start]
        parts.append(text[last:start])
        parts.append('"' + "x" * (len(value) - 2) + '"' if len(value) >= 2 else "x" * len(value))
        last = start + len(value)
    parts.append(text[last:])
    return "".join(parts)


def _unmask(fields: list[Field], masked: dict[int, str]) -> None:
    for f in fields:
        v = f.value
        if isinstance(v, Scalar) and v.start in masked:
            f.value = Scalar(masked[v.start], v.start, v.start + len(masked[v.start]), None)


def _shift(node: Node, delta: int) -> None:
    """Move a parsed node (and everything in it) by `delta` characters."""
    node.start += delta
    node.end += delta
    if isinstance(node, Sequence):
        for item in node.items:
            _shift(item, delta)
    elif isinstance(node, Mapping):
        for pair in node.pairs:
            _shift(pair.key, delta)
            if pair.value is not None:
                _shift(pair.value, delta)


def _entry_lines(index: LineIndex) -> list[int]:
    return [ln for ln in range(index.line_count) if _KEY_LINE.match(index.line_text(ln))]


def _parse_partial(text: str, index: LineIndex) -> list[Field]:
    """Read each top-level entry on its own; an unreadable entry keeps its raw text."""
    starts = _entry_lines(index)
    fields: list[Field] = []
    for i, ln in enumerate(starts):
        end_ln = starts[i + 1] if i + 1 < len(starts) else index.line_count
        a = index.starts[ln]
        b = index.starts[end_ln] if end_ln < index.line_count else len(text)
        chunk = text[a:b]  # parsed alone (linear in the text), its offsets shifted back below
        result = parse_yaml(chunk)
        masked: dict[int, str] = {}
        if result.error is not None:
            masked = _mask_plain_values(text, index, range(ln, ln + 1))
            if masked:
                result = parse_yaml(_apply_mask(chunk, {k - a: v for k, v in masked.items()}))
        got, _ = _fields_of(result.root) if result.error is None else ([], False)
        if got:
            for f in got:
                _shift(f.key_node, a)
                if f.value is not None:
                    _shift(f.value, a)
            _unmask(got, masked)
            fields.extend(got)
            continue
        m = _KEY_LINE.match(index.line_text(ln))
        assert m is not None
        key = m.group(1)
        key_node = Scalar(key, a + m.start(1), a + m.end(1))
        rest_start = a + m.end()
        raw = text[rest_start:b]
        stripped = raw.strip()
        value = None
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            value = Scalar(stripped, rest_start + lead, rest_start + lead + len(stripped), None)
        fields.append(Field(key, key_node, value, broken=True))
    return fields


@lru_cache(maxsize=256)
def parse_frontmatter(text: str) -> ParsedFrontmatter:
    """Read frontmatter content strictly, then leniently, then entry by entry."""
    index = LineIndex(text)
    strict: ParseResult = parse_yaml(text)
    if strict.error is None and strict.limited is None:
        fields, not_map = _fields_of(strict.root)
        return ParsedFrontmatter(text, index, "strict", fields, not_a_mapping=not_map)
    if strict.limited is not None:
        fields, not_map = _fields_of(strict.root)
        return ParsedFrontmatter(text, index, "invalid", fields, None, strict.limited, not_map)
    masked = _mask_plain_values(text, index)
    if masked:
        lenient = parse_yaml(_apply_mask(text, masked))
        if lenient.error is None and lenient.limited is None:
            fields, not_map = _fields_of(lenient.root)
            _unmask(fields, masked)
            return ParsedFrontmatter(text, index, "lenient", fields, strict.error, None, not_map, masked)
    fields = _parse_partial(text, index)
    _mark_swallowed(fields, index, strict.error)
    return ParsedFrontmatter(text, index, "partial", fields, strict.error)


def _mark_swallowed(fields: list[Field], index: LineIndex, error: YamlError | None) -> None:
    """Flag unknown keys that are really continuation lines of the value before them."""
    from agentls.schema import is_known_field  # local import: schema imports nothing from here

    if error is None:
        return
    err_line = index.line_of(error.offset)
    owner: Field | None = None
    for f in fields:
        line = index.line_of(f.key_node.start)
        if is_known_field(f.key):
            if line > err_line:
                break
            owner = f
        elif owner is not None and isinstance(owner.value, Scalar) and owner.value.value:
            f.swallowed = True


def swallowed_span(parsed: ParsedFrontmatter) -> tuple[Field, int] | None:
    """The field whose value continues on unindented lines, and the local line it ends on."""
    if parsed.strict_error is None or parsed.mode != "partial":
        return None
    idx = parsed.index
    owner: Field | None = None
    end_line = idx.line_count - 1
    for i, f in enumerate(parsed.fields):
        if f.swallowed:
            if owner is None:
                owner = parsed.fields[i - 1] if i > 0 else None
            continue
        if owner is not None:
            end_line = idx.line_of(f.key_node.start) - 1
            break
    if owner is None:
        return None
    while end_line > 0 and not idx.line_text(end_line).strip():
        end_line -= 1
    return owner, end_line


@dataclass(slots=True)
class Frontmatter:
    """The frontmatter of one document: where it is and what it says."""

    split: Split
    parsed: ParsedFrontmatter

    @property
    def line_offset(self) -> int:
        return self.split.open_line + 1

    @property
    def fields(self) -> list[Field]:
        return self.parsed.fields

    def get(self, key: str) -> Field | None:
        return self.parsed.get(key)

    def scalar(self, key: str) -> str | None:
        """The text of a field whose value is a scalar, else None."""
        f = self.parsed.get(key)
        return f.value.value if f is not None and isinstance(f.value, Scalar) else None

    def position(self, offset: int) -> Position:
        p = self.parsed.index.position(offset)
        return Position(p.line + self.line_offset, p.character)

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def node_range(self, node: Node | Pair | Field) -> Range:
        if isinstance(node, Field):
            end_node = node.value if node.value is not None else node.key_node
            return self.range(node.key_node.start, end_node.end)
        if isinstance(node, Pair):
            end = node.value.end if node.value is not None else node.key.end
            return self.range(node.key.start, end)
        return self.range(node.start, node.end)

    def doc_offset(self, local: int) -> int:
        return self.split.content_start + local
