"""Diagnostics over the document's life: versions, debouncing, close, settings, quick fixes."""

from __future__ import annotations

from pathlib import Path

from lsp_support import NEOVIM, VSCODE, apply_edits, codes, rng, session, write
from lsprotocol import types

BASE = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read, Grep\n---\n\nReview the diff.\n"


def _ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def test_quick_fix_applied_clears_its_diagnostic(ws: Path, home: Path):
    path = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
        t001 = next(d for d in diags if d.code == "T001")
        assert t001.range == rng(3, 7, 3, 11)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=_ident(uri), range=t001.range, context=types.CodeActionContext(diagnostics=[t001])))
        quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
        assert [(a.title, a.is_preferred) for a in quick] == [("Change to `Read`", True)]
        # VS Code sends versioned document changes; apply them as it does
        change = quick[0].edit.document_changes[0]
        assert change.text_document.version == 1
        text = apply_edits(BASE, list(change.edits))
        assert "tools: Read, Grep\n" in text
        client.change(uri, 2, text)
        after = await client.diagnostics_for(uri, 2)
    assert not [d for d in after if d.code in ("T001", "T007", "F009")]


async def test_fix_all_and_neovim_edits(ws: Path, home: Path):
    text = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read, KillBash\nmcp_servers:\n  - github\n---\n\nReview.\n"
    path = write(ws / ".claude/agents/r.md", text)
    async with session(ws, home, NEOVIM) as client:
        uri = client.open(path)
        await client.diagnostics_for(uri, 1)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=_ident(uri), range=rng(0, 0, 0, 0),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
        assert [a.kind for a in actions] == ["source.fixAll.agentls"]
        edits = actions[0].edit.changes[uri]  # Neovim: plain `changes`
        fixed = apply_edits(text, list(edits))
        assert "tools: Read, TaskStop\nmcpServers:\n" in fixed
        client.change(uri, 2, fixed)
        after = await client.diagnostics_for(uri, 2)
    assert not [d for d in after if d.code in ("T001", "T002", "F003")]


async def test_stale_diagnostic_gets_current_fix(ws: Path, home: Path):
    """A quick fix asked for with a diagnostic of an older version uses the current finding."""
    path = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, VSCODE, init={"diagnostics": {"delay": 5000}}) as client:
        uri = client.open(path)
        old = next(d for d in await client.diagnostics_for(uri, 1) if d.code == "T001")
        client.change(uri, 2, "\n", rng(6, 0, 6, 0))  # a blank line in the body: same ranges
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=_ident(uri), range=old.range, context=types.CodeActionContext(diagnostics=[old])))
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert len(quick) == 1 and quick[0].edit.document_changes[0].text_document.version == 2


async def test_rapid_changes_end_with_the_last_version(ws: Path, home: Path):
    path = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, VSCODE) as client:  # the default delay coalesces keystrokes
        uri = client.open(path)
        await client.diagnostics_for(uri, 1)
        text = BASE
        for v in range(2, 102):  # 100 edits: type into the body, and flip `read` / `Read` on the tools line
            client.change(uri, v, "x", rng(6, 0, 6, 0))
            text = text.replace("Review", "xReview", 1)
            name = "read" if v % 2 else "Read"
            client.change(uri, v, name, rng(3, 7, 3, 11))
            text = text.replace("tools: read", f"tools: {name}").replace("tools: Read", f"tools: {name}")
        final = await client.diagnostics_for(uri, 101)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions == sorted(versions) and versions[-1] == 101
    assert len(versions) < 100  # keystrokes coalesced (fewer publishes than edits)
    assert codes(final) == [(4, "T001")]  # v101 has `read` again


async def test_versions_in_order_without_delay(ws: Path, home: Path):
    """Without a delay each change is checked at once; a version that a newer one made stale
    while it waited for the running check is skipped, never published out of order."""
    path = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, NEOVIM, init={"diagnostics": {"delay": 0}}) as client:
        uri = client.open(path)
        await client.diagnostics_for(uri, 1)
        for v in range(2, 7):
            client.change(uri, v, "x", rng(6, 0, 6, 0))
        await client.diagnostics_for(uri, 6)
    versions = [p.version for p in client.published if p.uri == uri]
    assert versions[0] == 1 and versions[-1] == 6 and versions == sorted(set(versions))


async def test_close_publishes_empty_list(ws: Path, home: Path):
    path = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        assert await client.diagnostics_for(uri, 1)
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=_ident(uri)))
        await client.until(lambda: client.last(uri).version is None)
        assert list(client.last(uri).diagnostics) == []


async def test_other_markdown_gets_nothing(ws: Path, home: Path):
    readme = write(ws / "README.md", "---\nname: Not An Agent\n---\n\n# Hello\n")
    agent = write(ws / ".claude/agents/r.md", BASE)
    async with session(ws, home, VSCODE) as client:
        other = client.open(readme)
        uri = client.open(agent)
        await client.diagnostics_for(uri, 1)
        hover = await client.text_document_hover_async(types.HoverParams(text_document=_ident(other), position=types.Position(line=1, character=1)))
    assert hover is None and client.last(other) is None


async def test_settings_from_the_client(ws: Path, home: Path):
    """`initializationOptions` and the `agentls` section of workspace/configuration (pulled again
    after didChangeConfiguration); a bad value gets a message and the default."""
    path = write(ws / ".claude/agents/r.md", BASE.replace("read, Grep", "read"))
    settings = {"rules": {"disable": ["unknown-tool"]}, "diagnostics": {"delay": "soon"}}
    async with session(ws, home, VSCODE, init={"rules": {"severity": {"T007": "warning"}}}, settings=settings) as client:
        uri = client.open(path)
        first = await client.diagnostics_for(uri, 1)
        assert [m.message for m in client.messages if "diagnostics.delay" in m.message]
        client.set_configuration({"rules": {"disable": []}}, section="agentls")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await client.until(lambda: len([p for p in client.published if p.uri == uri]) >= 2)
        second = client.last(uri).diagnostics
    assert [d.code for d in first if d.code in ("T001", "T007")] == ["T007"]
    assert next(d for d in first if d.code == "T007").severity == types.DiagnosticSeverity.Warning
    assert sorted(d.code for d in second if d.code in ("T001", "T007")) == ["T001", "T007"]


async def test_project_config_file(ws: Path, home: Path):
    write(ws / ".agentls.toml", '[rules]\ndisable = ["T001"]\n')
    path = write(ws / ".claude/agents/r.md", BASE.replace("read, Grep", "read"))
    async with session(ws, home, NEOVIM) as client:
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
    assert "T001" not in [d.code for d in diags] and "T007" in [d.code for d in diags]


async def test_utf16_positions_even_when_the_client_prefers_utf8(ws: Path, home: Path):
    """Neovim offers utf-8 first; agentls answers in UTF-16, which every client supports."""
    text = "---\nname: reviewer\ndescription: Reviews 🔴 code.\ntools: Read, 🔴 read\n---\n\nSay 🔴 done.## Output\n"
    path = write(ws / ".claude/agents/r.md", text)
    async with session(ws, home, NEOVIM) as client:
        assert client.init_result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
    by_code = {d.code: d.range for d in diags}
    line3, line6 = text.splitlines()[3], text.splitlines()[6]
    utf16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    start = utf16(line3[: line3.index("🔴")])
    assert by_code["T006"] == rng(3, start, 3, start + utf16("🔴 read"))
    glued = utf16(line6[: line6.index("## Output")])
    assert by_code["D001"].start == types.Position(line=6, character=glued)
