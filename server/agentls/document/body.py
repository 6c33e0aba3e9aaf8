"""The markdown body: headings, paragraphs, list items, table rows, code, with ranges.

The body is parsed on its own (markdown-it-py's block parser), so its model can be reused
when only the frontmatter changes. Lines are local to the body; `Body.line_offset` turns them
into document lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt

from agentls.document.positions import LineIndex, Position, Range

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "fence", "code", "html", "quote"]

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
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


@lru_cache(maxsize=128)
def parse_body(text: str) -> ParsedBody:
    """Parse a markdown body into blocks and code spans (cached by text)."""
    index = LineIndex(text)
    tokens: list = []
    try:
        _MD.block.parse(text, _MD, {}, tokens)
    except Exception:  # pragma: no cover - markdown-it is tolerant; stay up if it is not
        tokens = []
    blocks: list[Block] = []
    code_lines: set[int] = set()
    inline_lines: set[int] = set()
    depth = 0
    ordered: list[bool] = []
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            ordered.append(t == "ordered_list_open")
        elif t in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered.pop()
        if tok.map is None:
            continue
        a, b = tok.map
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
    spans: list[CodeSpan] = []
    for ln in sorted(inline_lines - code_lines):
        line = index.line_text(ln)
        if "`" not in line:
            continue
        for m in _CODE_SPAN.finditer(line):
            spans.append(CodeSpan(ln, m.start(), m.end(), m.group(2).strip()))
    return ParsedBody(text, index, blocks, spans, frozenset(code_lines), _example_lines(text, index))


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
        return self.range(local_line, lead, len(text.rstrip()))

    def doc_line(self, local_line: int) -> int:
        return local_line + self.line_offset

