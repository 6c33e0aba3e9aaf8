"""Every agent file's problems, open or not (`diagnostics.scope`): pushed to clients that do not
pull, answered to `workspace/diagnostic` for clients that do; updated when a file changes on disk,
cleared when it is deleted, replaced by the live results while the file is open."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsp_support import NEOVIM, VSCODE, capabilities, session, write
from lsprotocol import types

GOOD = "---\nname: {name}\ndescription: Reviews code changes.\ntools: Read, Grep\n---\n\nReview the diff.\n"
# a lowercase tool name (T-rule), and after a fix of that, a YAML error (S-rule)
BROKEN = "---\nname: broken\ndescription: Checks the build.\ntools: read, Grep\n---\n\nCheck the build.\n"
BAD_YAML = "---\nname: broken\ndescription: Checks: the build\ntools: Read\n---\n\nCheck.\n"


def _codes(diags) -> set[str]:
    return {d.code for d in diags or []}


def _workspace(ws: Path) -> tuple[Path, Path]:
    return write(ws / ".claude/agents/a.md", GOOD.format(name="alpha")), write(ws / ".claude/agents/broken.md", BROKEN)


async def test_closed_files_pushed_updated_and_cleared(ws: Path, home: Path):
    a, broken = _workspace(ws)
    uri = broken.resolve().as_uri()
    async with session(ws, home, NEOVIM) as client:
        client.open(a)
        await client.until(lambda: "T001" in _codes(getattr(client.last(uri), "diagnostics", None)))
        assert client.last(uri).version is None  # a file on disk, never opened
        write(broken, BAD_YAML)  # changed on disk (Neovim watches nothing: agentls polls)
        await client.until(lambda: (p := client.last(uri)) and "S001" in _codes(p.diagnostics) and "T001" not in _codes(p.diagnostics))
        live = client.open(broken, BROKEN.replace("read,", "Read,"))  # open, with a fix not yet saved
        await client.until(lambda: (p := client.last(live)) and p.version == 1 and not _codes(p.diagnostics) & {"S001", "T001"})
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=live)))
        await client.until(lambda: (p := client.last(uri)) and p.version is None and "S001" in _codes(p.diagnostics))
        broken.unlink()
        await client.until(lambda: len(client.last(uri).diagnostics) == 0)


async def test_workspace_pull(ws: Path, home: Path):
    _, broken = _workspace(ws)
    uri = broken.resolve().as_uri()
    async with session(ws, home, VSCODE, caps=capabilities(VSCODE, pull=True)) as client:
        assert client.init_result.capabilities.diagnostic_provider.workspace_diagnostics is True

        async def pull(previous: list[types.PreviousResultId]) -> dict[str, types.WorkspaceDocumentDiagnosticReport]:
            got = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous))
            return {r.uri: r for r in got.items}

        reports: dict = {}
        for _ in range(400):  # the folder is checked in the background: pull until it is in
            reports = await pull([])
            if uri in reports:
                break
            await asyncio.sleep(0.05)
        full = reports[uri]
        assert isinstance(full, types.WorkspaceFullDocumentDiagnosticReport) and "T001" in _codes(full.items) and full.result_id
        again = await pull([types.PreviousResultId(uri=uri, value=full.result_id)])
        assert isinstance(again[uri], types.WorkspaceUnchangedDocumentDiagnosticReport)
        refreshes = client.diagnostic_refresh_count
        write(broken, BAD_YAML)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri, type=types.FileChangeType.Changed)]))
        await client.until(lambda: client.diagnostic_refresh_count > refreshes)
        changed = await pull([types.PreviousResultId(uri=uri, value=full.result_id)])
        assert isinstance(changed[uri], types.WorkspaceFullDocumentDiagnosticReport) and "S001" in _codes(changed[uri].items)


async def test_scope_open_takes_back_closed_files(ws: Path, home: Path):
    a, broken = _workspace(ws)
    uri = broken.resolve().as_uri()
    async with session(ws, home, NEOVIM) as client:
        ua = client.open(a)
        await client.until(lambda: "T001" in _codes(getattr(client.last(uri), "diagnostics", None)))
        client.set_configuration({"diagnostics": {"scope": "open"}}, section="agentls")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"agentls": {"diagnostics": {"scope": "open"}}}))
        await client.until(lambda: len(client.last(uri).diagnostics) == 0)
        assert client.last(ua) is not None  # the open file keeps its own
