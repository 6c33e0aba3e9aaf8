"""Each kind of file over the real server (pytest-lsp): diagnostics at their lines, completion and
hover from the kind's profile; and the opt-in "fetch tools" lens and command on an MCP server."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

from lsp_support import VSCODE, at, codes, session, write, write_mcp
from support import FIXTURES

KINDS = FIXTURES / "kinds"


@pytest.fixture
def kinds_ws(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(KINDS, root)
    (root / ".git").mkdir()
    return root


async def _planted(client, uri: str, expected: set[tuple[int, str]]) -> list[types.Diagnostic]:
    """Wait for the diagnostics that hold every expected (line, code), then return them."""
    def got():
        p = client.last(uri)
        return p if p is not None and expected <= set(codes(p.diagnostics)) else None
    return list((await client.until(got)).diagnostics)


async def _complete(client, uri: str, pos: types.Position) -> list[str]:
    result = await client.text_document_completion_async(types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return [i.label for i in items]


async def _hover(client, uri: str, pos: types.Position) -> str:
    h = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
    assert h is not None
    return h.contents.value if isinstance(h.contents, types.MarkupContent) else str(h.contents)


async def test_skill(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        path = kinds_ws / ".claude" / "skills" / "review" / "SKILL.md"
        uri = client.open(path)
        diags = await _planted(client, uri, {(2, "F011"), (4, "T001"), (6, "R004"), (11, "D004"), (11, "D005")})
        assert not [d for d in diags if d.severity in (1, 2) and (d.range.start.line + 1, d.code) not in
                    {(2, "F011"), (4, "T001"), (6, "R004"), (11, "D004"), (11, "D005")}]
        assert "Grep" in await _complete(client, uri, types.Position(line=3, character=20))  # after `Read ` in allowed-tools
        keys = await _complete(client, uri, types.Position(line=6, character=0))
        assert "when_to_use" in keys and "disable-model-invocation" in keys and "tools" not in keys
        assert "Reads a file" in await _hover(client, uri, types.Position(line=3, character=16))
        assert "folder" in await _hover(client, uri, types.Position(line=1, character=2))
        assert "Everything typed after the command name" in await _hover(client, uri, types.Position(line=11, character=10))
        text, pos = at(path.read_text(encoding="utf-8").replace("Review $ARGUMENTS", "Review $¦"))
        client.change(uri, 2, text)
        labels = await _complete(client, uri, pos)
        assert {"$ARGUMENTS", "$0", "${CLAUDE_SKILL_DIR}"} <= set(labels) and "${CLAUDE_PLUGIN_ROOT}" not in labels


async def test_command(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        uri = client.open(kinds_ws / ".claude" / "commands" / "migrate.md")
        await _planted(client, uri, {(4, "F005"), (5, "T003"), (8, "D006")})
        assert "sonnet" in await _complete(client, uri, types.Position(line=3, character=7))
        assert "positions count from 0" in await _hover(client, uri, types.Position(line=7, character=13))
        assert "removed" in await _hover(client, uri, types.Position(line=4, character=30))


async def test_plugin_agent(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        uri = client.open(kinds_ws / "tools" / "agents" / "helper.md")
        diags = await _planted(client, uri, {(4, "M005"), (5, "F008")})
        m005 = next(d for d in diags if d.code == "M005")
        assert "mcp__plugin_tools_github__get_issue" in m005.message
        assert "permissionMode" not in await _complete(client, uri, types.Position(line=5, character=0))
        assert "Ignored in plugin agents" in await _hover(client, uri, types.Position(line=4, character=3))


async def test_copilot_agent(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        path = kinds_ws / ".github" / "agents" / "planner.agent.md"
        uri = client.open(path)
        await _planted(client, uri, {(4, "T009"), (4, "T001"), (7, "R004"), (11, "T010")})
        keys = await _complete(client, uri, types.Position(line=8, character=0))
        assert {"target", "argument-hint", "agents"} <= set(keys) and "disallowedTools" not in keys
        assert "search/codebase" in await _hover(client, uri, types.Position(line=3, character=22))
        assert "Fetch a web page" in await _hover(client, uri, types.Position(line=10, character=80))
        text, pos = at(path.read_text(encoding="utf-8").replace("tools: ['search', 'codebase', 'Bash']", "tools: ['search', '¦']"))
        client.change(uri, 2, text)
        labels = await _complete(client, uri, pos)
        assert "web/fetch" in labels and "edit" in labels and "search" not in labels
        text, pos = at(path.read_text(encoding="utf-8").replace("agent: implementr", "agent: ¦"))
        client.change(uri, 3, text)
        assert "agent" in await _complete(client, uri, pos)


async def test_copilot_prompt(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        path = kinds_ws / ".github" / "prompts" / "review.prompt.md"
        uri = client.open(path)
        diags = await _planted(client, uri, {(3, "F010"), (4, "F004")})
        fix = next(d for d in diags if d.code == "F004")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=fix.range, context=types.CodeActionContext(diagnostics=[fix])))
        assert any("YAML list" in a.title for a in actions or [])
        keys = await _complete(client, uri, types.Position(line=4, character=0))
        assert {"agent", "argument-hint"} <= set(keys) and "handoffs" not in keys
        text, pos = at(path.read_text(encoding="utf-8").replace("Review the selected code for bugs", "Use #tool:¦ to review the selected code for bugs"))
        client.change(uri, 2, text)
        labels = await _complete(client, uri, pos)
        assert {"search/codebase", "web/fetch"} <= set(labels)  # `tools` is a string VS Code rejects: every tool is offered


async def test_opencode_agent(kinds_ws, home):
    async with session(kinds_ws, home, VSCODE) as client:
        path = kinds_ws / ".opencode" / "agent" / "reviewer.md"
        uri = client.open(path)
        await _planted(client, uri, {(4, "F005"), (5, "F005"), (6, "F010"), (7, "F003"), (8, "F010"), (8, "F004"), (10, "F005")})
        assert {"subagent", "primary", "all"} <= set(await _complete(client, uri, types.Position(line=2, character=6)))
        assert "Editing" in await _hover(client, uri, types.Position(line=9, character=3))
        assert "provider/model-id" in await _hover(client, uri, types.Position(line=3, character=2))
        text, pos = at(path.read_text(encoding="utf-8").replace("description: Reviews", "¦\ndescription: Reviews"))
        client.change(uri, 2, text)
        keys = await _complete(client, uri, pos)
        assert {"steps", "top_p", "hidden"} <= set(keys) and "tools" not in keys


SERVER = textwrap.dedent('''
    from mcp.server.mcpserver import MCPServer
    app = MCPServer("demo")

    @app.tool()
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    app.run()
''')


async def test_fetch_tools_lens_and_command(ws, home, tmp_path):
    pytest.importorskip("mcp")
    write(tmp_path / "server.py", SERVER)
    write_mcp(ws, {"demo": {"command": sys.executable, "args": [str(tmp_path / "server.py")]}})
    agent = write(ws / ".claude" / "agents" / "calc.md",
                  "---\nname: calc\ndescription: Adds numbers.\ntools: Read, mcp__demo__add, mcp__demo__sum\n---\n\nAdd the numbers you are given.\n")
    async with session(ws, home, VSCODE) as client:
        uri = client.open(agent)
        before = await client.diagnostics_for(uri)
        assert "M004" not in {d.code for d in before}  # nothing known of `demo` until asked
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        fetch = [lens for lens in lenses if lens.command and lens.command.command == "agentls.mcp.fetchTools"]
        assert len(fetch) == 1 and fetch[0].command.title == "Fetch tools from demo (starts it)"
        assert fetch[0].range.start.line == 3
        result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=fetch[0].command.command, arguments=fetch[0].command.arguments))
        assert result["ok"] and result["tools"] == ["add"]

        def m004():
            p = client.last(uri)
            return [d for d in p.diagnostics if d.code == "M004"] if p is not None else None
        found = await client.until(m004)
        assert len(found) == 1 and found[0].range.start == types.Position(line=3, character=29) and "`sum`" in found[0].message
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        assert any(lens.command and lens.command.title == "Refetch tools from demo (1 cached)" for lens in lenses)


async def test_definition_across_kinds(tmp_path, home):
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    agent = write(root / ".claude" / "agents" / "reviewer.md", "---\nname: reviewer\ndescription: Reviews.\n---\n\nReview.\n")
    skill = write(root / ".claude" / "skills" / "audit" / "SKILL.md",
                  "---\nname: audit\ndescription: Audits.\ncontext: fork\nagent: reviewer\n---\n\nAudit $ARGUMENTS.\n")
    impl = write(root / ".github" / "agents" / "implementer.agent.md", "---\nname: implementer\ndescription: Implements.\n---\n\nGo.\n")
    plan = write(root / ".github" / "agents" / "planner.agent.md",
                 "---\nname: planner\ndescription: Plans.\nhandoffs:\n  - label: Build it\n    agent: implementer\n---\n\nPlan.\n")
    async with session(root, home, VSCODE) as client:
        for path, pos, target, line in ((skill, types.Position(line=4, character=9), agent, 1), (plan, types.Position(line=5, character=14), impl, 1)):
            uri = client.open(path)
            got = await client.text_document_definition_async(types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
            assert got and len(got) == 1, (path, got)
            assert got[0].uri == target.as_uri() and got[0].range.start.line == line
        nothing = await client.text_document_definition_async(types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=client.open(plan)), position=types.Position(line=4, character=12)))
        assert not nothing  # the handoff's label names no agent
