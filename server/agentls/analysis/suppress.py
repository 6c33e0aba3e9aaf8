"""In-file suppressions.

- `<!-- agentls-disable CODE, CODE -->` (or `# agentls-disable CODE` in the frontmatter): off from
  that line to the end of the file, or until `agentls-enable CODE`. Without codes: every rule.
- `<!-- agentls-disable-next-line CODE -->`: off for the next line only.
Codes may be written as codes (`T001`) or names (`unknown-tool`).
"""

from __future__ import annotations

import re

from agentls.analysis.finding import Finding
from agentls.document import Document
from agentls.schema.rules import find_rule

_DIRECTIVE = re.compile(r"(?:<!--|#)\s*agentls-(disable-next-line|disable|enable)\b([^>\n]*?)(?:-->|$)")
ALL = "*"


def _codes(text: str) -> set[str]:
    codes: set[str] = set()
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        rule = find_rule(word)
        codes.add(rule.code if rule else word)
    return codes or {ALL}


def suppressed_lines(doc: Document) -> list[tuple[int, int, set[str]]]:
    """(first line, last line, codes) spans in which findings are dropped."""
    if "agentls-" not in doc.text:
        return []
    spans: list[tuple[int, int, set[str]]] = []
    open_since: dict[str, int] = {}
    last = doc.index.line_count - 1
    for line in range(doc.index.line_count):
        text = doc.index.line_text(line)
        if "agentls-" not in text:
            continue
        for m in _DIRECTIVE.finditer(text):
            kind, codes = m.group(1), _codes(m.group(2))
            if kind == "disable-next-line":
                spans.append((line + 1, line + 1, codes))
            elif kind == "disable":
                for c in codes:
                    open_since.setdefault(c, line)
            else:
                for c in list(open_since) if ALL in codes else codes:
                    if c in open_since:
                        spans.append((open_since.pop(c), line, {c}))
    for c, start in open_since.items():
        spans.append((start, last, {c}))
    return spans


def apply_suppressions(doc: Document, findings: list[Finding]) -> list[Finding]:
    spans = suppressed_lines(doc)
    if not spans:
        return findings
    kept = []
    for f in findings:
        line = f.range.start.line
        if any(a <= line <= b and (ALL in codes or f.code in codes) for a, b, codes in spans):
            continue
        kept.append(f)
    return kept
