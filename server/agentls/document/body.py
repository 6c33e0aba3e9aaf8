"""The markdown body: headings, paragraphs, list items, table rows, code, with ranges.

The body is parsed on its own, so its model can be reused when only the frontmatter changes.
Lines are local to the body; `Body.line_offset` turns them into document lines.

The block structure comes from markdown-it-pyrs (compiled) when it is installed, else from
markdown-it-py; both give the same model (tests/unit/test_body_parsers.py compares them).
"""

from __future__ import annotations

import bisect
import re
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Literal

from agentls.document.positions import LineIndex, Position, Range

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "fence", "code", "html", "quote"]

_MD: Any = None  # markdown-it-py's parser, made on first use (the server answers `initialize` sooner)
_FAST: Any = None  # markdown-it-pyrs' parser, or False when it is not installed


def _markdown() -> Any:
    """markdown-it-py's parser: the fallback, and the reference in the tests."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable("table")
    return _MD


# The block rules of markdown-it-py's "commonmark" preset plus tables; no inline rules (the
# model needs no inline structure).
_FAST_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "html_block", "table"]


def _fast() -> Any:
    """markdown-it-pyrs' parser, or False when it cannot be imported."""
    global _FAST
    if _FAST is None:
        try:
            from markdown_it_pyrs import MarkdownIt
        except ImportError:
            _FAST = False
        else:
            _FAST = MarkdownIt("zero").enable_many(_FAST_RULES)
    return _FAST


def load_parser() -> None:
    """Make the body parser now (before worker processes fork, say)."""
    if not _fast():
        _markdown()


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_EXAMPLE_OPEN = re.compile(r"<(example|commentary)\b[^>]*>", re.IGNORECASE)


@dataclass(slots=True)
class Block:
    """A markdown block of the body: a heading, paragraph, list item, fence..."""

    kind: BlockKind
    line: int  # first line (body-local)
    end_line: int  # one past the last line
    level: int = 0  # heading level, or list nesting depth
    text: str = ""  # heading text, fence info string
    ordered: bool = False


@dataclass(slots=True)
class CodeSpan:
    """An inline code span of one line."""

    line: int
    start: int  # column (code points) of the opening backtick
    end: int  # column just past the closing backtick
    text: str  # the code inside


@dataclass(slots=True)
class ParsedBody:
    """The body's blocks, code spans and the lines that are code or examples."""

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
_CR = re.compile(r"\r\n?")

Scan = tuple[list[Block], set[int], set[int], list[tuple[int, str]]]


def _scan(text: str, base: int) -> Scan:
    """Blocks, code lines, inline lines and top-level block starts (line, markdown-it-py token
    type) of `text`, whose first line is line `base` of the body."""
    fast = _fast()
    if fast:
        try:
            return _scan_fast(fast, text, base)
        except _Unsure:
            pass
    return _scan_py(text, base)


def _scan_py(text: str, base: int) -> Scan:
    """`_scan` with markdown-it-py's block parser."""
    tokens: list = []
    if "\r" in text:  # its block parser breaks lines only at \n; \r\n and \r break them too (lines stay put)
        text = _CR.sub("\n", text)
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


# ---- the compiled parser ------------------------------------------------------------------------
#
# markdown-it-pyrs gives a tree of nodes whose `srcmap` is (start, end) in UTF-8 bytes: `start` on
# the block's first line, `end` at the end of its last line (markdown-it-py's map is [first line,
# one past the last]). Line breaks are \n, \r\n and \r, as in LineIndex. A paragraph of a tight
# list has no node of its own: its inline nodes sit in the list item, and as their srcmap can be off
# by a few bytes after a tab, its lines are found from the block before it and its text.
#
# The two libraries read a few odd constructs differently. The model follows markdown-it-py: a text
# with any of them raises _Unsure and is left to markdown-it-py (tests/unit/test_body_parsers.py
# shows each case).

# Whitespace to one library and not to the other (in link destinations, HTML tags, tables).
_ODD_ASCII_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"
_ODD_SPACES = "\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
# A lower-case declaration starts an HTML block (CommonMark 0.31) in markdown-it-py only.
_LOWER_CASE_DECLARATION = re.compile(rb"<![a-z]")
# A container takes at least one column of each line it holds, so nesting is bounded by the run of
# marks and spaces a line starts with; a very long run could exhaust the compiled parser's stack
# (at tens of thousands of levels).
_DEEP_RUN = 5000
_DEEP = re.compile(rb"[\r\n][ \t>*+\-.)0-9]{%d}" % _DEEP_RUN)
# markdown-it-py parses nothing inside a container whose token level reaches maxNesting - 1 (19 in
# its "commonmark" preset); markdown-it-pyrs has no such limit.
_MAX_LEVEL = 19
# In a paragraph in a block quote (a lazy continuation), a link reference definition and a table,
# markdown-it-pyrs reads on over a line that starts an empty list item or an ordered one not
# numbered 1; markdown-it-py starts a list there.
_LIST_MARK = re.compile(rb"(?:^|(?<=\r))[ \t>]*(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t\r\n]|$)", re.MULTILINE)
# In a list item, markdown-it-py keeps an unclosed HTML block of types 1-5 going over a blank line.
_HTML_TYPES_1_5 = [
    (re.compile(rb"<(?:script|pre|style|textarea)(?:[ \t\r\n>]|$)", re.IGNORECASE), re.compile(rb"</(?:script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(rb"<!--"), re.compile(rb"-->")),
    (re.compile(rb"<\?"), re.compile(rb"\?>")),
    (re.compile(rb"<!\[CDATA\["), re.compile(rb"\]\]>")),
    (re.compile(rb"<![A-Za-z]"), re.compile(rb">")),
]
# Tables: markdown-it-py tries them first (before fences, quotes, lists...), wants a `|` in the
# header row, and does not let a table end a block quote or start at a list marker (a lazy line);
# markdown-it-pyrs does none of these, and may end a paragraph where a table could start and then
# read none (before a delimiter row with a `:`). The end of a delimiter row, and a whole one:
_DELIMITER_END = re.compile(rb"-[|:\- \t]*(?=[\r\n]|\Z)")
_DELIMITER_ROW = re.compile(rb"[ \t>]*[|:-][|:\- \t]*")
# Link reference definitions: markdown-it-py takes a lone `\` for a destination and drops a whole
# definition whose title (on the next line) is followed by more text; markdown-it-pyrs does neither.
_LABEL = re.compile(rb"[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+[ \t>]*)*\[[^\r\n]*\]:")  # at the start of a line
_QUOTE_MARKS_ONLY = re.compile(rb"[ \t>]*(?:[\r\n]|\Z)")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_LIST_ITEM_START = re.compile(rb"(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t\r\n]|\Z)")
_MARKER_ALONE = re.compile(rb"(?:[-+*]|[0-9]+[.)])[ \t]*(?:[\r\n]|\Z)")  # a list item's empty first line

# node name -> the markdown-it-py token type that opens it (for `tops`)
_TOKEN = {
    "heading": "heading_open", "lheading": "heading_open", "paragraph": "paragraph_open", "blockquote": "blockquote_open",
    "bullet_list": "bullet_list_open", "ordered_list": "ordered_list_open", "table": "table_open", "fence": "fence",
    "code_block": "code_block", "html_block": "html_block", "hr": "hr",
}
_BLOCK_NODES = frozenset(_TOKEN) | {"list_item", "definition"}


class _Unsure(Exception):
    """markdown-it-py may read the text differently."""


def _scan_fast(md: Any, text: str, base: int) -> Scan:
    """`_scan` with markdown-it-pyrs; raises _Unsure where markdown-it-py may differ."""
    trimmed = text.rstrip(" \t")
    if not trimmed or trimmed[-1] in "\r\n":
        text = trimmed  # markdown-it-py has no last line that holds only spaces and tabs
    last = text[max(text.rfind("\n"), text.rfind("\r")) + 1 :]
    if ">" in last and not last.strip(" \t>"):  # markdown-it-py ends an open fence before it
        raise _Unsure
    if any(c in text for c in _ODD_ASCII_SPACES) or (not text.isascii() and any(c in text for c in _ODD_SPACES)):
        raise _Unsure
    src = text.encode()
    if b"<!" in src and _LOWER_CASE_DECLARATION.search(src):
        raise _Unsure
    starts, longest = _lines(src)
    if longest > _DEEP_RUN and _DEEP.search(b"\n" + src):
        raise _Unsure
    try:
        tree = md.tree(text)
    except BaseException as exc:  # a panic in the parser arrives as pyo3's PanicException, a BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        return [], set(), set(), []
    reader = _TreeReader(src, starts, base)
    reader.visit(tree.children, 0, 0, False)
    if b"|" in src or b":" in src:
        reader.check_tables()
    return reader.blocks, reader.code_lines, reader.inline_lines, reader.tops


def _lines(src: bytes) -> tuple[list[int], int]:
    """The offset of each line of `src`, and the length of the longest line."""
    if b"\r" in src:
        starts = [0, *[m.end() for m in _LINE_BREAK.finditer(src)]]
        return starts, max(b - a for a, b in zip(starts, [*starts[1:], len(src)]))
    lengths = [len(line) + 1 for line in src.split(b"\n")]
    return list(accumulate(lengths[:-1], initial=0)), max(lengths)


class _TreeReader:
    """Turns markdown-it-pyrs' tree of one text into `_scan`'s result."""

    def __init__(self, src: bytes, starts: list[int], base: int) -> None:
        self.src = src
        self.starts = starts
        self.base = base
        self.blocks: list[Block] = []
        self.code_lines: set[int] = set()
        self.inline_lines: set[int] = set()
        self.tops: list[tuple[int, str]] = []
        # local lines, for the checks
        self.tables: set[int] = set()  # first lines of tables
        self.fenced: set[int] = set()  # lines inside fences
        self.quote_ends: set[int] = set()  # end lines of block quotes
        self.definition_ends: set[int] = set()  # end lines of link reference definitions
        self.labels = b"]:" in src  # some line may be a link reference definition

    def line_end(self, line: int) -> int:
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.src)

    def visit(self, nodes: Any, level: int, depth: int, ordered: bool, first: int = -1, quoted: bool = False) -> None:
        """Add the blocks of `nodes`, at markdown-it-py token `level`, inside `depth` lists (the
        innermost `ordered`) and maybe a block quote; in a list item, `first` is the line its
        content starts on. Lines are local until added to the result (+ base)."""
        if level >= _MAX_LEVEL and nodes:
            raise _Unsure
        src, starts, base, blocks, inline_lines = self.src, self.starts, self.base, self.blocks, self.inline_lines
        bisect_right = bisect.bisect_right
        last = first  # where a tight list's paragraph starts: no blank line comes between its blocks
        run: list[str] = []  # the text of a tight list's paragraph
        for node in nodes:
            name = node.name
            if name not in _BLOCK_NODES:  # the inline content of a tight list's paragraph
                run.append(node.meta.get("content", ""))
                continue
            if run:
                last = self.tight_paragraph(last, run, depth, quoted)
                run = []
            span = node.srcmap
            if span is None:
                continue
            a, b = bisect_right(starts, span[0]) - 1, bisect_right(starts, span[1])
            last = b
            if level == 0 and name in _TOKEN:
                self.tops.append((a + base, _TOKEN[name]))
            if name == "paragraph":
                if quoted or self.labels or self.definition_ends:
                    self.check_paragraph(a, b, quoted)
                blocks.append(Block("paragraph", a + base, b + base, depth))
                inline_lines.update(range(a + base, b + base))
            elif name == "list_item":
                blocks.append(Block("list_item", a + base, b + base, depth, ordered=ordered))
                start = a + 1 if _MARKER_ALONE.match(src, span[0]) else a
                self.visit(node.children, level + 1, depth, ordered, start, quoted)
            elif name == "bullet_list" or name == "ordered_list":
                self.visit(node.children, level + 1, depth + 1, name == "ordered_list", quoted=quoted)
            elif name == "heading" or name == "lheading":
                title = "".join(child.meta.get("content", "") for child in node.children)
                if quoted and "\n" in title:  # the two differ on the indentation of lazy lines in it
                    raise _Unsure
                if name == "lheading":
                    self.check_definition(a)
                blocks.append(Block("heading", a + base, b + base, node.meta["level"], title.strip()))
                inline_lines.update(range(a + base, b + base))
            elif name == "fence":
                blocks.append(Block("fence", a + base, b + base, text=node.meta.get("info", "").strip()))
                self.code_lines.update(range(a + base + 1, b + base - 1))
                self.fenced.update(range(a + 1, b - 1))
            elif name == "code_block":
                blocks.append(Block("code", a + base, b + base))
                self.code_lines.update(range(a + base, b + base))
            elif name == "html_block":
                if first >= 0 and _unclosed_html(src[span[0] : span[1]]):
                    raise _Unsure
                blocks.append(Block("html", a + base, b + base))
                self.inline_lines.update(range(a + base, b + base))
            elif name == "blockquote":
                if quoted and b"\t" in src[starts[a] : self.line_end(b - 1)]:
                    raise _Unsure  # the two put the tab stops after nested quote marks in different columns
                blocks.append(Block("quote", a + base, b + base))
                self.quote_ends.add(b)
                children = node.children
                self.visit(children, level + 1, depth, ordered, quoted=True)
                # markdown-it-py lets a quote whose content ends in two blank lines (or is blank)
                # run on over the blank lines after it
                tail = (span[0] if line == a else starts[line] for line in range(max(a, b - (2 if children else 1)), b + 1))
                if b < len(starts) and all(_QUOTE_MARKS_ONLY.match(src, at) for at in tail):
                    raise _Unsure
            elif name == "definition":
                self.check_list_marks(a, b)
                self.definition_ends.add(b)
            elif name == "table":
                if b"|" not in src[span[0] : self.line_end(a)] or _LIST_ITEM_START.match(src, span[0]):
                    raise _Unsure
                self.check_list_marks(a, b)
                self.tables.add(a)
                for row in (row for part in node.children for row in part.children):  # thead, tbody > trow
                    if row.srcmap is not None:
                        ra, rb = bisect.bisect_right(starts, row.srcmap[0]) - 1 + base, bisect.bisect_right(starts, row.srcmap[1]) + base
                        blocks.append(Block("table_row", ra, rb))
                        self.inline_lines.update(range(ra, rb))
        if run:
            self.tight_paragraph(last, run, depth, quoted)

    def check_paragraph(self, a: int, b: int, quoted: bool) -> None:
        """Raise _Unsure where markdown-it-py may read paragraph lines a..b differently."""
        if quoted:
            self.check_list_marks(a, b)
        self.check_definition(a)

    def check_definition(self, a: int) -> None:
        """Raise _Unsure if markdown-it-py may read a paragraph's first line `a` differently."""
        if a in self.definition_ends or (self.labels and _LABEL.match(self.src, self.starts[a], self.line_end(a))):
            raise _Unsure

    def tight_paragraph(self, a: int, text: list[str], depth: int, quoted: bool) -> int:
        """Add a tight list's paragraph that starts on line `a`; returns its end line. Its text
        keeps every line break (blanks are stripped at the ends only, and no line is blank)."""
        b = a + 1 + (text[0].count("\n") if len(text) == 1 else sum(t.count("\n") for t in text))
        if quoted or self.labels or self.definition_ends:
            self.check_paragraph(a, b, quoted)
        base = self.base
        self.blocks.append(Block("paragraph", a + base, b + base, depth))
        if b == a + 1:
            self.inline_lines.add(a + base)
        else:
            self.inline_lines.update(range(a + base, b + base))
        return b

    def check_list_marks(self, a: int, b: int) -> None:
        """Raise _Unsure if a line after the first of lines a..b starts with a list marker."""
        if b - a > 1 and _LIST_MARK.search(self.src, self.starts[a + 1], self.line_end(b - 1)):
            raise _Unsure

    def check_tables(self) -> None:
        """Raise _Unsure where markdown-it-py may see a table that markdown-it-pyrs does not, or
        where a table ends a block quote (markdown-it-py reads on there)."""
        if self.tables & self.quote_ends:
            raise _Unsure
        src, starts = self.src, self.starts
        for m in _DELIMITER_END.finditer(src):
            row = bisect.bisect_right(starts, m.start()) - 1
            if row < 1 or row - 1 in self.tables or row - 1 in self.fenced:
                continue
            line = src[starts[row] : m.end()]
            if _DELIMITER_ROW.fullmatch(line) and (b"|" in line or b":" in line or b"|" in src[starts[row - 1] : starts[row]]):
                raise _Unsure


def _unclosed_html(block: bytes) -> bool:
    """Whether an HTML block of types 1-5 lacks its end."""
    for start, end in _HTML_TYPES_1_5:
        if start.match(block):
            return not end.search(block)
    return False


def _code_spans(index: LineIndex, lines: set[int]) -> list[CodeSpan]:
    spans: list[CodeSpan] = []
    for ln in sorted(lines):  # a few lines after an edit: slices, not a split of the whole text
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
        return parse_body(text)  # (line ends other than \n: keep it simple)
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

