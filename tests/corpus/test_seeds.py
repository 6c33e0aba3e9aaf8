"""The seed files reported as ../shared/seeds/EXPECTED.md says (core categories)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from agentls.cli import run_check
from agentls.document import parse_document

from support import SEED_NAMES, SEEDS, check_seeds, needs_seeds

pytestmark = needs_seeds

S0, S1, S2, S3, S4 = SEED_NAMES


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return check_seeds(tmp_path_factory.mktemp("seeds"))


def at(result, code, line):
    """Findings of `code` starting on 1-based `line`."""
    return [f for f in result.findings if f.code == code and f.range.start.line == line - 1]


def text_of(result, finding):
    lines = result.text.splitlines()
    r = finding.range
    assert r.start.line == r.end.line
    return lines[r.start.line][r.start.character : r.end.character]


def test_000_yaml_colon_in_plain_description(seeds):
    r = seeds[S0]
    [f] = at(r, "S001", 3)
    assert f.range.start.character == 113 and f.severity == "warning"
    assert "still loads" in f.message
    [fix] = f.fixes
    original = parse_document(r.text).frontmatter.get("description").value.value
    fixed_line = fix.edits[0].new_text
    assert yaml.safe_load("d: " + fixed_line)["d"] == original
    assert "I''ll" in original


def test_000_lowercase_tools_one_per_item_and_refused_launch(seeds):
    r = seeds[S0]
    for line, wrong, right in ((7, "read", "Read"), (8, "grep", "Grep"), (9, "glob", "Glob")):
        [f] = at(r, "T001", line)
        assert text_of(r, f) == wrong and f"`{right}`" in f.message and f.severity == "error"
        assert f.fixes[0].edits[0].new_text == right and f.fixes[0].safe
    [t7] = at(r, "T007", 6)
    assert t7.severity == "error" and len(t7.related) == 3


def test_000_mcp_servers_misspelled(seeds):
    r = seeds[S0]
    [f] = at(r, "F003", 11)
    assert "`mcpServers`" in f.message and f.fixes[0].edits[0].new_text == "mcpServers"
    assert {text_of(r, f) for line in (12, 13, 14) for f in at(r, "M002", line)} == {"database_mcp", "postgres_mcp", "context7_mcp"}


def test_000_never_flags_the_comment_or_read(seeds):
    r = seeds[S0]
    assert not [f for f in r.findings if f.range.start.line in (9, 54) and f.category in ("syntax", "schema", "tools")]


def test_001_unindented_description_is_an_error_with_block_fix(seeds):
    r = seeds[S1]
    [f] = at(r, "S001", 7)
    assert f.range.start.character == 9 and f.severity == "error"
    assert "does not" in f.message or "cannot" in f.message
    [fix] = f.fixes
    new = fix.edits[0].new_text
    assert new.startswith("|-")
    from agentls.analysis.fixes import apply_edits

    fixed = apply_edits(r.text, list(fix.edits))
    fm = parse_document(fixed).frontmatter
    assert fm.parsed.mode == "strict"
    desc = fm.get("description").value.value
    assert desc.startswith("Use this agent when") and "  Context: The user wants to build a new REST API" in desc
    assert desc.endswith("</example>")
    assert not [x for x in r.findings if x.code == "F003"]  # `Examples:` is not reported as a field


def test_001_task_beside_agent(seeds):
    r = seeds[S1]
    [f] = at(r, "T004", 38)
    assert text_of(r, f) == "Task" and "`Agent`" in f.message


def test_002_stale_tools_each_on_its_own_range(seeds):
    r = seeds[S2]
    # KillBash is still an alias of TaskStop (2.1.332): a deprecation hint with the same fix
    got = {text_of(r, f): f for f in r.findings if f.code in ("T002", "T003", "T009") and f.range.start.line == 3}
    assert set(got) == {"BashOutput", "KillBash", "LS", "MultiEdit"} and got["KillBash"].code == "T009"
    assert "TaskStop" in got["KillBash"].message and got["KillBash"].fixes[0].edits[0].new_text == "TaskStop"
    assert "Glob" in got["LS"].message and "Edit" in got["MultiEdit"].message and "TaskOutput" in got["BashOutput"].message
    assert all(f.fixes for f in got.values())


def test_002_one_mcp_finding_per_server(seeds):
    r = seeds[S2]
    servers = [f.message.split("`")[1] for f in r.findings if f.code == "M001"]
    assert sorted(servers) == sorted(["Ref", "exa", "playwright", "semgrep", "context7"])


def test_002_valid_names_are_never_flagged(seeds):
    r = seeds[S2]
    flagged = {text_of(r, f) for f in r.findings if f.category == "tools"}
    for name in ("TodoWrite", "NotebookEdit", "ListMcpResourcesTool", "ReadMcpResourceTool", "WebFetch", "WebSearch", "Grep", "Glob"):
        assert name not in flagged


def test_003_only_the_duplicate_name(seeds):
    r = seeds[S3]
    assert [f.code for f in r.findings if f.severity in ("error", "warning") and f.category in ("syntax", "schema", "tools", "markdown", "encoding")] == ["F007"]


def test_004_removed_tool_and_extends(seeds):
    r = seeds[S4]
    [f] = at(r, "T003", 4)
    assert text_of(r, f) == "MultiEdit" and "Edit" in f.message
    [e] = at(r, "F008", 7)
    assert text_of(r, e) == "extends" and "inheritance" in e.message


def test_004_mojibake_runs_with_restoring_fixes(seeds):
    r = seeds[S4]
    moj = [f for f in r.findings if f.code == "E001"]
    assert len({f.range.start.line for f in moj}) >= 20
    [first] = at(r, "E001", 12)
    assert first.fixes[0].edits[0].new_text == "🔴"
    assert "Mac Roman" in first.message


def test_004_markdown_structure(seeds):
    r = seeds[S4]
    [glued] = at(r, "D001", 622)
    assert text_of(r, glued).startswith("## MANDATORY")
    [dup] = at(r, "D002", 457)
    assert dup.related[0].range.start.line == 336


def test_004_unconfigured_mcp_servers(seeds):
    r = seeds[S4]
    servers = {f.message.split("`")[1] for f in r.findings if f.code == "M001"}
    assert servers == {"workspace", "validation", "execution", "docs", "coord", "context7", "logging", "monitoring"}


def test_duplicate_names_across_the_seeds(seeds):
    for name in (S0, S1, S2, S3):
        [f] = [x for x in seeds[name].findings if x.code == "F007"]
        assert len(f.related) == 3
    assert not [x for x in seeds[S4].findings if x.code == "F007"]


def test_check_fix_round_trip_on_seeds(tmp_path):
    agents = tmp_path / ".claude" / "agents"
    agents.mkdir(parents=True)
    for f in sorted(SEEDS.glob("0*.md")):
        shutil.copy(f, agents / f.name)
    home = tmp_path / "home"
    home.mkdir()
    before, _ = run_check([str(tmp_path)], home=str(home))
    fixed, _ = run_check([str(tmp_path)], fix=True, home=str(home))
    after, _ = run_check([str(tmp_path)], home=str(home))
    assert sum(r.fixed for r in fixed) > 30
    count = lambda rs, code: sum(1 for r in rs for f in r.findings if f.code == code)  # noqa: E731
    for code in ("T001", "E001", "D001", "S001", "T004"):
        assert count(before, code) > 0 and count(after, code) == 0, code
    assert count(after, "F007") == count(before, "F007")  # not safely fixable: untouched
