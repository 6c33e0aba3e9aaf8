"""The tool set Claude Code gives an agent (`analysis.grants.effective_tools`) and the F009 verdict."""

from __future__ import annotations

import pytest
from agentls.analysis import Config, analyze
from agentls.analysis.rules.loading import not_loaded
from agentls.analysis.grants import effective_tools
from agentls.document import parse_document
from agentls.schema import LATEST_VERSION, parse_version


def _fm(fields: str):
    return parse_document(f"---\nname: a\ndescription: d\n{fields}\n---\n\nBody.\n").frontmatter


def _dropped(ts) -> list[tuple[str, str]]:
    return [(d.item.text, d.reason) for d in ts.dropped]


def test_resolution_and_drops():
    ts = effective_tools(_fm("tools: Read, Task(a, b), Bash(git *), MultiEdit, KillBash, AskUserQuestion, Nope, Read, mcp__gh__x, mcp__db"),
                         LATEST_VERSION, lambda s: s == "gh")
    # KillBash is still an alias of TaskStop in 2.1.332's map of old names
    assert ts.explicit and ts.names == ("Read", "Agent(a, b)", "Bash(git *)", "TaskStop", "mcp__gh__x")
    assert _dropped(ts) == [
        ("MultiEdit", "removed in 2.0.32"),
        ("AskUserQuestion", "never given to sub-agents"),
        ("Nope", "not a Claude Code tool"),
        ("Read", "listed twice"),
        ("mcp__db", "server db not configured"),
    ]
    assert ts.summary(limit=2) == ("Claude Code loads 5 tools: Read, Agent(a, b) and 3 more · 4 dropped: MultiEdit (removed in 2.0.32), "
                                   "AskUserQuestion (never given to sub-agents), Nope (not a Claude Code tool), mcp__db (server db not configured)")


def test_disallowed_applies_first():
    ts = effective_tools(_fm("tools: Read, Bash, Bash(npm *), mcp__gh__x, mcp__gh\ndisallowedTools: Bash, mcp__gh"), LATEST_VERSION)
    assert ts.names == ("Read",)
    assert [r for _, r in _dropped(ts)] == ["disallowed"] * 4
    specific = effective_tools(_fm("tools: Read, Bash\ndisallowedTools: Bash(rm *)"), LATEST_VERSION)
    assert specific.names == ("Read", "Bash")  # a denied pattern narrows the tool, it does not remove it


def test_plan_mode_and_inheritance():
    assert effective_tools(_fm("tools: Read, ExitPlanMode\npermissionMode: plan"), LATEST_VERSION).names == ("Read", "ExitPlanMode")
    assert _dropped(effective_tools(_fm("tools: Read, ExitPlanMode"), LATEST_VERSION)) == [("ExitPlanMode", "only with permissionMode: plan")]
    inherit = effective_tools(_fm("disallowedTools: Write, Edit"), LATEST_VERSION)
    assert not inherit.explicit and inherit.summary() == "Inherits every tool available to sub-agents, MCP tools included except Write, Edit"


def test_older_claude_code_version():
    old = parse_version("2.0.10")
    ts = effective_tools(_fm("tools: MultiEdit, Agent, Task"), old)
    assert ts.names == ("MultiEdit", "Task") and _dropped(ts) == [("Agent", "not a Claude Code tool")]


@pytest.mark.parametrize("kind, fields, verdict", [
    ("agent", "name: Code Reviewer\ndescription: d", None),  # 2.1.332's loader accepts any name without `:` or a leading `-`
    ("agent", "name: team:reviewer\ndescription: d", "`team:reviewer` is not a valid agent name"),
    ("agent", "name: -reviewer\ndescription: d", "`-reviewer` is not a valid agent name"),
    ("agent", "name: " + "r" * 257 + "\ndescription: d", "`" + "r" * 257 + "` is not a valid agent name"),
    ("agent", "name: a\ndescription: d\ntools: \"*\"", None),  # `*` is every tool
    ("agent", "name: 123\ndescription: d", "its `name` is not text"),
    ("agent", "name: a\ndescription: d\nPreToolUse:\n  - matcher: Bash", "`PreToolUse` is a hook event written at the top level"),
    ("agent", "name: a\ndescription: d\ntools: [\"*\", nope]", None),
    ("agent", "name: a\ndescription:", "its `description` is empty"),
    ("agent", "name: a\ndescription: d\ntools: read, grep", "no entry of `tools` resolves to a tool"),
    ("agent", "name: a\ndescription: d\nExamples:\n- x: y\ntools: Read\n  bad: [", "the frontmatter cannot be read"),
    ("plugin-agent", "name: Code Reviewer\ndescription: d", None),  # plugin agents load under their file name
    ("plugin-agent", "name: a\ndescription: d\ntools: read", "no entry of `tools` resolves to a tool"),
    ("agent", "name: a\ndescription: d\ntools: Read", None),
    ("skill", "name: Code Reviewer", None),
])
def test_not_loaded(kind: str, fields: str, verdict: str | None):
    doc = parse_document(f"---\n{fields}\n---\n\nBody.\n", kind=kind)
    found = not_loaded(doc, LATEST_VERSION)
    assert (found[1].split(",")[0].split(" (")[0] if found else None) == (verdict.split(",")[0] if verdict else None)


def test_f009_quiet_when_the_cause_is_on_the_first_line():
    doc = parse_document("---\ndescription: d\n---\n\nBody.\n")
    codes = [f.code for f in analyze(doc, Config())]
    assert "F001" in codes and "F009" not in codes


def test_one_module_two_views_of_a_case_slip():
    """What Claude Code loads drops `read`; what the author meant is Read (T001 reports the spelling)."""
    from agentls.analysis.grants import grants

    doc = parse_document("---\nname: a\ndescription: d\ntools: read, Bash\nmemory: project\n---\n\nBody.\n")
    loaded = effective_tools(doc.frontmatter, LATEST_VERSION)
    assert loaded.names == ("Bash", "Read", "Write", "Edit")  # `memory` adds Read, Write and Edit
    assert [(d.item.text, d.reason) for d in loaded.dropped] == [("read", "not a Claude Code tool")]
    meant = grants(doc, LATEST_VERSION)
    assert meant.tools == {"Read", "Bash", "Write", "Edit"} and meant.memory_only == {"Write", "Edit"}


@pytest.mark.parametrize("tools", ['"*"', "[Read, \"*\"]"])
def test_a_wildcard_is_every_tool_in_both_views(tools: str):
    from agentls.analysis.grants import grants

    doc = parse_document(f"---\nname: a\ndescription: d\ntools: {tools}\n---\n\nBody.\n")
    assert not effective_tools(doc.frontmatter, LATEST_VERSION).explicit
    assert not grants(doc, LATEST_VERSION).explicit
