"""Applying fixes to text (used by `check --fix` and the tests; the server sends edits instead)."""

from __future__ import annotations

from agentls.analysis.finding import Edit, Finding
from agentls.document.positions import LineIndex


def apply_edits(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """Apply non-overlapping edits (positions refer to `text`)."""
    index = LineIndex(text)
    spans = sorted(((index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits), reverse=True)
    out = text
    last_start = len(text) + 1
    for start, end, new in spans:
        if end > last_start:
            raise ValueError("overlapping edits")
        out = out[:start] + new + out[end:]
        last_start = start
    return out


def safe_edits(findings: list[Finding]) -> list[Edit]:
    """The first safe fix of each finding, skipping any that overlaps one already taken."""
    index_spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    chosen: list[Edit] = []
    for f in findings:
        fix = next((x for x in f.fixes if x.safe), None)
        if fix is None:
            continue
        spans = [((e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character)) for e in fix.edits]
        if any(not (b2 <= a1 or b1 <= a2) or (a1 == a2 == b1 == b2) for a1, b1 in spans for a2, b2 in index_spans):
            continue
        index_spans.extend(spans)
        chosen.extend(fix.edits)
    return chosen
