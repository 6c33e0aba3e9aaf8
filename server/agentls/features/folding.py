"""Folding ranges: the frontmatter, multi-line fields, sections and fenced code blocks."""

from __future__ import annotations

from lsprotocol import types

from agentls.document import Document
from agentls.features.symbols import field_end, sections


def folding_ranges(doc: Document) -> list[types.FoldingRange]:
    spans: set[tuple[int, int, str | None]] = set()
    fm = doc.frontmatter
    if fm is not None:
        if fm.split.close_line is not None and fm.split.close_line > fm.split.open_line:
            spans.add((fm.split.open_line, fm.split.close_line, None))
        for f in fm.fields:
            a = fm.position(f.key_node.start).line
            b = fm.position(field_end(doc, f)).line
            if b > a:
                spans.add((a, b, None))
    for _level, first, last, _title in sections(doc):
        if last > first:
            spans.add((first, last, types.FoldingRangeKind.Region))
    for block in doc.body.parsed.fences:
        a, b = doc.body.doc_line(block.line), doc.body.doc_line(block.end_line - 1)
        if b > a:
            spans.add((a, b, None))
    return [types.FoldingRange(start_line=a, end_line=b, kind=k) for a, b, k in sorted(spans, key=lambda s: (s[0], s[1]))]
