"""What names what: the sites `features.naming` finds in agent files and JSON configuration, the
JSON string locator under it, and the delegation recogniser it shares with R001."""

from __future__ import annotations

from agentls.analysis.config import Config
from agentls.analysis.delegations import delegations
from agentls.analysis.directives import extract
from agentls.document import parse_document
from agentls.features.naming import document_sites, json_sites, site_at
from agentls.workspace.json_strings import json_strings

VERSION = Config().version

AGENT = """---
name: "lead-dev"
description: Leads. Delegate reviews to the `code-reviewer` agent.
tools: Read, Agent(code-reviewer, fixer), mcp__ctx__query-docs
disallowedTools:
  - mcp__ctx
skills: [pdf, 'notes']
mcpServers:
  - ctx
---

Delegate the fixes to the `code-fixer` agent. Do not delegate to the **code-reviewer** agent.
Call mcp__ctx__find. Not mcp__plugin_p_srv__x either.
"""


def _sites(text: str, path: str = "/w/.claude/agents/lead-dev.md", kind: str = "agent"):
    doc = parse_document(text, path=path, kind=kind)
    return doc, [(s.category, s.name, text[s.start : s.end], s.via, s.scalar, s.plugin) for s in document_sites(doc, VERSION, None)]


def test_every_name_an_agent_file_writes():
    _, sites = _sites(AGENT)
    assert sites == [
        ("agent", "lead-dev", "lead-dev", "self", False, None),  # inside its quotes
        ("agent", "code-reviewer", "code-reviewer", "claude", False, None),  # the description delegates
        ("agent", "code-reviewer", "code-reviewer", "claude", False, None),
        ("agent", "fixer", "fixer", "claude", False, None),
        ("mcp", "ctx", "ctx", "mcp", False, None),
        ("mcp", "ctx", "ctx", "mcp", False, None),
        ("skill", "pdf", "pdf", "skill", True, None),
        ("skill", "notes", "notes", "skill", False, None),
        ("mcp", "ctx", "ctx", "mcp", True, None),
        ("agent", "code-fixer", "code-fixer", "claude", False, None),
        ("agent", "code-reviewer", "code-reviewer", "claude", False, None),  # a forbidden delegation still names it
        ("mcp", "ctx", "ctx", "mcp", False, None),
        ("mcp", "srv", "srv", "mcp", False, "p"),
    ]


def test_copilot_agents_handoffs_and_a_skills_agent():
    copilot = "---\nname: planner\nagents: [reviewer, '*']\nhandoffs:\n  - label: Go\n    agent: 'fixer'\n---\n"
    _, sites = _sites(copilot, "/w/.github/agents/planner.agent.md", "copilot-agent")
    assert sites == [("agent", "planner", "planner", "self", True, None), ("agent", "reviewer", "reviewer", "copilot", True, None),
                     ("agent", "fixer", "fixer", "copilot", False, None)]
    skill = "---\nname: notes\ncontext: fork\nagent: reviewer\nallowed-tools: Read mcp__ctx__find\n---\n"
    _, sites = _sites(skill, "/w/.claude/skills/notes/SKILL.md", "skill")
    assert sites == [("skill", "notes", "notes", "self", True, None), ("agent", "reviewer", "reviewer", "skill-agent", True, None),
                     ("mcp", "ctx", "ctx", "mcp", False, None)]


def test_site_under_the_cursor():
    doc = parse_document(AGENT, path="/w/.claude/agents/lead-dev.md")
    entry = AGENT.index("mcp__ctx__query-docs")
    assert site_at(doc, entry + 6, VERSION, None).name == "ctx"
    assert site_at(doc, entry + 12, VERSION, None) is None  # the tool part is not the server's name
    assert site_at(doc, entry + 12, VERSION, None, entry=True).name == "ctx"  # ... but it is on the entry
    assert site_at(doc, AGENT.index("fixer)"), VERSION, None).name == "fixer"
    assert site_at(doc, AGENT.index("Agent("), VERSION, None) is None
    assert site_at(doc, AGENT.index("code-fixer") + 3, VERSION, None).via == "claude"
    assert site_at(doc, AGENT.index("Leads"), VERSION, None) is None


def test_broken_yaml_gives_what_it_can_read():
    text = "---\nname: [unclosed\ntools: Agent(fixer)\n---\n"
    doc, sites = _sites(text)
    assert ("agent", "fixer", "fixer", "claude", False, None) in sites
    assert all(s[3] != "self" for s in sites)
    assert site_at(doc, text.index("unclosed"), VERSION, None) is None


def test_delegations_keep_the_allowed_reading_of_a_place():
    text = "---\nname: a\ndescription: d\n---\n\nDelegate the fixes to the `code-fixer` agent.\n\nNever delegate to the `code-judge` agent.\n"
    doc = parse_document(text, path="/w/.claude/agents/a.md")
    found = [(d.name, text[d.start : d.end], d.negative) for d in delegations(extract(doc).directives)]
    assert found == [("code-fixer", "code-fixer", False), ("code-judge", "code-judge", True)]


def test_json_sites_of_configuration():
    text = ('{\n  "mcpServers": {"docs": {"command": "npx", "args": ["docs"]}, "b\\u00e9": {}},\n'
            '  "enabledMcpjsonServers": ["docs"],\n  "permissions": {"allow": ["mcp__docs__find", "Bash(ls)"], "deny": ["mcp__docs"]}\n}\n')
    sites = [(s.name, text[s.start : s.end], s.via, text[s.span[0] : s.span[1]] if s.span else None) for s in json_sites(text)]
    assert sites == [("docs", "docs", "self", None), ("docs", "docs", "mcp", None),
                     ("docs", "docs", "mcp", "mcp__docs__find"), ("docs", "docs", "mcp", "mcp__docs")]


def test_json_strings_paths_offsets_and_escapes():
    text = '{"a": ["x", {"k\\"q": "v"}], "n": [1, true, null, -2.5e3]}'
    found = [(s.path, s.key, s.value, text[s.start : s.end], s.raw) for s in json_strings(text)]
    assert found == [
        (("a",), True, "a", "a", True),
        (("a", 0), False, "x", "x", True),
        (("a", 1, 'k"q'), True, 'k"q', 'k\\"q', False),
        (("a", 1, 'k"q'), False, "v", "v", True),
        (("n",), True, "n", "n", True),
    ]


def test_json_strings_stop_at_an_error():
    assert [s.value for s in json_strings('{"a": "b", "c": [oops]}')] == ["a", "b", "c"]
    assert json_strings("") == [] and json_strings("[" * 5000) == []


def test_json_permission_rules_name_agents():
    text = '{"permissions": {"deny": ["Task(code-reviewer)", "Agent(a, b)", "Bash(Agent(x))"], "allow": ["Agent"]}}'
    assert [(s.category, s.name, text[s.start : s.end], s.via) for s in json_sites(text)] == [
        ("agent", "code-reviewer", "code-reviewer", "claude"), ("agent", "a", "a", "claude"), ("agent", "b", "b", "claude")]
