"""Findings as LSP diagnostics (fixes travel in `Diagnostic.data`), and when to publish them."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from lsprotocol import types

from agentls.analysis.finding import Finding
from agentls.document import Document
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import uri_of
from agentls.schema.rules import RULES_BY_CODE

SOURCE = "agentls"


def rule_url(code: str) -> str:
    """The rule's documentation page: the code in the editor is a link to it."""
    rule = RULES_BY_CODE.get(code)
    return rule.url if rule is not None else RULES_BY_CODE["S001"].url.rsplit("/", 1)[0] + "/README.md"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}
TAGS = {"deprecated": types.DiagnosticTag.Deprecated, "unnecessary": types.DiagnosticTag.Unnecessary}


def diagnostic_json(f: Finding, uri: str, version: int | None, caps: ClientCaps) -> dict[str, Any]:
    """A finding in the document at `uri` (its `version`, None for a file on disk) as an LSP
    `Diagnostic`, in its JSON form (what is sent on every keystroke: built directly, without
    going through lsprotocol's objects and converter)."""
    out: dict[str, Any] = {
        "range": f.range.to_json(),
        "message": f.message,
        "severity": SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning).value,
        "code": f.code,
        "codeDescription": {"href": rule_url(f.code)},
        "source": SOURCE,
    }
    if caps.diagnostic_tags:
        tags = [TAGS[t].value for t in f.tags if t in TAGS]
        if tags:
            out["tags"] = tags
    if caps.related_information and f.related:
        out["relatedInformation"] = [
            {"location": {"uri": uri_of(r.path) if r.path else uri, "range": r.range.to_json()}, "message": r.message}
            for r in f.related
        ]
    if f.fixes:
        out["data"] = {"version": version, "fixes": [x.to_json() for x in f.fixes]}
    return out


def diagnostics_json(findings: list[Finding], doc: Document, caps: ClientCaps) -> list[dict[str, Any]]:
    return [diagnostic_json(f, doc.uri or "", doc.version, caps) for f in findings]


def to_diagnostics(findings: list[Finding], doc: Document, caps: ClientCaps) -> list[types.Diagnostic]:
    """The same diagnostics as lsprotocol objects (for pulled diagnostics)."""
    return structured(diagnostics_json(findings, doc, caps))


def structured(diags: list[dict[str, Any]]) -> list[types.Diagnostic]:
    """Diagnostics in their JSON form as lsprotocol objects."""
    from pygls.protocol import default_converter

    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = default_converter()
    return _CONVERTER.structure(diags, list[types.Diagnostic])


_CONVERTER = None


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
