"""Findings as LSP diagnostics (fixes travel in `Diagnostic.data`), and when to publish them."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from lsprotocol import types

from agentls.analysis.finding import Finding
from agentls.document import Document
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import lsp_range, uri_of

SOURCE = "agentls"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
TAGS = {"deprecated": types.DiagnosticTag.Deprecated, "unnecessary": types.DiagnosticTag.Unnecessary}


def to_diagnostic(f: Finding, doc: Document, caps: ClientCaps) -> types.Diagnostic:
    related = None
    if caps.related_information and f.related:
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri_of(r.path) if r.path else (doc.uri or ""), range=lsp_range(r.range)),
                message=r.message,
            )
            for r in f.related
        ]
    tags = [TAGS[t] for t in f.tags if t in TAGS] if caps.diagnostic_tags else None
    data: dict[str, Any] | None = None
    if f.fixes:
        data = {"version": doc.version, "fixes": [x.to_json() for x in f.fixes]}
    return types.Diagnostic(
        range=lsp_range(f.range),
        message=f.message,
        severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code,
        source=SOURCE,
        related_information=related,
        tags=tags or None,
        data=data,
    )


def to_diagnostics(findings: list[Finding], doc: Document, caps: ClientCaps) -> list[types.Diagnostic]:
    return [to_diagnostic(f, doc, caps) for f in findings]


class Scheduler:
    """Debounces diagnostics per document: a new change cancels the pending run; delay 0 runs at
    once. Runs in the server's event loop, so runs for one document never overlap."""

    def __init__(self, run: Callable[[str], None]) -> None:
        self._run = run
        self._pending: dict[str, asyncio.TimerHandle] = {}

    def schedule(self, uri: str, delay_ms: int) -> None:
        self.cancel(uri)
        if delay_ms <= 0:
            self._run(uri)
            return
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(delay_ms / 1000, self._fire, uri)

    def _fire(self, uri: str) -> None:
        self._pending.pop(uri, None)
        self._run(uri)

    def cancel(self, uri: str) -> None:
        handle = self._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def cancel_all(self) -> None:
        for uri in list(self._pending):
            self.cancel(uri)
