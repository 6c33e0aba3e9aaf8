"""The bundled examples (examples/) reproduce each defect of the seed files in its own words."""

from __future__ import annotations

import pytest

from agentls.cli import run_check

from support import REPO


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    results, _ = run_check([str(REPO / "examples")], home=str(home))
    out = {}
    for r in results:
        name = r.path.rsplit("/", 1)[-1]
        out[name] = {(f.code, f.range.start.line + 1) for f in r.findings}
    return out


@pytest.mark.parametrize(
    "file, code, line",
    [
        ("planner.md", "S001", 3),  # `: ` in a plain description, still loaded by Claude Code
        ("planner.md", "T001", 7), ("planner.md", "T001", 8), ("planner.md", "T001", 9),
        ("planner.md", "T007", 6),  # nothing resolves: launch refused
        ("planner.md", "F003", 11),  # mcp_servers
        ("planner.md", "M002", 12), ("planner.md", "M002", 13),
        ("api-builder.md", "S001", 7),  # description swallows unindented lines
        ("api-builder.md", "T004", 14),  # Task beside Agent
        ("legacy-tools.md", "T003", 4), ("legacy-tools.md", "T002", 4),
        ("legacy-tools.md", "M001", 4),
        ("orchestrator.md", "T003", 4), ("orchestrator.md", "F008", 7),
        ("orchestrator.md", "E001", 12), ("orchestrator.md", "E001", 16), ("orchestrator.md", "E001", 29),
        ("orchestrator.md", "D001", 27), ("orchestrator.md", "D002", 32),
        ("planner.md", "F007", 2), ("api-builder.md", "F007", 2), ("legacy-tools.md", "F007", 2), ("clean.md", "F007", 2),
    ],
)
def test_defect_reported_at_its_line(found, file, code, line):
    assert (code, line) in found[file]


def test_clean_file_has_only_the_duplicate_name(found):
    assert {code for code, _ in found["clean.md"]} == {"F007"}


def test_never_flags(found):
    assert not {c for c, line in found["planner.md"] if line == 10}  # the comment agrees with the grants
    assert not [c for c, line in found["api-builder.md"] if 6 <= line <= 13 and c != "S001"]  # example dialogue
