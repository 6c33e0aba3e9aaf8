"""Analysis: small pure rules over the document model, run in one place."""

from __future__ import annotations

import logging
from typing import Callable

from agentls.analysis.config import Config
from agentls.analysis.context import Context
from agentls.analysis.finding import SEVERITY_RANK, Edit, Finding, Fix, Related
from agentls.analysis.rules import contradiction, copilot, crossfile, encoding, fields, loading, markdown, mcp, names, opencode, plugin_mcp, references, skills, syntax, tools
from agentls.analysis.suppress import apply_suppressions
from agentls.document import Document

log = logging.getLogger("agentls")

Checker = tuple[tuple[str, ...], Callable[[Context], None]]

CHECKERS: list[Checker] = [
    (m.CODES, m.check) for m in (syntax, fields, tools, encoding, markdown, names, mcp, contradiction, references, skills, copilot, opencode, crossfile, plugin_mcp, loading)
]

__all__ = ["analyze", "Config", "Finding", "Fix", "Edit", "Related", "CHECKERS", "register"]


def register(codes: tuple[str, ...], check: Callable[[Context], None]) -> None:
    """Add a rule family (used by optional analyses such as contradictions)."""
    CHECKERS.append((codes, check))


def analyze(doc: Document, config: Config | None = None, workspace=None) -> list[Finding]:
    """Every finding for one document, sorted by position. Never raises."""
    ctx = Context(doc, config or Config(), workspace)
    for codes, check in CHECKERS:
        if not ctx.wants(*codes):
            continue
        try:
            check(ctx)
        except Exception:  # one broken rule must not take the others down
            log.exception("rule family %s failed on %s", codes[0], doc.path or doc.uri)
    findings = apply_suppressions(doc, ctx.findings)
    findings.sort(key=lambda f: (f.range.start.line, f.range.start.character, SEVERITY_RANK.get(f.severity, 9), f.code))
    return findings
