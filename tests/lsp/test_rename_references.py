"""Find references, rename (with prepareRename) and workspace symbols over stdio, on a copy of
the fixture workspace `tests/fixtures/navigation`."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_support import NEOVIM, VSCODE, session
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.uris import to_fs_path

from support import apply_workspace_edit, copy_fixture

REVIEWER = ".claude/agents/code-reviewer.md"
LEAD = ".claude/agents/lead.md"
SKILL = ".claude/skills/release-notes/SKILL.md"
PLANNER = ".github/agents/planner.agent.md"
TESTER = ".claude/agents/test-writer.md"

REVIEWER_DEFINITION = (REVIEWER, 1, 6, 19)
REVIEWER_REFERENCES = [  # every other place naming the agent `code-reviewer`, sorted by file
    (LEAD, 3, 19, 32), (LEAD, 10, 31, 44), (TESTER, 6, 51, 64), (".claude/settings.json", 4, 19, 32), (SKILL, 4, 7, 20),
    (PLANNER, 4, 9, 22), (PLANNER, 7, 11, 24)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture("navigation", tmp_path / "nav")


def _pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def _doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def _places(root: Path, locations) -> list[tuple[str, int, int, int]]:
    out = []
    for loc in locations:
        rel = Path(to_fs_path(loc.uri)).relative_to(root.resolve()).as_posix()
        r = loc.range
        assert r.start.line == r.end.line
        out.append((rel, r.start.line, r.start.character, r.end.character))
    return out


async def _references(client, uri: str, line: int, character: int, declaration: bool):
    return await client.text_document_references_async(types.ReferenceParams(
        text_document=_doc(uri), position=_pos(line, character), context=types.ReferenceContext(include_declaration=declaration)))


async def _rename(client, uri: str, line: int, character: int, new_name: str):
    return await client.text_document_rename_async(types.RenameParams(text_document=_doc(uri), position=_pos(line, character), new_name=new_name))


async def test_capabilities_are_advertised(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        caps = client.init_result.capabilities
    assert caps.references_provider is True
    assert caps.rename_provider == types.RenameOptions(prepare_provider=True)
    assert caps.workspace_symbol_provider is not None


async def test_references_from_the_definition_and_from_a_reference(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        reviewer, lead, planner = client.open(root / REVIEWER), client.open(root / LEAD), client.open(root / PLANNER)
        from_definition = await _references(client, reviewer, 1, 10, True)
        without_declaration = await _references(client, reviewer, 1, 6, False)
        from_tools = await _references(client, lead, 3, 25, True)  # Agent(code-reviewer, ...)
        from_prompt = await _references(client, lead, 10, 44, False)  # end of the name, after an emoji
        from_handoff = await _references(client, planner, 7, 11, True)
        nothing = await _references(client, lead, 2, 20, True)  # the description
    assert _places(root, from_definition) == [REVIEWER_DEFINITION, *REVIEWER_REFERENCES]
    assert _places(root, without_declaration) == REVIEWER_REFERENCES
    assert _places(root, from_tools) == _places(root, from_handoff) == [REVIEWER_DEFINITION, *REVIEWER_REFERENCES]
    assert _places(root, from_prompt) == REVIEWER_REFERENCES
    assert nothing is None


async def test_references_of_an_mcp_server_and_of_a_skill(root: Path, home: Path):
    async with session(root, home, NEOVIM) as client:
        reviewer, lead = client.open(root / REVIEWER), client.open(root / LEAD)
        server = await _references(client, reviewer, 6, 75, True)  # on `search` of mcp__docs-server__search in the prompt
        skill = await _references(client, lead, 5, 6, True)
    assert _places(root, server) == [
        (".mcp.json", 2, 5, 16), (REVIEWER, 3, 24, 35), (REVIEWER, 6, 61, 72), (LEAD, 3, 53, 64),
        (".claude/settings.json", 1, 29, 40), (".claude/settings.json", 3, 20, 31), (SKILL, 5, 25, 36)]
    assert _places(root, skill) == [(SKILL, 1, 6, 19), (LEAD, 5, 4, 17)]


async def test_references_follow_unsaved_text(root: Path, home: Path):
    text = (root / LEAD).read_text("utf-8").replace("Agent(code-reviewer, test-writer)", "Agent(test-writer)")
    async with session(root, home, VSCODE) as client:
        reviewer = client.open(root / REVIEWER)
        client.open(root / LEAD, text)
        got = await _references(client, reviewer, 1, 6, False)
    assert _places(root, got) == REVIEWER_REFERENCES[1:]  # not the `Agent(...)` the editor's text no longer has


async def test_definition_of_an_agent_named_in_the_prompt(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        lead = client.open(root / LEAD)
        got = await client.text_document_definition_async(types.DefinitionParams(text_document=_doc(lead), position=_pos(12, 30)))
    assert _places(root, got) == [(TESTER, 1, 6, 17)]


async def test_prepare_rename(root: Path, home: Path):
    text = (root / TESTER).read_text("utf-8").replace("tools: Read, Write, Edit, Bash", "tools: Read, Agent(general-purpose)")
    async with session(root, home, VSCODE) as client:
        lead, tester = client.open(root / LEAD), client.open(root / TESTER, text)
        on_name = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=_doc(lead), position=_pos(10, 40)))
        on_text = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=_doc(lead), position=_pos(10, 5)))
        with pytest.raises(JsonRpcException) as err:
            await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=_doc(tester), position=_pos(3, 25)))
    assert on_name == types.PrepareRenamePlaceholder(
        range=types.Range(start=_pos(10, 31), end=_pos(10, 44)), placeholder="code-reviewer")
    assert on_text is None
    assert err.value.code == types.LSPErrorCodes.RequestFailed and "`general-purpose` is a built-in agent" in err.value.message


async def test_rename_an_agent_across_files_with_its_file(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        lead = client.open(root / LEAD)
        edit = await _rename(client, lead, 3, 22, "quality-reviewer")
    renames = [c for c in edit.document_changes if isinstance(c, types.RenameFile)]
    assert [(Path(to_fs_path(c.old_uri)).name, Path(to_fs_path(c.new_uri)).name) for c in renames] == [("code-reviewer.md", "quality-reviewer.md")]
    versions = {Path(to_fs_path(c.text_document.uri)).name: c.text_document.version for c in edit.document_changes if isinstance(c, types.TextDocumentEdit)}
    assert versions == {"code-reviewer.md": None, "lead.md": 1, "test-writer.md": None, "settings.json": None, "SKILL.md": None, "planner.agent.md": None}
    apply_workspace_edit(edit)
    assert not (root / REVIEWER).exists()
    assert (root / ".claude/agents/quality-reviewer.md").read_text("utf-8").startswith("---\nname: quality-reviewer\n")
    lines = (root / LEAD).read_text("utf-8").splitlines()
    assert lines[3] == "tools: Read, Agent(quality-reviewer, test-writer), mcp__docs-server"
    assert lines[10] == "🚀 Delegate the review to the `quality-reviewer` agent."
    assert (root / TESTER).read_text("utf-8").endswith("Do not delegate to the quality-reviewer agent.\n")
    assert "\nagent: quality-reviewer\n" in (root / SKILL).read_text("utf-8")
    planner = (root / PLANNER).read_text("utf-8")
    assert "agents: [quality-reviewer, helper]\n" in planner and "    agent: quality-reviewer\n" in planner
    assert not [p for p in root.rglob("*") if p.is_file() and "code-reviewer" in p.read_text("utf-8")]


async def test_rename_falls_back_to_plain_changes(root: Path, home: Path):
    async with session(root, home, NEOVIM) as client:  # no documentChanges: text edits only, the file keeps its name
        reviewer = client.open(root / REVIEWER)
        edit = await _rename(client, reviewer, 1, 8, "quality-reviewer")
    assert edit.document_changes is None
    assert sorted(Path(to_fs_path(u)).relative_to(root.resolve()).as_posix() for u in edit.changes) == sorted([LEAD, PLANNER, REVIEWER, SKILL, TESTER, ".claude/settings.json"])
    apply_workspace_edit(edit)
    assert (root / REVIEWER).read_text("utf-8").startswith("---\nname: quality-reviewer\n")
    assert "Agent(quality-reviewer, test-writer)" in (root / LEAD).read_text("utf-8")


async def test_rename_a_skill_folder_and_an_mcp_server(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        lead = client.open(root / LEAD)
        skill = await _rename(client, lead, 5, 10, "changelog")
        server = await _rename(client, lead, 3, 58, "docs")
    moved = [(Path(to_fs_path(c.old_uri)).name, Path(to_fs_path(c.new_uri)).name) for c in skill.document_changes if isinstance(c, types.RenameFile)]
    assert moved == [("release-notes", "changelog")]
    assert not [c for c in server.document_changes if isinstance(c, types.RenameFile)]
    apply_workspace_edit(server)
    apply_workspace_edit(skill)
    assert (root / ".claude/skills/changelog/SKILL.md").read_text("utf-8").startswith("---\nname: changelog\n")
    assert '"docs": {' in (root / ".mcp.json").read_text("utf-8")
    assert '"enabledMcpjsonServers": ["docs", "tracker"]' in (root / ".claude/settings.json").read_text("utf-8")
    assert "skills:\n  - changelog\n" in (root / LEAD).read_text("utf-8")


async def test_rename_refuses_a_name_the_product_would_not_load(root: Path, home: Path):
    async with session(root, home, VSCODE) as client:
        reviewer = client.open(root / REVIEWER)
        with pytest.raises(JsonRpcException) as bad:
            await _rename(client, reviewer, 1, 8, "team:reviewer")
        with pytest.raises(JsonRpcException) as taken:
            await _rename(client, reviewer, 1, 8, "lead")
        still = await _references(client, reviewer, 1, 8, True)  # the server goes on answering
    assert bad.value.code == types.LSPErrorCodes.RequestFailed
    assert bad.value.message == ("`team:reviewer` cannot be the agent's name: names must not contain `:` (reserved for plugin agents) "
                                 "(Claude Code would not load the agent).")
    assert "An agent named `lead` already exists (.claude/agents/lead.md)" in taken.value.message
    assert len(still) == 8


async def test_workspace_symbols_with_a_query(root: Path, home: Path):
    unsaved = (root / PLANNER).read_text("utf-8").replace("name: planner", "name: route-planner")
    async with session(root, home, VSCODE) as client:
        uri = client.open(root / PLANNER, unsaved)
        await client.diagnostics_for(uri)  # checked: the index has the unsaved name
        reviewers = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="REV"))
        planners = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="plan"))
        servers = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="tracker"))
    assert [(s.name, s.kind, s.container_name, _places(root, [s.location])) for s in reviewers] == [
        ("code-reviewer", types.SymbolKind.Class, "Claude Code agent", [REVIEWER_DEFINITION])]
    assert [(s.name, _places(root, [s.location])) for s in planners] == [("route-planner", [(PLANNER, 1, 6, 19)])]
    assert [(s.name, s.kind, _places(root, [s.location])) for s in servers] == [("tracker", types.SymbolKind.Package, [(".mcp.json", 6, 5, 12)])]


async def test_broken_yaml_gets_null_not_a_failure(root: Path, home: Path):
    broken = root / ".claude/agents/broken.md"
    broken.write_text("---\nname: [unclosed\ndescription: d\n---\n\nBody.\n", "utf-8")
    async with session(root, home, VSCODE) as client:
        uri = client.open(broken)
        prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=_doc(uri), position=_pos(1, 9)))
        renamed = await _rename(client, uri, 1, 9, "fixed")
        found = await _references(client, uri, 1, 9, True)
    assert prepared is None and renamed is None and found is None
