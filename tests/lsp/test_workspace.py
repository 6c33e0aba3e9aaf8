"""The workspace around an open file: MCP configuration and other agent files change on disk or in
the editor, and the open files are checked again."""

from __future__ import annotations

from pathlib import Path

from lsp_support import NEOVIM, VSCODE, capabilities, rng, session, write, write_mcp
from lsprotocol import types

AGENT = "---\nname: {name}\ndescription: Reviews code changes.\ntools: Read, mcp__github__get_me, mcp__github__search_repositories\n---\n\nReview.\n"
GITHUB = {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}


def _m001(diags) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == "M001"]


def _watch_event(path: Path, kind: types.FileChangeType) -> types.DidChangeWatchedFilesParams:
    return types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.resolve().as_uri(), type=kind)])


async def test_mcp_json_change_with_client_watchers(ws: Path, home: Path):
    """VS Code watches the files agentls registers for and reports the change."""
    path = write(ws / ".claude/agents/r.md", AGENT.format(name="reviewer"))
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        before = _m001(await client.diagnostics_for(uri, 1))
        assert len(before) == 1 and before[0].range == rng(3, 13, 3, 32)
        assert "`github`" in before[0].message and ".mcp.json" in before[0].message
        globs = [w["globPattern"] for r in client.registrations for w in r.register_options["watchers"]]
        assert "**/.mcp.json" in globs and "**/.claude/agents/**/*.md" in globs
        mcp = write_mcp(ws, {"github": GITHUB})
        client.workspace_did_change_watched_files(_watch_event(mcp, types.FileChangeType.Created))
        await client.until(lambda: not _m001(client.last(uri).diagnostics))
        mcp.unlink()
        client.workspace_did_change_watched_files(_watch_event(mcp, types.FileChangeType.Deleted))
        await client.until(lambda: _m001(client.last(uri).diagnostics))


async def test_mcp_json_change_polled(ws: Path, home: Path):
    """Neovim registers no watchers: agentls notices the change itself."""
    path = write(ws / ".claude/agents/r.md", AGENT.format(name="reviewer"))
    async with session(ws, home, NEOVIM) as client:
        uri = client.open(path)
        assert _m001(await client.diagnostics_for(uri, 1))
        assert client.registrations == [] and client.init_result.capabilities.diagnostic_provider is None
        write_mcp(ws, {"github": GITHUB})
        await client.until(lambda: not _m001(client.last(uri).diagnostics))


async def test_user_scope_server(ws: Path, home: Path):
    """~/.claude.json lies outside the workspace: it is polled for every client."""
    path = write(ws / ".claude/agents/r.md", AGENT.format(name="reviewer"))
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        assert _m001(await client.diagnostics_for(uri, 1))
        write(home / ".claude.json", '{"mcpServers": {"github": {"type": "http", "url": "https://example.invalid/mcp"}}}')
        await client.until(lambda: not _m001(client.last(uri).diagnostics))


async def test_duplicate_names_follow_open_edits(ws: Path, home: Path):
    a = write(ws / ".claude/agents/a.md", AGENT.format(name="reviewer"))
    b = write(ws / ".claude/agents/b.md", AGENT.format(name="reviewer"))
    async with session(ws, home, NEOVIM) as client:
        ua, ub = client.open(a), client.open(b)
        f007 = [d for d in await client.diagnostics_for(ua, 1) if d.code == "F007"]
        assert len(f007) == 1 and f007[0].range == rng(1, 6, 1, 14)
        assert f007[0].related_information[0].location.uri == ub
        client.change(ub, 2, "checker", rng(1, 6, 1, 14))  # rename b in the editor, unsaved
        await client.until(lambda: not [d for d in client.last(ua).diagnostics if d.code == "F007"])


async def test_new_agent_file_on_disk(ws: Path, home: Path):
    a = write(ws / ".claude/agents/a.md", AGENT.format(name="reviewer"))
    async with session(ws, home, VSCODE) as client:
        ua = client.open(a)
        assert not [d for d in await client.diagnostics_for(ua, 1) if d.code == "F007"]
        b = write(ws / ".claude/agents/b.md", AGENT.format(name="reviewer"))
        client.workspace_did_change_watched_files(_watch_event(b, types.FileChangeType.Created))
        f007 = await client.until(lambda: [d for d in client.last(ua).diagnostics if d.code == "F007"])
        assert f007[0].related_information[0].location.uri == b.resolve().as_uri()


async def test_pull_diagnostics(ws: Path, home: Path):
    """A client that pulls and can be asked to pull again gets no pushed diagnostics."""
    path = write(ws / ".claude/agents/r.md", AGENT.format(name="reviewer"))
    async with session(ws, home, caps=capabilities(VSCODE, pull=True)) as client:
        assert client.init_result.capabilities.diagnostic_provider.inter_file_dependencies is True
        uri = client.open(path)
        ident = types.TextDocumentIdentifier(uri=uri)
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident))
        assert [d.code for d in report.items] == ["M001"]
        again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id))
        assert again.kind == "unchanged"
        mcp = write_mcp(ws, {"github": GITHUB})
        client.workspace_did_change_watched_files(_watch_event(mcp, types.FileChangeType.Created))
        await client.until(lambda: client.diagnostic_refresh_count > 0)
        after = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=ident, previous_result_id=report.result_id))
        assert after.kind == "full" and list(after.items) == []
    assert client.published == []
