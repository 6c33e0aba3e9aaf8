"""Analysis: small pure rules over the document model, run in one place."""

from __future__ import annotations

import logging
from typing import Callable

from agentls.analysis.config import Config
from agentls.analysis.context import Context
from agentls.analysis.finding import SEVERITY_RANK, Edit, Finding, Fix, Related
from agentls.analysis.suppress import apply_suppressions
from agentls.document import Document

log = logging.getLogger("agentls")

Checker = tuple[tuple[str, ...], Callable[[Context], None]]

# The rule families, imported on first use (`analyze`, or reading CHECKERS): the language
# server answers `initialize` without paying for them.
RULE_MODULES = ("syntax", "fields", "tools", "encoding", "markdown", "names", "mcp", "contradiction", "references", "skills",
                "copilot", "opencode", "crossfile", "plugin_mcp", "loading")
_CHECKERS: list[Checker] = []
_registered: list[Checker] = []
_loaded = False

__all__ = ["analyze", "Config", "Finding", "Fix", "Edit", "Related", "CHECKERS", "register"]


def _checkers() -> list[Checker]:
    global _loaded
    if not _loaded:
        import importlib

        mods = [importlib.import_module(f"agentls.analysis.rules.{name}") for name in RULE_MODULES]
        _CHECKERS[:] = [(m.CODES, m.check) for m in mods] + _registered
        _loaded = True
    return _CHECKERS


def __getattr__(name: str):
    if name == "CHECKERS":
        return _checkers()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register(codes: tuple[str, ...], check: Callable[[Context], None]) -> None:
    """Add a rule family (used by optional analyses such as contradictions)."""
    if _loaded:
        _CHECKERS.append((codes, check))
    else:
        _registered.append((codes, check))


def analyze(doc: Document, config: Config | None = None, workspace=None) -> list[Finding]:
    """Every finding for one document, sorted by position. Never raises."""
    ctx = Context(doc, config or Config(), workspace)
    for codes, check in _checkers():
        if not ctx.wants(*codes):
            continue
        try:
            check(ctx)
        except Exception:  # one broken rule must not take the others down
            log.exception("rule family %s failed on %s", codes[0], doc.path or doc.uri)
    findings = apply_suppressions(doc, ctx.findings)
    findings.sort(key=lambda f: (f.range.start.line, f.range.start.character, SEVERITY_RANK.get(f.severity, 9), f.code))
    return findings
