"""The contradiction items of ../shared/seeds/EXPECTED.md: every **must** reported at its line with
related information on the other side, nothing marked **never**."""

from __future__ import annotations


import pytest


from support import SEED_NAMES, check_seeds, needs_seeds

pytestmark = needs_seeds

S0, S1, S2, S3, S4 = SEED_NAMES


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return check_seeds(tmp_path_factory.mktemp("seeds"))


def at(result, code, line):
    return [f for f in result.findings if f.code == code and f.range.start.line == line - 1]


def text_of(result, rng) -> str:
    lines = result.text.splitlines()
    line = lines[rng.start.line]
    # UTF-16 columns to code points (the seeds hold astral characters)
    def col(c: int) -> int:
        units = 0
        for i, ch in enumerate(line):
            if units >= c:
                return i
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(line)
    end = rng.end.character if rng.end.line == rng.start.line else len(line.encode("utf-16-le")) // 2
    return line[col(rng.start.character) : col(end)]


def lines_of(f) -> set[int]:
    return {r.range.start.line + 1 for r in f.related}


def contradictions(result):
    return [f for f in result.findings if f.category == "contradiction"]


# ---- 000 -------------------------------------------------------------------------------------

def test_000_write_code_against_do_not_write_code(seeds):
    r = seeds[S0]
    for line in (20, 32, 44):
        [f] = at(r, "C004", line)
        assert {69, 75} <= lines_of(f), (line, lines_of(f))
        assert 3 in lines_of(f)  # the description says so too
    [f] = at(r, "C004", 20)
    assert text_of(r, f.range) == "Write clean, efficient, and maintainable server-side code"


def test_000_saving_files_without_a_file_tool(seeds):
    r = seeds[S0]
    for line in (63, 64):
        [f] = at(r, "C002", line)
        assert 6 in lines_of(f) and f.severity == "warning"
        assert f.fixes


def test_000_context7_without_its_tools(seeds):
    r = seeds[S0]
    [f] = at(r, "C002", 58)
    assert "context7" in f.message and text_of(r, f.range) == "Context7 MCP" and lines_of(f) == {6}


def test_000_clarifying_questions(seeds):
    r = seeds[S0]
    [f] = at(r, "C005", 77)
    assert text_of(r, f.range).startswith("ask clarifying questions") and f.related


def test_000_never(seeds):
    r = seeds[S0]
    assert not [f for f in contradictions(r) if f.range.start.line + 1 in (10, 55)]
    assert not [f for f in r.findings if f.code == "R003" and f.range.start.line + 1 == 55]  # written on L64


# ---- 001 -------------------------------------------------------------------------------------

def test_001_code_and_tests_without_a_file_tool_is_weaker(seeds):
    r = seeds[S1]
    for line, what in ((130, "Implement complete, production-ready code"), (132, "Write thorough tests")):
        [f] = at(r, "C002", line)
        assert text_of(r, f.range) == what
        assert f.severity == "information" and "`Bash`" in f.message
        assert 38 in lines_of(f)


def test_001_never_the_example_dialogues(seeds):
    r = seeds[S1]
    assert not [f for f in contradictions(r) if 5 <= f.range.start.line + 1 <= 37]


# ---- 002, 003 --------------------------------------------------------------------------------

def test_002_valid_tools_are_not_reported_as_ungranted(seeds):
    r = seeds[S2]
    assert not [f for f in contradictions(r) if f.code == "C003"]


def test_003_no_contradiction(seeds):
    assert contradictions(seeds[S3]) == []


# ---- 004 -------------------------------------------------------------------------------------

UNGRANTED = {
    20: "mcp__utilities__get_current_time", 44: "mcp__utilities__get_current_time", 133: "mcp__utilities__get_current_time",
    158: "mcp__utilities__date_difference", 215: "mcp__utilities__date_difference",
    205: "mcp__utilities__is_business_day", 208: "mcp__utilities__calculate_date",
    68: "mcp__logging__log_file_operation", 700: "mcp__logging__log_file_operation",
    708: "mcp__logging__log_file_operation", 717: "mcp__logging__log_file_operation",
    259: "mcp__coord__task_dependencies", 260: "mcp__coord__agent_workload", 529: "mcp__coord__task_list",
    356: "mcp__docs__find", 357: "mcp__docs__list_by_owner", 358: "mcp__docs__update", 359: "mcp__docs__get_related",
    691: "WebSearch",
}


@pytest.mark.parametrize("line", sorted(UNGRANTED))
def test_004_tools_used_but_not_granted(seeds, line):
    r = seeds[S4]
    [f] = at(r, "C003", line)
    assert text_of(r, f.range).strip("`").split("(")[0] == UNGRANTED[line]
    assert lines_of(f) == {4}
    assert f.fixes and UNGRANTED[line] in f.fixes[0].title


def test_004_only_those(seeds):
    r = seeds[S4]
    assert {f.range.start.line + 1 for f in r.findings if f.code == "C003"} == set(UNGRANTED)


@pytest.mark.parametrize("line", [26, 270, 281, 282])
def test_004_shell_commands_without_bash(seeds, line):
    r = seeds[S4]
    [f] = at(r, "C002", line)
    assert text_of(r, f.range) in ("pwd", "Check with pwd", "Run pwd", "Run ls")
    assert lines_of(f) == {4} and "`Bash`" in f.message


@pytest.mark.parametrize("line", [688, 689])
def test_004_asking_the_user_mid_task(seeds, line):
    r = seeds[S4]
    [f] = at(r, "C005", line)
    assert f.related
