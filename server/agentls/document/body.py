"""The markdown body: headings, paragraphs, list items, table rows, code, with ranges.

The body is parsed on its own (markdown-it-py's block parser), so its model can be reused
when only the frontmatter changes. Lines are local to the body; `Body.line_offset` turns them
into document lines.
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from agentls.document.positions import LineIndex, Position, Range

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "fence", "code", "html", "quote"]

_MD = None  # markdown-it's parser, made on first use (the server answers `initialize` sooner)


def _markdown():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _MD


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_EXAMPLE_OPEN = re.compile(r"<(example|commentary)\b[^>]*>", re.IGNORECASE)


@dataclass(slots=True)
class Block:
    kind: BlockKind
    line: int  # first line (body-local)
    end_line: int  # one past the last line
    level: int = 0  # heading level, or list nesting depth
    text: str = ""  # heading text, fence info string
    ordered: bool = False


@dataclass(slots=True)
class CodeSpan:
    line: int
    start: int  # column (code points) of the opening backtick
    end: int  # column just past the closing backtick
    text: str  # the code inside


@dataclass(slots=True)
class ParsedBody:
    text: str
    index: LineIndex
    blocks: list[Block]
    code_spans: list[CodeSpan]
    code_lines: frozenset[int]  # lines inside fenced or indented code
    example_lines: frozenset[int]  # lines inside <example>/<commentary> blocks
    tops: tuple[tuple[int, str], ...] = ()  # (line, markdown-it token type) of each top-level block

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    @property
    def fences(self) -> list[Block]:
        return [b for b in self.blocks if b.kind in ("fence", "code")]


def _example_lines(text: str, index: LineIndex) -> frozenset[int]:
    lines: set[int] = set()
    low = text.lower()
    found: dict[str, tuple[int, int]] = {}  # tag -> (searched from, first close at or after it)
    covered = -1  # the last line already added: spans are added once (linear in the text)
    for m in _EXAMPLE_OPEN.finditer(text):
        tag = m.group(1).lower()
        since, close = found.get(tag, (-1, -1))
        if since < 0 or (close >= 0 and close < m.end()):
            close = low.find(f"</{tag}>", m.end())
            found[tag] = (m.end(), close)
        end = close if close >= 0 else m.end()
        first, last = index.line_of(m.start()), index.line_of(end)
        lines.update(range(max(first, covered + 1), last + 1))
        covered = max(covered, last)
    return frozenset(lines)


_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_LONE_CR = re.compile(r"\r(?!\n)")


def _scan(text: str, base: int) -> tuple[list[Block], set[int], set[int], list[tuple[int, str]]]:
    """Blocks, code lines, inline lines and top-level block starts of `text`, whose first
    line is line `base` of the body."""
    tokens: list = []
    if "\r" in text:  # markdown-it breaks lines only at \n; a lone \r is a line break too (same length)
        text = _LONE_CR.sub("\n", text)
    try:
        md = _markdown()
        md.block.parse(text, md, {}, tokens)
    except Exception:  # pragma: no cover - markdown-it is tolerant; stay up if it is not
        tokens = []
    blocks: list[Block] = []
    code_lines: set[int] = set()
    inline_lines: set[int] = set()
    tops: list[tuple[int, str]] = []
    depth = 0
    ordered: list[bool] = []
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in _LIST_OPEN:
            depth += 1
            ordered.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered.pop()
        if tok.map is None:
            continue
        a, b = tok.map[0] + base, tok.map[1] + base
        if tok.level == 0 and tok.nesting >= 0:
            tops.append((a, t))
        if t == "heading_open":
            inline = tokens[i + 1].content if i + 1 < len(tokens) else ""
            blocks.append(Block("heading", a, b, int(tok.tag[1:]), inline.strip()))
            inline_lines.update(range(a, b))
        elif t == "paragraph_open":
            blocks.append(Block("paragraph", a, b, depth))
            inline_lines.update(range(a, b))
        elif t == "list_item_open":
            blocks.append(Block("list_item", a, b, depth, ordered=bool(ordered and ordered[-1])))
        elif t == "tr_open":
            blocks.append(Block("table_row", a, b))
            inline_lines.update(range(a, b))
        elif t in ("fence", "code_block"):
            blocks.append(Block("fence" if t == "fence" else "code", a, b, text=tok.info.strip()))
            inner = range(a + 1, b - 1) if t == "fence" else range(a, b)
            code_lines.update(inner)
        elif t == "html_block":
            blocks.append(Block("html", a, b))
            inline_lines.update(range(a, b))
        elif t == "blockquote_open":
            blocks.append(Block("quote", a, b))
    return blocks, code_lines, inline_lines, tops


def _code_spans(index: LineIndex, lines: set[int]) -> list[CodeSpan]:
    spans: list[CodeSpan] = []
    for ln in sorted(lines):
        line = index.line_text(ln)
        if "`" not in line:
            continue
        for m in _CODE_SPAN.finditer(line):
            spans.append(CodeSpan(ln, m.start(), m.end(), m.group(2).strip()))
    return spans


_CACHE: OrderedDict[str, ParsedBody] = OrderedDict()
_CACHE_SIZE = 128


def _cached(text: str, parsed: ParsedBody | None = None) -> ParsedBody | None:
    if parsed is not None:
        _CACHE[text] = parsed
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return parsed
    hit = _CACHE.get(text)
    if hit is not None:
        _CACHE.move_to_end(text)
    return hit


def parse_body(text: str) -> ParsedBody:
    """Parse a markdown body into blocks and code spans (cached by text)."""
    hit = _cached(text)
    if hit is not None:
        return hit
    index = LineIndex(text)
    blocks, code_lines, inline_lines, tops = _scan(text, 0)
    spans = _code_spans(index, inline_lines - code_lines)
    parsed = ParsedBody(text, index, blocks, spans, frozenset(code_lines), _example_lines(text, index), tuple(tops))
    return _cached(text, parsed)  # type: ignore[return-value]


parse_body.cache_clear = _CACHE.clear  # type: ignore[attr-defined]  # as with functools.lru_cache


# ---- incremental re-parse -----------------------------------------------------------------------
#
# A keystroke changes a few lines. Markdown blocks are parsed top-down, so the parse from the
# start of a top-level block depends only on the lines from there on. `reparse_body` re-parses
# from a safe top-level block before the change to the first top-level block after it that also
# starts a block in the previous parse (from there on, both parses are the same, shifted by the
# lines added or removed), and keeps the previous model elsewhere.

INCREMENTAL_MIN_CHARS = 8_000  # below this a full parse is as fast
_CHUNK = 4096


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix (compared a chunk at a time, then by halving)."""
    n = min(len(a), len(b))
    i = 0
    while i + _CHUNK <= n and a[i : i + _CHUNK] == b[i : i + _CHUNK]:
        i += _CHUNK
    lo, hi = i, min(i + _CHUNK, n)  # a[:lo] == b[:lo]; the prefix ends by hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[i:mid] == b[i:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of a and b, at most `limit`."""
    la, lb = len(a), len(b)
    k = 0
    while k + _CHUNK <= limit and a[la - k - _CHUNK : la - k] == b[lb - k - _CHUNK : lb - k]:
        k += _CHUNK
    lo, hi = k, min(k + _CHUNK, limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid : la - k] == b[lb - mid : lb - k]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _restart_line(prev: ParsedBody, changed: int) -> int:
    """A top-level block start at or before line `changed` from which parsing can restart:
    a blank line before it, and before that a block that a later line cannot extend."""
    tops = prev.tops
    j = bisect.bisect_right(tops, (changed, "\uffff")) - 1
    while j > 0:
        line = tops[j][0]
        if tops[j - 1][1] not in _LIST_OPEN and tops[j - 1][1] != "code_block" and not prev.index.line_text(line - 1).strip():
            return line
        j -= 1
    return 0


def _shift_blocks(blocks: list[Block], delta: int) -> list[Block]:
    if delta == 0:
        return blocks
    return [Block(b.kind, b.line + delta, b.end_line + delta, b.level, b.text, b.ordered) for b in blocks]


def reparse_body(text: str, prev: ParsedBody) -> ParsedBody:
    """Parse `text`, an edited version of `prev.text`, re-parsing only around the change.
    The result equals `parse_body(text)`."""
    if text == prev.text:
        return prev
    hit = _cached(text)
    if hit is not None:
        return hit
    old = prev.text
    if len(text) < INCREMENTAL_MIN_CHARS or not prev.tops or "\r" in text or "\r" in old:
        return parse_body(text)  # (markdown-it counts only \n as a line break: keep it simple)
    p = _common_prefix(old, text)
    s = _common_suffix(old, text, min(len(old), len(text)) - p)
    index = LineIndex(text)
    delta = index.line_count - prev.index.line_count
    changed = prev.index.line_of(p)
    start = _restart_line(prev, changed)
    suffix_at = len(text) - s
    # the first new line that lies wholly in the common suffix and starts a line in both texts
    first_same = index.line_of(suffix_at)
    old_at = len(old) - s
    if index.starts[first_same] != suffix_at or (old_at > 0 and old[old_at - 1] != "\n"):
        first_same += 1
    old_tops = {line for line, _ in prev.tops}
    extra = 8
    while True:
        end = min(index.line_count, max(first_same, changed + 1) + extra)
        chunk_end = index.starts[end] if end < index.line_count else len(text)
        blocks, code, inline, tops = _scan(text[index.starts[start] : chunk_end], start)
        if end >= index.line_count:
            join = None
            break
        join = next((line for line, _ in tops if line >= first_same and line + 2 <= end and line - delta in old_tops), None)
        if join is not None:
            break
        extra *= 4
    keep = bisect.bisect_left(prev.blocks, start, key=lambda b: b.line)
    new_blocks = prev.blocks[:keep]
    new_code = {ln for ln in prev.code_lines if ln < start}
    keep_spans = bisect.bisect_left(prev.code_spans, start, key=lambda c: c.line)
    spans = prev.code_spans[:keep_spans]
    keep_tops = bisect.bisect_left(prev.tops, (start, ""))
    new_tops = list(prev.tops[:keep_tops])
    if join is None:
        new_blocks = new_blocks + blocks
        new_code |= code
        spans = spans + _code_spans(index, inline - code)
        new_tops += tops
    else:
        old_join = join - delta
        new_blocks = new_blocks + [b for b in blocks if b.line < join]
        new_blocks += _shift_blocks(prev.blocks[bisect.bisect_left(prev.blocks, old_join, key=lambda b: b.line) :], delta)
        new_code |= {ln for ln in code if ln < join}
        new_code |= {ln + delta for ln in prev.code_lines if ln >= old_join}
        spans = spans + _code_spans(index, {ln for ln in inline - code if ln < join})
        tail = prev.code_spans[bisect.bisect_left(prev.code_spans, old_join, key=lambda c: c.line) :]
        spans += tail if delta == 0 else [CodeSpan(c.line + delta, c.start, c.end, c.text) for c in tail]
        new_tops += [t for t in tops if t[0] < join]
        new_tops += [(line + delta, t) for line, t in prev.tops[bisect.bisect_left(prev.tops, (old_join, "")) :]]
    parsed = ParsedBody(text, index, new_blocks, spans, frozenset(new_code), _example_lines(text, index), tuple(new_tops))
    return _cached(text, parsed)  # type: ignore[return-value]


@dataclass(slots=True)
class Body:
    """The body of one document, placed at its line in the document."""

    parsed: ParsedBody
    line_offset: int

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def blocks(self) -> list[Block]:
        return self.parsed.blocks

    @property
    def headings(self) -> list[Block]:
        return self.parsed.headings

    @property
    def code_spans(self) -> list[CodeSpan]:
        return self.parsed.code_spans

    def line_text(self, local_line: int) -> str:
        return self.parsed.index.line_text(local_line)

    @property
    def line_count(self) -> int:
        return self.parsed.index.line_count if self.parsed.text else 0

    def position(self, local_line: int, column: int) -> Position:
        """Document position of a code-point column on a body-local line."""
        idx = self.parsed.index
        p = idx.position(idx.starts[local_line] + column) if local_line < idx.line_count else Position(local_line, 0)
        return Position(p.line + self.line_offset, p.character)

    def range(self, local_line: int, start: int, end: int, end_line: int | None = None) -> Range:
        return Range(self.position(local_line, start), self.position(local_line if end_line is None else end_line, end))

    def line_range(self, local_line: int) -> Range:
        """The range of a line's text without its leading indentation."""
        text = self.line_text(local_line)
        lead = len(text) - len(text.lstrip())
        return self.range(local_line, lead, max(lead, len(text.rstrip())))

    def doc_line(self, local_line: int) -> int:
        return local_line + self.line_offset

