"""Completion over LSP, decided by the YAML structure at the cursor: what is offered, where it is
inserted, and that nothing offered is what the diagnostics would then reject."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from agentls.analysis import analyze
from agentls.document import parse_document
from agentls.schema import AGENT_FIELDS, MODEL_ALIASES, OLD_TOOLS, TOOLS
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.schema.mcp_catalog import known_servers
from agentls.workspace.index import WorkspaceIndex
from lsp_support import (
    NEOVIM,
    VSCODE,
    apply_edits,
    at,
    capabilities,
    session,
    write,
    write_mcp,
)
from lsprotocol import types

# Built-in tools a sub-agent can be granted (the catalog's own words: `subagent == "yes"`).
GRANTABLE = sorted(n for n, t in TOOLS.items() if t.subagent == "yes" and not t.deprecated)
CONTEXT7 = {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}


@pytest.fixture
def project(ws: Path) -> Path:
    write_mcp(ws, {"context7": CONTEXT7, "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"}})
    write(ws / ".claude" / "skills" / "pdf-report" / "SKILL.md", "---\nname: pdf-report\ndescription: Builds PDF reports.\n---\n\nSteps.\n")
    write(ws / ".claude" / "skills" / "changelog" / "SKILL.md", "---\nname: changelog\ndescription: Writes the changelog.\n---\n\nSteps.\n")
    write(ws / ".claude" / "agents" / "fixer.md", "---\nname: fixer\ndescription: Fixes what the reviewer finds.\n---\n\nFix it.\n")
    return ws


async def _complete(client, path: Path, text_with_cursor: str) -> tuple[str, types.Position, list[types.CompletionItem]]:
    text, pos = at(text_with_cursor)
    write(path, text)
    uri = client.open(path, text)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=pos))
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    return text, pos, list(items)


def _labels(items: list[types.CompletionItem]) -> list[str]:
    return sorted(i.label for i in items)


def _edit_range(items: list[types.CompletionItem]) -> set[tuple[int, int, int, int]]:
    return {(i.text_edit.range.start.line, i.text_edit.range.start.character, i.text_edit.range.end.line, i.text_edit.range.end.character)
            for i in items}


REVIEWER = "---\nname: reviewer\ndescription: Reviews code changes.\n"


async def test_block_list_item(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools:\n  - Read\n  - ¦\n---\n\nBody.\n")
    labels = _labels(items)
    aliases = {o.name for o in OLD_TOOLS.values() if o.alias}  # old names Claude Code still accepts
    expected = sorted({*GRANTABLE, *aliases, "mcp__context7", "mcp__github"} - {"Read"})
    assert labels == expected
    assert _edit_range(items) == {(pos.line, 4, pos.line, 4)}
    task = next(i for i in items if i.label == "Task")
    assert list(task.tags) == [types.CompletionItemTag.Deprecated] and "renamed **Agent**" in task.documentation.value
    grep = next(i for i in items if i.label == "Grep")
    assert grep.documentation.kind == types.MarkupKind.Markdown and grep.documentation.value == TOOLS["Grep"].docs


async def test_flow_list_half_typed(project: Path, home: Path):
    """`[Read, ` with no closing bracket yet: the frontmatter is not valid YAML at all."""
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools: [Read, Gr¦\nmodel: sonnet\n---\n\nBody.\n")
    assert "Grep" in _labels(items) and "Read" not in _labels(items)
    assert _edit_range(items) == {(pos.line, 14, pos.line, 16)}


async def test_comma_string_after_comma(project: Path, home: Path):
    async with session(project, home, NEOVIM) as client:
        text, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools: Read,¦\n---\n\nBody.\n")
    grep = next(i for i in items if i.label == "Grep")
    assert grep.text_edit.new_text == " Grep"  # a space after the comma
    assert "Read ," not in apply_edits(text, [grep.text_edit]) and "tools: Read, Grep\n" in apply_edits(text, [grep.text_edit])


async def test_disallowed_tools_excludes_granted(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, _, items = await _complete(client, project / ".claude/agents/r.md",
                                      REVIEWER + "tools: Read, Bash(git *)\ndisallowedTools: ¦\n---\n\nBody.\n")
    labels = _labels(items)
    assert "Read" not in labels and "Bash" in labels and "mcp__*" in labels
    assert "AskUserQuestion" in labels  # sub-agents never get it, but denying it is harmless
    task = next(i for i in items if i.label == "Task")  # an old name Claude Code still accepts
    assert list(task.tags) == [types.CompletionItemTag.Deprecated]


async def test_empty_model_value(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "model: ¦\n---\n\nBody.\n")
    assert [i.label for i in sorted(items, key=lambda i: i.sort_text)] == [v.name for v in MODEL_ALIASES]
    assert _edit_range(items) == {(pos.line, 7, pos.line, 7)}


async def test_permission_mode_respects_version(project: Path, home: Path):
    async with session(project, home, VSCODE, init={"claudeCodeVersion": "2.1.100"}) as client:
        _, _, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "permissionMode: ¦\n---\n\nBody.\n")
    labels = _labels(items)
    assert "plan" in labels and "manual" not in labels  # `manual` arrived in 2.1.200


async def test_new_key_line_snippets(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "model: sonnet\n¦\n---\n\nBody.\n")
    labels = _labels(items)
    assert labels == sorted(set(AGENT_FIELDS) - {"name", "description", "model"})
    color = next(i for i in items if i.label == "color")
    assert color.insert_text_format == types.InsertTextFormat.Snippet
    assert color.text_edit.new_text == "color: ${1|red,blue,green,yellow,purple,orange,pink,cyan|}"
    assert next(i for i in items if i.label == "skills").text_edit.new_text == "skills:\n  - ${1:skill-name}"
    assert _edit_range(items) == {(pos.line, 0, pos.line, 0)}


async def test_half_typed_key_without_snippets(project: Path, home: Path):
    """Neovim 0.7 has no snippets; `mo` alone on a line breaks the YAML (partial parse)."""
    caps = capabilities("neovim@0.7")
    async with session(project, home, caps=caps) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "mo¦\n---\n\nBody.\n")
    model = next(i for i in items if i.label == "model")
    assert model.insert_text_format == types.InsertTextFormat.PlainText and model.text_edit.new_text == "model: "
    assert _edit_range([model]) == {(pos.line, 0, pos.line, 2)}
    assert "name" not in _labels(items)


async def test_mcp_servers_then_tools(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, servers = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools: Read, mcp__¦\n---\n\nBody.\n")
        assert _labels(servers) == ["mcp__context7", "mcp__github"]
        assert _edit_range(servers) == {(pos.line, 13, pos.line, 18)}
        _, pos, tools = await _complete(client, project / ".claude/agents/s.md", REVIEWER + "tools:\n  - mcp__context7__¦\n---\n\nBody.\n")
    catalog = known_servers()["context7"].tools
    assert _labels(tools) == sorted(["mcp__context7__*", *(f"mcp__context7__{t}" for t in catalog)])
    old = next(i for i in tools if i.label == "mcp__context7__get-library-docs")
    assert list(old.tags) == [types.CompletionItemTag.Deprecated]
    assert _edit_range(tools) == {(pos.line, 4, pos.line, 19)}


async def test_mcp_tools_used_in_the_workspace(project: Path, home: Path):
    """A server outside the catalog: its tool names come from the rest of the workspace."""
    write_mcp(project, {"coord": {"command": "python", "args": ["coord.py"]}})
    write(project / ".claude" / "settings.json", json.dumps({"permissions": {"allow": ["mcp__coord__task_list"]}}))
    write(project / ".claude" / "agents" / "lead.md", REVIEWER.replace("reviewer", "lead") + "tools: mcp__coord__task_status\n---\n\nLead.\n")
    async with session(project, home, VSCODE) as client:
        _, _, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools: mcp__coord__¦\n---\n\nBody.\n")
    assert _labels(items) == ["mcp__coord__*", "mcp__coord__task_list", "mcp__coord__task_status"]


async def test_skills_item(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "skills:\n  - changelog\n  - ¦\n---\n\nBody.\n")
    assert _labels(items) == ["pdf-report"]
    assert _edit_range(items) == {(pos.line, 4, pos.line, 4)}


async def test_mcp_servers_item(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, _, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "mcpServers:\n  - github\n  - ¦\n---\n\nBody.\n")
    assert _labels(items) == ["context7"]


async def test_agent_argument(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "tools: Read, Agent(Explore, ¦)\n---\n\nBody.\n")
    assert _labels(items) == sorted({*BUILTIN_AGENTS, "fixer"} - {"Explore"})
    assert _edit_range(items) == {(pos.line, pos.character, pos.line, pos.character)}


async def test_backtick_in_body(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md",
                                        REVIEWER + "tools: Read, Grep, Bash(git *), AskUserQuestion\n---\n\nUse `¦ to search.\n")
    assert _labels(items) == ["Bash", "Grep", "Read"]  # granted and given to sub-agents: never AskUserQuestion
    assert _edit_range(items) == {(pos.line, 5, pos.line, 5)}


async def test_mcp_name_in_body(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, pos, items = await _complete(client, project / ".claude/agents/r.md",
                                        REVIEWER + "tools: Read, mcp__context7\n---\n\nThen call mcp__con¦ for docs.\n")
    assert _labels(items) == sorted(f"mcp__context7__{t}" for t in known_servers()["context7"].tools)
    assert _edit_range(items) == {(pos.line, 10, pos.line, 18)}


async def test_nothing_in_plain_text(project: Path, home: Path):
    async with session(project, home, VSCODE) as client:
        _, _, body = await _complete(client, project / ".claude/agents/r.md", REVIEWER + "---\n\nReview the ¦diff.\n")
        _, _, desc = await _complete(client, project / ".claude/agents/s.md", "---\nname: s\ndescription: Reviews ¦code\n---\n\nBody.\n")
        _, _, other = await _complete(client, project / "README.md", "---\nname: s\n¦\n---\n")
    assert body == [] and desc == [] and other == []


async def test_key_at_the_closing_delimiter_gets_its_own_line(project: Path, home: Path):
    async with session(project, home, NEOVIM) as client:
        text, pos, items = await _complete(client, project / ".claude/agents/t.md", "---\nname: t\ndescription: d\n¦---\n\nBody.\n")
    model = next(i for i in items if i.label == "model")
    assert _edit_range([model]) == {(3, 0, 3, 0)} and model.text_edit.new_text.endswith("\n")
    assert "name" not in _labels(items)
    assert apply_edits(text, [model.text_edit]).split("\n")[4] == "---"


@pytest.mark.parametrize("form", ["tools: Read, ¦", "tools:\n  - Read\n  - ¦", "tools: [Read, ¦]", "disallowedTools: ¦"])
async def test_offered_tools_are_never_rejected(project: Path, home: Path, form: str):
    """Insert every offered name, check the file in-process: no diagnostic about that entry."""
    async with session(project, home, VSCODE) as client:
        text, _, items = await _complete(client, project / ".claude/agents/r.md", REVIEWER + form + "\n---\n\nBody.\n")
    index = WorkspaceIndex.build(str(project), [], home=str(home))
    assert len(items) > 30
    for item in items:
        new = apply_edits(text, [item.text_edit])
        doc = parse_document(new, path=str(project / ".claude/agents/r.md"))
        line = item.text_edit.range.start.line
        bad = [f for f in analyze(doc, None, index) if f.range.start.line == line and f.category in ("tools", "mcp", "syntax", "schema")
               and f.severity != "hint"]
        assert not bad, (item.label, [(f.code, f.message) for f in bad])
