"""Find references, rename and workspace symbols as pure functions, on the fixture workspace
`tests/fixtures/navigation` (copied: the rename tests apply their edits to it)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agentls.analysis.config import Config
from agentls.document import parse_document
from agentls.features.capabilities import ClientCaps
from agentls.features.references import occurrences, target_at
from agentls.features.rename import Refused, name_problem, prepare_rename, rename
from agentls.features.workspace import build_index
from agentls.features.workspace_files import WorkspaceFiles
from agentls.features.workspace_symbols import matches, workspace_symbols
from support import apply_workspace_edit, copy_fixture

CONFIG = Config()
VERSION = CONFIG.version
RENAMES_FILES = ClientCaps(document_changes=True, rename_files=True)

REVIEWER = ".claude/agents/code-reviewer.md"
LEAD = ".claude/agents/lead.md"
SKILL = ".claude/skills/release-notes/SKILL.md"
PLANNER = ".github/agents/planner.agent.md"

# Every place the fixture names the agent `code-reviewer`: (file, line, start, end, definition)
REVIEWER_PLACES = [
    (REVIEWER, 1, 6, 19, True),
    (LEAD, 3, 19, 32, False),  # tools: Agent(code-reviewer, ...)
    (LEAD, 10, 31, 44, False),  # after an astral emoji: UTF-16 columns
    (".claude/agents/test-writer.md", 6, 51, 64, False),  # "Do not delegate to the code-reviewer agent"
    (".claude/settings.json", 4, 19, 32, False),  # a permission rule: "ask": ["Agent(code-reviewer)"]
    (SKILL, 4, 7, 20, False),  # agent: code-reviewer
    (PLANNER, 4, 9, 22, False),  # agents: [code-reviewer, helper]
    (PLANNER, 7, 11, 24, False),  # handoffs: agent: code-reviewer
]
SERVER_PLACES = [
    (".mcp.json", 2, 5, 16, True),
    (REVIEWER, 3, 24, 35, False),
    (REVIEWER, 6, 61, 72, False),  # mcp__docs-server__search in the prompt
    (LEAD, 3, 53, 64, False),
    (".claude/settings.json", 1, 29, 40, False),  # enabledMcpjsonServers
    (".claude/settings.json", 3, 20, 31, False),  # permissions.allow
    (SKILL, 5, 25, 36, False),  # allowed-tools
]


def _files(root: Path, home: Path, open_docs=()) -> WorkspaceFiles:
    index, _ = build_index(str(root), CONFIG, str(home), (str(root),))
    for doc in open_docs:
        index.update(doc)
    return WorkspaceFiles(index, open_docs, CONFIG)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_fixture("navigation", tmp_path / "project")


def _at(files: WorkspaceFiles, rel: str, needle: str, shift: int = 0, nth: int = 0):
    doc = files.document(str(files.root) + "/" + rel)
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(needle, at + 1)
    return doc, at + shift


def _places(files: WorkspaceFiles, rel: str, needle: str, shift: int = 0, nth: int = 0) -> list[tuple]:
    doc, offset = _at(files, rel, needle, shift, nth)
    target, _ = target_at(doc, offset, VERSION, files.index)
    return [(os.path.relpath(o.path, files.root), o.range.start.line, o.range.start.character, o.range.end.character, o.definition)
            for o in occurrences(target, files, VERSION)]


# ---- references ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, needle, shift, nth", [
    (REVIEWER, "code-reviewer", 0, 0),  # the definition
    (LEAD, "code-reviewer", 4, 0),  # Agent(code-reviewer)
    (LEAD, "code-reviewer", 13, 1),  # the prompt, at the end of the name
    (SKILL, "code-reviewer", 0, 0),
    (PLANNER, "code-reviewer", 2, 1),  # a handoff
])
def test_references_of_an_agent_from_anywhere(root, home, rel, needle, shift, nth):
    assert _places(_files(root, home), rel, needle, shift, nth) == REVIEWER_PLACES


def test_references_of_an_mcp_server_from_the_tool_part_of_an_entry(root, home):
    assert _places(_files(root, home), REVIEWER, "search") == SERVER_PLACES


def test_references_of_a_skill_and_of_a_copilot_agent_named_by_its_file(root, home):
    files = _files(root, home)
    assert _places(files, LEAD, "release-notes") == [(SKILL, 1, 6, 19, True), (LEAD, 5, 4, 17, False)]
    assert _places(files, PLANNER, "helper") == [(".github/agents/helper.agent.md", 0, 0, 0, True), (PLANNER, 4, 24, 30, False)]


def test_a_name_nothing_defines_goes_by_its_text(root, home):
    (root / ".claude/agents/test-writer.md").write_text(
        "---\nname: test-writer\ndescription: Writes tests.\ntools: Agent(nobody-here)\n---\n\nHand the work off to the `nobody-here` agent.\n")
    files = _files(root, home)
    assert _places(files, ".claude/agents/test-writer.md", "nobody-here") == [
        (".claude/agents/test-writer.md", 3, 13, 24, False), (".claude/agents/test-writer.md", 6, 26, 37, False)]


def test_unsaved_text_of_an_open_document_counts(root, home):
    path = root / LEAD
    text = path.read_text().replace("Agent(code-reviewer, test-writer)", "Agent(test-writer)")
    opened = parse_document(text, path=str(path), uri=path.as_uri(), version=3, kind="agent")
    places = _places(_files(root, home, [opened]), REVIEWER, "code-reviewer")
    assert (LEAD, 3, 19, 32, False) not in places and len(places) == len(REVIEWER_PLACES) - 1


def test_nothing_named_under_the_cursor(root, home):
    files = _files(root, home)
    for needle in ("description", "Read,", "# Lead"):
        doc, offset = _at(files, LEAD, needle)
        assert target_at(doc, offset, VERSION, files.index) is None


# ---- rename ------------------------------------------------------------------------------------

def _text(root: Path, rel: str) -> str:
    return (root / rel).read_text("utf-8")


def _all_text(root: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted(root.rglob("*")) if p.is_file())


def test_rename_an_agent_everywhere_with_its_file(root, home):
    files = _files(root, home)
    doc, offset = _at(files, LEAD, "code-reviewer", 3)
    edit = rename(doc, offset, "quality-reviewer", VERSION, files, RENAMES_FILES)
    assert edit.changes is None
    apply_workspace_edit(edit)
    assert not (root / REVIEWER).exists()
    assert _text(root, ".claude/agents/quality-reviewer.md").startswith("---\nname: quality-reviewer\n")
    assert _text(root, LEAD).splitlines()[3] == "tools: Read, Agent(quality-reviewer, test-writer), mcp__docs-server"
    assert _text(root, LEAD).splitlines()[10] == "🚀 Delegate the review to the `quality-reviewer` agent."
    assert "agents: [quality-reviewer, helper]" in _text(root, PLANNER) and "    agent: quality-reviewer\n" in _text(root, PLANNER)
    assert "\nagent: quality-reviewer\n" in _text(root, SKILL)
    assert json.loads(_text(root, ".claude/settings.json"))["permissions"]["ask"] == ["Agent(quality-reviewer)"]
    assert "code-reviewer" not in _all_text(root)
    # the renamed workspace names the new name in as many places as it named the old one
    assert len(_places(_files(root, home), LEAD, "quality-reviewer")) == len(REVIEWER_PLACES)


def test_rename_without_file_operations_edits_text_only(root, home):
    files = _files(root, home)
    doc, offset = _at(files, REVIEWER, "code-reviewer")
    edit = rename(doc, offset, "quality-reviewer", VERSION, files, ClientCaps(document_changes=True))
    assert edit.document_changes is None
    assert sorted((os.path.relpath(Path(u[7:]), root), len(e)) for u, e in edit.changes.items()) == [
        (REVIEWER, 1), (LEAD, 2), (".claude/agents/test-writer.md", 1), (".claude/settings.json", 1), (SKILL, 1), (PLANNER, 2)]
    apply_workspace_edit(edit)
    assert (root / REVIEWER).exists() and _text(root, REVIEWER).startswith("---\nname: quality-reviewer\n")


def test_rename_a_skill_and_its_folder(root, home):
    files = _files(root, home)
    doc, offset = _at(files, SKILL, "release-notes")
    apply_workspace_edit(rename(doc, offset, "changelog", VERSION, files, RENAMES_FILES))
    assert not (root / ".claude/skills/release-notes").exists()
    assert _text(root, ".claude/skills/changelog/SKILL.md").startswith("---\nname: changelog\n")
    assert "skills:\n  - changelog\n" in _text(root, LEAD)


def test_rename_an_mcp_server_in_its_configuration_and_every_agent(root, home):
    files = _files(root, home)
    doc, offset = _at(files, LEAD, "docs-server")
    apply_workspace_edit(rename(doc, offset, "docs", VERSION, files, RENAMES_FILES))
    assert list(json.loads(_text(root, ".mcp.json"))["mcpServers"]) == ["docs", "tracker"]
    settings = json.loads(_text(root, ".claude/settings.json"))
    assert settings["enabledMcpjsonServers"] == ["docs", "tracker"] and settings["permissions"]["allow"][0] == "mcp__docs__search"
    assert "tools: Read, Grep, mcp__docs__search\n" in _text(root, REVIEWER) and "with mcp__docs__search first" in _text(root, REVIEWER)
    assert "mcp__docs-server" not in _all_text(root) and '"docs-server-mcp"' in _text(root, ".mcp.json")


def test_a_new_name_that_yaml_would_read_otherwise_is_quoted(root, home):
    files = _files(root, home)
    doc, offset = _at(files, REVIEWER, "code-reviewer")
    apply_workspace_edit(rename(doc, offset, "1234", VERSION, files, RENAMES_FILES))
    renamed = parse_document(_text(root, ".claude/agents/1234.md"), path=str(root / ".claude/agents/1234.md"))
    assert renamed.frontmatter.get("name").value.style == '"' and renamed.frontmatter.scalar("name") == "1234"
    assert "Agent(1234, test-writer)" in _text(root, LEAD) and 'agents: ["1234", helper]' in _text(root, PLANNER)


@pytest.mark.parametrize("new, words", [
    ("-reviewer", "must not start with `-`"),
    ("team:reviewer", "must not contain `:`"),
    ("a, b", "`,` would break"),
    ("a/b", "`/` would break"),
    (" padded", "no spaces at their ends"),
    ("", "the name is empty"),
    ("test-writer", "An agent named `test-writer` already exists (.claude/agents/test-writer.md)"),
    ("planner", "An agent named `planner` already exists (.github/agents/planner.agent.md)"),
])
def test_rename_refuses_a_bad_or_taken_agent_name(root, home, new, words):
    files = _files(root, home)
    doc, offset = _at(files, REVIEWER, "code-reviewer")
    with pytest.raises(Refused) as err:
        rename(doc, offset, new, VERSION, files, RENAMES_FILES)
    assert words in str(err.value)


@pytest.mark.parametrize("rel, needle, new, words", [
    (SKILL, "release-notes", "Release_Notes", "skill names are lowercase letters, digits and hyphens"),
    (LEAD, "docs-server", "docs__v2", "`__` separates the server from the tool"),
    (LEAD, "docs-server", "docs server", "MCP server names are letters, digits"),
    (LEAD, "docs-server", "tracker", "An MCP server named `tracker` is already configured"),
])
def test_rename_refuses_bad_skill_and_server_names(root, home, rel, needle, new, words):
    files = _files(root, home)
    doc, offset = _at(files, rel, needle)
    with pytest.raises(Refused) as err:
        rename(doc, offset, new, VERSION, files, RENAMES_FILES)
    assert words in str(err.value)


def test_what_cannot_be_renamed(root, home):
    (root / ".claude/agents/test-writer.md").write_text(
        "---\nname: test-writer\ndescription: Writes tests.\ntools: Agent(general-purpose, mine, nobody)\n---\n\nWrite tests.\n")
    user = home / ".claude/agents/mine.md"
    user.parent.mkdir(parents=True)
    user.write_text("---\nname: mine\ndescription: The user's own.\n---\n\nHelp.\n")
    (root / ".claude/agents/lead-copy.md").write_text("---\nname: lead\ndescription: A second lead.\n---\n\nLead.\n")
    files = _files(root, home)
    for needle, words in (("general-purpose", "`general-purpose` is a built-in agent"),
                          ("mine", f"The agent `mine` is defined in {user}, outside this workspace"),
                          ("nobody", "No agent named `nobody` is defined in this workspace")):
        doc, offset = _at(files, ".claude/agents/test-writer.md", needle)
        with pytest.raises(Refused) as err:
            prepare_rename(doc, offset, VERSION, files)
        assert words in str(err.value)
    doc, offset = _at(files, LEAD, "lead")
    with pytest.raises(Refused, match=r"2 files define the agent `lead` \(.claude/agents/lead-copy.md, .claude/agents/lead.md\)"):
        rename(doc, offset, "boss", VERSION, files, RENAMES_FILES)


def test_prepare_rename_gives_the_exact_name(root, home):
    files = _files(root, home)
    doc, offset = _at(files, LEAD, "code-reviewer", 20, 1)  # on the name in the prompt, line 10 after the emoji
    got = prepare_rename(doc, offset - 7, VERSION, files)
    assert (got.placeholder, got.range.start.line, got.range.start.character, got.range.end.character) == ("code-reviewer", 10, 31, 44)
    server = prepare_rename(*_at(files, LEAD, "docs-server", 3), VERSION, files)
    assert (server.placeholder, server.range.start.character, server.range.end.character) == ("docs-server", 53, 64)
    assert prepare_rename(*_at(files, LEAD, "mcp__docs-server", 2), VERSION, files) is None  # on `mcp__`, not the name
    assert prepare_rename(*_at(files, LEAD, "Leads the work"), VERSION, files) is None


def test_rename_to_the_same_name_changes_nothing(root, home):
    files = _files(root, home)
    edit = rename(*_at(files, REVIEWER, "code-reviewer"), "code-reviewer", VERSION, files, RENAMES_FILES)
    assert edit.changes == {} and edit.document_changes is None


def test_name_rules(root, home):
    files = _files(root, home)
    target = target_at(*_at(files, REVIEWER, "code-reviewer"), VERSION, files.index)[0]
    assert name_problem(target, "Code Reviewer 2") is None  # the loader takes spaces and capitals
    assert name_problem(target, "x" * 257) == "names must be at most 256 characters (Claude Code would not load the agent)"
    assert name_problem(target, "a:b", "copilot-agent") is None  # Claude Code's loader rules are for its own agents
    assert "`(`" in name_problem(target, "a(b")


# ---- workspace symbols -------------------------------------------------------------------------

def test_workspace_symbols(root, home):
    index = _files(root, home).index
    everything = [(s.name, s.kind.name, s.container_name, os.path.relpath(Path(s.location.uri[7:]), root),
                   (s.location.range.start.line, s.location.range.start.character, s.location.range.end.character))
                  for s in workspace_symbols("", [index])]
    assert everything == [
        ("code-reviewer", "Class", "Claude Code agent", REVIEWER, (1, 6, 19)),
        ("docs-server", "Package", "MCP server", ".mcp.json", (2, 5, 16)),
        ("helper", "Class", "Copilot agent", ".github/agents/helper.agent.md", (0, 0, 0)),
        ("lead", "Class", "Claude Code agent", LEAD, (1, 6, 10)),
        ("planner", "Class", "Copilot agent", PLANNER, (1, 6, 13)),
        ("release-notes", "Module", "skill", SKILL, (0, 0, 0)),
        ("ship", "Function", "command", ".claude/commands/ship.md", (0, 0, 0)),
        ("test-writer", "Class", "Claude Code agent", ".claude/agents/test-writer.md", (1, 6, 17)),
        ("tracker", "Package", "MCP server", ".mcp.json", (6, 5, 12)),
    ]
    assert [s.name for s in workspace_symbols("RVW", [index])] == ["code-reviewer"]
    assert [s.name for s in workspace_symbols("tr", [index])] == ["test-writer", "tracker"]


def test_workspace_symbols_leave_out_the_users_files(root, home):
    user = home / ".claude/agents/mine.md"
    user.parent.mkdir(parents=True)
    user.write_text("---\nname: mine\ndescription: The user's own.\n---\n")
    index = _files(root, home).index
    assert "mine" in index.agent_names() and "mine" not in [s.name for s in workspace_symbols("", [index])]


def test_subsequence_match():
    assert matches("", "anything") and matches("cr", "code-reviewer") and matches("CR", "code-reviewer")
    assert not matches("rc", "cr") and not matches("reviewers", "reviewer")


# ---- bad input ---------------------------------------------------------------------------------

BROKEN = [
    "---\nname: [unclosed\ndescription: x\ntools: Agent(code-reviewer), mcp__docs-server\n---\n\nDelegate to the `code-reviewer` agent.\n",
    "---\nname: code-reviewer\n  bad: indentation\ntools: Agent(\n---\n",
    "---\nname: lead\ntools: Read, Agent(code-reviewer\n",  # never closed
    "---\n- a list\n- not a mapping\n---\nmcp__docs-server__x\n",
    "---\nname: \"code-\\u0072eviewer\"\nagents: {a: b}\nskills: 3\nmcpServers: [{x: 1}, docs-server]\n---\n",
    "\ufeffno frontmatter at all, mcp__docs-server__search and `code-reviewer` agent.\n",
    "",
]


@pytest.mark.parametrize("text", BROKEN)
def test_every_offset_of_a_broken_file_answers(root, home, text):
    (root / ".mcp.json").write_text('{"mcpServers": {"docs-server": {"command": ')  # broken JSON too
    path = root / ".claude/agents/broken.md"
    path.write_text(text, "utf-8")
    doc = parse_document(text, path=str(path), uri=path.as_uri(), version=1, kind="agent")
    files = _files(root, home, [doc])
    for offset in range(len(text) + 2):
        found = target_at(doc, offset, VERSION, files.index)
        if found is not None:
            occurrences(found[0], files, VERSION)
        for call in (lambda: prepare_rename(doc, offset, VERSION, files),
                     lambda: rename(doc, offset, "fresh-name", VERSION, files, RENAMES_FILES)):
            try:
                call()
            except Refused as exc:
                assert str(exc).endswith(".")


def test_a_definition_whose_name_cannot_be_edited_exactly_is_refused(root, home):
    (root / REVIEWER).write_text('---\nname: "code-\\u0072eviewer"\ndescription: Reviews.\n---\n\nReview.\n')
    files = _files(root, home)
    assert files.index.agent_named("code-reviewer") is not None
    with pytest.raises(Refused, match=r"The `name` of .claude/agents/code-reviewer.md is not written as plain text"):
        rename(*_at(files, LEAD, "code-reviewer", 2), "quality-reviewer", VERSION, files, RENAMES_FILES)
