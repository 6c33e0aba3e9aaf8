"""The problems of every agent file of a workspace folder, open or not (`diagnostics.scope: "workspace"`).

A folder is checked in a worker process (`workspace.folder_check`), so the open documents' checks
never wait for it; `as_reports` turns its findings into diagnostics. `Reports` keeps the last diagnostics of each file on disk with a result id; the
server pushes them or answers `workspace/diagnostic` with them, and the live results of an open
document take their place while it is open.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

from agentls.analysis.finding import Finding
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import uri_of
from agentls.features.diagnostics import diagnostic_json, structured

Diags = list[dict[str, Any]]


async def as_reports(found: dict[str, bytes], caps: ClientCaps) -> dict[str, tuple[str, Diags]]:
    """A folder's findings (pickled per file) as diagnostics with their result id, by URI, made in
    slices so that a thousand files never hold the event loop for long."""
    import pickle

    out: dict[str, tuple[str, Diags]] = {}
    for i, (path, pickled) in enumerate(found.items()):
        uri = uri_of(path)
        findings: list[Finding] = pickle.loads(pickled)
        diags = [diagnostic_json(f, uri, None, caps) for f in findings]
        out[uri] = (result_id(diags), diags)
        if i % 16 == 15:
            await asyncio.sleep(0)
    return out


def result_id(diags: Diags) -> str:
    import hashlib  # with OpenSSL: not worth loading before the first result

    return hashlib.sha256(json.dumps(diags, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Reports:
    """The last diagnostics of each file on disk, by URI: (folder, result id, diagnostics). A file
    that is gone keeps an empty report, so that a client that pulls clears it."""

    by_uri: dict[str, tuple[str, str, Diags]] = field(default_factory=dict)
    closes: dict[str, int] = field(default_factory=dict)  # times each file was closed in the editor

    def closed(self, uri: str) -> None:
        """The editor closed the file and dropped its live diagnostics: the next workspace report
        gives it in full again, whatever result id the client remembers from before it opened."""
        self.closes[uri] = self.closes.get(uri, 0) + 1

    def replace(self, folder: str, found: dict[str, tuple[str, Diags]]) -> list[str]:
        """Put a folder's new reports (result id, diagnostics) in place; the URIs whose report changed."""
        changed = []
        for uri, (where, _, diags) in list(self.by_uri.items()):
            if where == folder and uri not in found and diags:
                self.by_uri[uri] = (folder, result_id([]), [])
                changed.append(uri)
        for uri, (rid, diags) in found.items():
            old = self.by_uri.get(uri)
            if old is None or old[1] != rid:
                self.by_uri[uri] = (folder, rid, diags)
                changed.append(uri)
        return changed

    def clear(self) -> list[str]:
        """Every report emptied (the scope is now the open files); the URIs that had problems."""
        changed = [u for u, (_, _, d) in self.by_uri.items() if d]
        for uri in changed:
            folder = self.by_uri[uri][0]
            self.by_uri[uri] = (folder, result_id([]), [])
        return changed

    def diagnostics(self, uri: str) -> Diags:
        got = self.by_uri.get(uri)
        return got[2] if got else []

    def workspace_report(self, open_uris: set[str], previous: dict[str, str]) -> types.WorkspaceDiagnosticReport:
        """`workspace/diagnostic`: a full report for each closed file whose result id changed,
        an unchanged report for the others (open files are pulled one by one)."""
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        for uri, (_, rid, diags) in sorted(self.by_uri.items()):
            if uri in open_uris:
                continue
            rid = f"{rid}.{self.closes.get(uri, 0)}"
            if previous.get(uri) == rid:
                items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, version=None, result_id=rid))
            else:
                items.append(types.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=None, items=structured(diags), result_id=rid))
        return types.WorkspaceDiagnosticReport(items=items)
