"""Hover over LSP: keys, values, tools, MCP tools, skills and agents."""

from __future__ import annotations

from pathlib import Path

from agentls.schema import AGENT_FIELDS, TOOLS
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.schema.mcp_catalog import known_servers
from lsp_support import NEOVIM, VSCODE, at, capabilities, session, write, write_mcp
from lsprotocol import types

AGENT = """---
name: reviewer
description: Reviews code changes.
tools: Read, Gr¦ep, mcp__context7__resolve-library-id, Task(fixer, Explore), MultiEdit, AskUserQuestion
disallowedTools: Bash
model: sonnet
skills:
  - changelog
---

Use `Read` first, then mcp__context7__resolve-library-id.
"""


async def _hover(client, path: Path, text_with_cursor: str, marker: str) -> tuple[str, types.Hover | None]:
    """Hover at the first occurrence of `marker` (the cursor goes just after its first char)."""
    clean = text_with_cursor.replace("¦", "")
    i = clean.index(marker) + 1
    text, pos = at(clean[:i] + "¦" + clean[i:])
    write(path, text)
    uri = client.open(path, text)
    h = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    return text, h


def _span(h: types.Hover) -> tuple[int, int, int]:
    return h.range.start.line, h.range.start.character, h.range.end.character


async def _project(ws: Path) -> Path:
    write_mcp(ws, {"context7": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}})
    write(ws / ".claude" / "skills" / "changelog" / "SKILL.md", "---\nname: changelog\ndescription: Writes the changelog from merged PRs.\n---\n\nSteps.\n")
    write(ws / ".claude" / "agents" / "fixer.md", "---\nname: fixer\ndescription: Fixes what the reviewer finds.\n---\n\nFix it.\n")
    return ws


async def test_hover_key_shows_docs_and_effective_tools(ws: Path, home: Path):
    await _project(ws)
    async with session(ws, home, VSCODE) as client:
        _, h = await _hover(client, ws / ".claude/agents/r.md", AGENT, "tools:")
    assert h.contents.kind == types.MarkupKind.Markdown
    value = h.contents.value
    assert value.startswith(AGENT_FIELDS["tools"].hover)
    assert "Claude Code loads 4 tools: Read, Grep, mcp__context7__resolve-library-id, Agent(fixer, Explore)." in value
    assert "- `MultiEdit` dropped: removed in 2.0.32" in value
    assert "- `AskUserQuestion` dropped: never given to sub-agents" in value
    assert _span(h) == (3, 0, 5)


async def test_hover_tool(ws: Path, home: Path):
    await _project(ws)
    async with session(ws, home, VSCODE) as client:
        _, h = await _hover(client, ws / ".claude/agents/r.md", AGENT, "Grep")
        _, old = await _hover(client, ws / ".claude/agents/s.md", AGENT, "MultiEdit")
        _, body = await _hover(client, ws / ".claude/agents/t.md", AGENT, "Read` first")
    assert h.contents.value.startswith(TOOLS["Grep"].docs.split("\n")[0])
    assert "Sub-agents get it when it is granted." in h.contents.value
    assert _span(h) == (3, 13, 17)
    assert "**MultiEdit** was removed from Claude Code (2.0.32). Use **Edit** instead." in old.contents.value
    assert _span(body) == (10, 5, 9) and "Reads a file" in body.contents.value


async def test_hover_renamed_tool_history_and_agents(ws: Path, home: Path):
    await _project(ws)
    async with session(ws, home, VSCODE) as client:
        _, task = await _hover(client, ws / ".claude/agents/r.md", AGENT, "Task(")
        _, fixer = await _hover(client, ws / ".claude/agents/s.md", AGENT, "fixer,")
        _, explore = await _hover(client, ws / ".claude/agents/t.md", AGENT, "Explore)")
    assert "**Task** was renamed **Agent**" in task.contents.value
    assert fixer.contents.value.startswith("**fixer** (agent in `.claude/agents/fixer.md`)") and "Fixes what the reviewer finds." in fixer.contents.value
    col = AGENT.replace("¦", "").splitlines()[3].index("fixer")
    assert _span(fixer) == (3, col, col + 5)
    assert explore.contents.value == BUILTIN_AGENTS["Explore"].docs


async def test_hover_mcp_tool(ws: Path, home: Path):
    await _project(ws)
    catalog = known_servers()["context7"]
    async with session(ws, home, NEOVIM) as client:
        text, h = await _hover(client, ws / ".claude/agents/r.md", AGENT, "mcp__context7__resolve")
        _, body = await _hover(client, ws / ".claude/agents/s.md", AGENT, "mcp__context7__resolve-library-id.")
    value = h.contents.value
    assert value.startswith(f"**mcp__context7__resolve-library-id**: {catalog.tools['resolve-library-id'].summary}")
    assert "- project scope: `.mcp.json` line 3: `npx -y @upstash/context7-mcp`" in value
    line = text.splitlines()[3]
    start = line.index("mcp__")
    assert _span(h) == (3, start, start + len("mcp__context7__resolve-library-id"))
    assert body.contents.value == value


async def test_hover_values_and_skills(ws: Path, home: Path):
    await _project(ws)
    async with session(ws, home, VSCODE) as client:
        _, model = await _hover(client, ws / ".claude/agents/r.md", AGENT, "sonnet")
        _, skill = await _hover(client, ws / ".claude/agents/s.md", AGENT, "changelog")
        _, nothing = await _hover(client, ws / ".claude/agents/t.md", AGENT, "code changes")
    assert model.contents.value == "**model: sonnet**: The latest Sonnet model: balanced capability and speed."
    assert skill.contents.value == "**changelog** (skill in `.claude/skills/changelog/SKILL.md`)\n\nWrites the changelog from merged PRs."
    assert nothing is None


async def test_hover_plain_text_client(ws: Path, home: Path):
    await _project(ws)
    caps = capabilities(VSCODE)
    caps.text_document.hover.content_format = [types.MarkupKind.PlainText]
    async with session(ws, home, caps=caps) as client:
        _, h = await _hover(client, ws / ".claude/agents/r.md", AGENT, "Grep")
    assert h.contents.kind == types.MarkupKind.PlainText and "**" not in h.contents.value and h.contents.value.startswith("Grep: ")


async def test_hover_mcp_servers_item(ws: Path, home: Path):
    await _project(ws)
    doc = "---\nname: r\ndescription: d\nmcpServers:\n  - context7\n  - nosuch\n---\n\nBody.\n"
    async with session(ws, home, VSCODE) as client:
        _, known = await _hover(client, ws / ".claude/agents/r.md", doc, "context7")
        _, missing = await _hover(client, ws / ".claude/agents/s.md", doc, "nosuch")
    assert known.contents.value.startswith(f"MCP server `context7`: {known_servers()['context7'].summary}\n- project scope: `.mcp.json` line 3")
    assert _span(known) == (4, 4, 12)
    assert missing.contents.value.startswith("MCP server `nosuch`\n- not configured (searched .mcp.json, ~/.claude.json")
