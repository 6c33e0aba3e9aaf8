"""Outline, folding, go to definition, document links and the effective-tools code lens."""

from __future__ import annotations

from pathlib import Path

from lsp_support import NEOVIM, VSCODE, capabilities, rng, session, write, write_mcp
from lsprotocol import types

AGENT = """---
name: reviewer
description: Reviews code changes.
tools:
  - Read
  - Task(fixer)
  - mcp__context7__query-docs
  - MultiEdit
skills:
  - changelog
---

# Reviewer

Read `docs/guide.md`, `docs/missing.md` and [the notes](notes/todo.md).

## Steps

1. Diff.
2. Call mcp__context7__query-docs.

```text
example
```

## Output

Done.
"""


def _ident(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _project(ws: Path) -> Path:
    write_mcp(ws, {"context7": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}})
    write(ws / ".claude" / "skills" / "changelog" / "SKILL.md", "---\nname: changelog\ndescription: Writes it.\n---\n")
    write(ws / ".claude" / "agents" / "fixer.md", "---\nname: fixer\ndescription: Fixes.\n---\n\nFix.\n")
    write(ws / "docs" / "guide.md", "# Guide\n")
    write(ws / "notes" / "todo.md", "- todo\n")
    return write(ws / ".claude" / "agents" / "reviewer.md", AGENT)


def _tree(symbols) -> list:
    return [(s.name, s.kind, (s.range.start.line, s.range.end.line), _tree(s.children or [])) for s in symbols]


async def test_outline(ws: Path, home: Path):
    path = _project(ws)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=_ident(uri)))
    SK = types.SymbolKind
    items = [(n, SK.EnumMember, (line, line), []) for n, line in (("Read", 4), ("Task(fixer)", 5), ("mcp__context7__query-docs", 6), ("MultiEdit", 7))]
    assert _tree(symbols) == [
        ("name", SK.Property, (1, 1), []),
        ("description", SK.Property, (2, 2), []),
        ("tools", SK.Property, (3, 7), items),
        ("skills", SK.Property, (8, 9), [("changelog", SK.EnumMember, (9, 9), [])]),
        ("Reviewer", SK.String, (12, 27), [("Steps", SK.String, (16, 23), []), ("Output", SK.String, (25, 27), [])]),
    ]
    assert symbols[0].detail == "reviewer" and symbols[2].detail == "4 items"
    assert symbols[4].selection_range == rng(12, 0, 12, 10)


async def test_flat_symbols_for_old_clients(ws: Path, home: Path):
    path = _project(ws)
    caps = capabilities(VSCODE)
    caps.text_document.document_symbol.hierarchical_document_symbol_support = False
    async with session(ws, home, caps=caps) as client:
        uri = client.open(path)
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=_ident(uri)))
    steps = next(s for s in symbols if s.name == "Steps")
    assert isinstance(steps, types.SymbolInformation) and steps.container_name == "Reviewer"


async def test_folding(ws: Path, home: Path):
    path = _project(ws)
    async with session(ws, home, NEOVIM) as client:
        uri = client.open(path)
        ranges = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=_ident(uri)))
    # frontmatter, `tools`, `skills`, the sections, the fenced block
    assert [(r.start_line, r.end_line) for r in ranges] == [(0, 10), (3, 7), (8, 9), (12, 27), (16, 23), (21, 23), (25, 27)]


async def test_definition(ws: Path, home: Path):
    path = _project(ws)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)

        async def go(line: int, char: int):
            return await client.text_document_definition_async(types.DefinitionParams(
                text_document=_ident(uri), position=types.Position(line=line, character=char)))

        skill, agent, mcp, body_mcp, none = await go(9, 6), await go(5, 11), await go(6, 10), await go(19, 15), await go(1, 8)
    assert [(loc.uri, loc.range) for loc in skill] == [((ws / ".claude/skills/changelog/SKILL.md").resolve().as_uri(), rng(0, 0, 0, 0))]
    assert [(loc.uri, loc.range) for loc in agent] == [((ws / ".claude/agents/fixer.md").resolve().as_uri(), rng(1, 6, 1, 11))]
    assert [(loc.uri, loc.range.start.line) for loc in mcp] == [((ws / ".mcp.json").resolve().as_uri(), 2)]
    assert [(loc.uri, loc.range.start.line) for loc in body_mcp] == [((ws / ".mcp.json").resolve().as_uri(), 2)]
    assert none is None


async def test_links_to_existing_files(ws: Path, home: Path):
    path = _project(ws)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=_ident(uri)))
    line = AGENT.splitlines()[14]
    guide, notes = line.index("docs/guide.md"), line.index("notes/todo.md")
    assert [(link.range, link.target, link.tooltip) for link in links] == [
        (rng(14, guide, 14, guide + 13), (ws / "docs/guide.md").resolve().as_uri(), "Open docs/guide.md"),
        (rng(14, notes, 14, notes + 13), (ws / "notes/todo.md").resolve().as_uri(), "Open notes/todo.md"),
    ]


async def test_effective_tools_lens(ws: Path, home: Path):
    path = _project(ws)
    other = write(ws / ".claude" / "agents" / "all.md", "---\nname: all\ndescription: Everything.\ndisallowedTools: Bash, Write\n---\n\nGo.\n")
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=_ident(uri)))
        inherit = await client.text_document_code_lens_async(types.CodeLensParams(text_document=_ident(client.open(other))))
    lenses = [lens for lens in lenses if lens.command.command != "agentls.mcp.fetchTools"]  # the opt-in fetch lens: tests/lsp/test_kinds_lsp.py
    assert [(lens.range, lens.command.title) for lens in lenses] == [
        (rng(3, 0, 3, 5), "Claude Code loads 3 tools: Read, Agent(fixer), mcp__context7__query-docs · 1 dropped: MultiEdit (removed in 2.0.32)"),
    ]
    assert [(lens.range, lens.command.title) for lens in inherit] == [
        (rng(0, 0, 0, 3), "Inherits every tool available to sub-agents, MCP tools included except Bash, Write"),
    ]


async def test_agent_not_loaded_error_at_the_top(ws: Path, home: Path):
    path = write(ws / ".claude/agents/bad.md", "---\nname: code:reviewer\ndescription: Reviews code.\n---\n\nReview.\n")
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
    top = [d for d in diags if d.code == "F009"]
    assert len(top) == 1 and top[0].range == rng(0, 0, 0, 3) and top[0].severity == types.DiagnosticSeverity.Error
    assert top[0].message.startswith("Claude Code does not load this agent: `code:reviewer` is not a valid agent name (names must not contain `:`")
    assert top[0].related_information[0].location.range == rng(1, 6, 1, 19)
