"""The contradiction rules (C001-C006) on fixture files that reproduce each seed defect in their own
words: findings at their lines, with related information on the other side and working fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentls.analysis import analyze
from agentls.analysis.fixes import apply_edits
from agentls.document import parse_document

from support import FIXTURES

CASES = FIXTURES / "contradiction"


def run(name_or_text: str, path: str | None = None):
    if "\n" in name_or_text:
        text = name_or_text
    else:
        path = str(CASES / name_or_text)
        text = Path(path).read_text(encoding="utf-8")
    doc = parse_document(text, path=path)
    return doc, [f for f in analyze(doc) if f.category == "contradiction"]


def at(findings, code, line):
    """Findings of `code` starting on 1-based `line`."""
    return [f for f in findings if f.code == code and f.range.start.line == line - 1]


def text_of(doc, rng) -> str:
    """The text a range covers, counting columns in UTF-16 as LSP does."""
    return doc.text[doc.index.offset(rng.start) : doc.index.offset(rng.end)]


def related_lines(f) -> set[int]:
    return {r.range.start.line + 1 for r in f.related}


# ---- seed 000: a planning agent told to write code -------------------------------------------

def test_planner_told_to_write_code_is_a_self_contradiction():
    doc, fs = run("planning-only.md")
    [f] = at(fs, "C004", 14)
    assert text_of(doc, f.range).startswith("Write clean, tested migration code")
    assert related_lines(f) == {29, 3}  # "DO NOT write code directly", and the description
    assert text_of(doc, f.related[0].range) == "write code" and "DO NOT" in doc.line_text(28)
    assert "write code" in f.message and "line 29" in f.message


def test_planner_cannot_save_files_or_use_its_mcp_server():
    doc, fs = run("planning-only.md")
    for line, what in ((24, "Save the migration plan"), (25, "Update the planning notes")):
        [f] = at(fs, "C002", line)
        assert text_of(doc, f.range).startswith(what)
        assert related_lines(f) == {5} and f.severity == "warning"
        assert f.fixes and "`Write`" in f.fixes[0].title and not f.fixes[0].safe
    [mcp] = at(fs, "C002", 20)
    assert "`context7`" in mcp.message and mcp.fixes[0].edits[0].new_text.endswith("mcp__context7")


def test_planner_asking_questions_is_unavailable_to_a_subagent():
    doc, fs = run("planning-only.md")
    [f] = at(fs, "C005", 31)
    assert text_of(doc, f.range).startswith("ask clarifying questions")
    assert related_lines(f) == {2} and "sub-agent" in f.message


def test_planner_never_flags_the_comment_the_read_step_or_the_examples():
    _, fs = run("planning-only.md")
    assert {f.range.start.line + 1 for f in fs} == {14, 20, 24, 25, 31}


# ---- seed 001: implementation without a file tool --------------------------------------------

def test_implementing_with_only_a_shell_is_a_weaker_missing_capability():
    doc, fs = run("implements-without-write.md")
    for line in (19, 20):
        [f] = at(fs, "C002", line)
        assert f.severity == "information" and "`Bash`" in f.message and "shell" in f.message
        assert any(text_of(doc, r.range) == "Bash" for r in f.related)
    assert len(fs) == 2  # the description's example dialogue ("use the Task tool") is not a source


# ---- seed 003: qualified prohibitions are not contradictions ----------------------------------

def test_qualified_prohibitions_and_other_subjects_are_not_flagged():
    _, fs = run("clean-prohibitions.md")
    assert fs == []


# ---- seed 004: tools called but never granted --------------------------------------------------

def test_tool_calls_that_are_not_granted():
    doc, fs = run("protocol-tools.md")
    names = {(f.range.start.line + 1, text_of(doc, f.range).strip("`").split("(")[0]) for f in fs if f.code == "C003"}
    assert names == {(10, "mcp__clock__now"), (26, "mcp__tracker__task_list"), (32, "WebSearch")}
    for f in fs:
        if f.code == "C003":
            assert related_lines(f) == {4} and f.fixes[0].title.startswith("Add `")


def test_shell_command_in_a_protocol_block_needs_bash():
    doc, fs = run("protocol-tools.md")
    [f] = at(fs, "C002", 16)
    assert text_of(doc, f.range) == "pwd" and "`Bash`" in f.message


def test_alerting_and_asking_the_user_mid_task():
    _, fs = run("protocol-tools.md")
    assert at(fs, "C005", 30) and at(fs, "C005", 31)


def test_examples_negations_and_granted_tools_are_quiet():
    _, fs = run("protocol-tools.md")
    lines = {f.range.start.line + 1 for f in fs}
    assert 11 not in lines  # granted
    assert 20 not in lines  # the example block
    assert 27 not in lines  # "Never call ..."


def test_ranges_count_utf16_after_astral_characters():
    doc, fs = run("protocol-tools.md")
    [f] = at(fs, "C003", 26)
    assert text_of(doc, f.range).startswith("`mcp__tracker__task_list()`")
    line = doc.line_text(25)
    assert f.range.start.character == len(line[: line.index("`mcp")].encode("utf-16-le")) // 2


# ---- prohibited capability granted -----------------------------------------------------------

def test_omitted_tools_inherit_what_the_prompt_forbids():
    doc, fs = run("omitted-tools.md")
    [f] = [x for x in fs if x.code == "C001"]
    assert f.range.start.line == 6 and "inherits every tool" in f.message
    [fix] = f.fixes
    fixed = apply_edits(doc.text, list(fix.edits))
    assert "disallowedTools: Edit, NotebookEdit, Write\n---" in fixed
    assert not [x for x in analyze(parse_document(fixed)) if x.code == "C001"]


def test_explicit_write_tool_against_never_modify_files():
    text = "---\nname: auditor\ndescription: Audits code.\ntools: Read, Write, Edit, Grep\n---\n\nNever modify files. Report findings only.\n"
    doc, fs = run(text)
    [f] = [x for x in fs if x.code == "C001"]
    assert text_of(doc, f.range) == "modify files"
    assert {text_of(doc, r.range) for r in f.related} == {"Write", "Edit"}
    fixed = apply_edits(doc.text, list(f.fixes[0].edits))
    assert "tools: Read, Grep\n" in fixed
    assert not [x for x in analyze(parse_document(fixed)) if x.code == "C001"]


def test_prohibition_with_a_needed_tool_is_information_without_a_fix():
    # the report must be written: Write is needed, so only the instruction keeps the agent from code
    text = "---\nname: r\ndescription: Reviews.\ntools: Read, Write\n---\n\nYou do not write code.\n\nSave the review to `reviews/latest.md`.\n"
    _, fs = run(text)
    assert not [f for f in fs if f.code == "C004"]
    [f] = [f for f in fs if f.code == "C001"]
    assert f.severity == "information" and not f.fixes and "also needs to save files" in f.message
    assert f.message.startswith('"You do not write code." (said to the agent as "you") forbids')


# ---- self-contradiction ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "positive, negative, conflict",
    [
        ("- Write the migration code for each ticket.", "You DO NOT write code.", True),
        ("- Run the test suite before reporting.", "Never run commands.", True),
        ("- Write code incrementally.", "### Prohibited\n\n- Writing code without review", False),
        ("- Write code for the fix.", "Do not write code that touches the billing module.", False),
        ("- Write code for the fix.", "If the build is red, do not write code.", False),
        ("- Review the code.", "You DO NOT write code.", False),
    ],
)
def test_self_contradiction_needs_the_same_action_and_a_blanket_prohibition(positive, negative, conflict):
    text = f"---\nname: a\ndescription: d\n---\n\n{positive}\n\n{negative}\n"
    _, fs = run(text)
    assert bool([f for f in fs if f.code == "C004"]) is conflict, [f.message for f in fs]


# ---- subagent-unavailable --------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("If the request is unclear, ask clarifying questions before proceeding.", True),
        ("Ask the user which database they use.", True),
        ("Confirm the schedule with the user before publishing.", True),
        ("Wait for the user's approval before deleting anything.", True),
        ("Enter plan mode before large changes.", True),
        ("Use `AskUserQuestion` to pick an option.", True),
        ("If in doubt, ask the team lead via SendMessage.", False),
        ("If in doubt, ask - message the team lead before touching the file.", False),
        ("If the roster is not given, ask - do not guess which agents exist.", True),
        ("Ask clarifying questions one at a time, then write `orchestrator-output.md`.", True),
        ("Leverage the context before asking users.", False),
        ("When the user asks for a summary, keep it short.", False),
        ("Never ask the user for confirmation; decide yourself.", False),
        ("List open questions in your final answer.", False),
        ("Ask: is this change needed at all?", False),
    ],
)
def test_asking_the_user(sentence, flagged):
    _, fs = run(f"---\nname: a\ndescription: d\n---\n\n{sentence}\n")
    assert bool([f for f in fs if f.code == "C005"]) is flagged


def test_a_heading_is_not_reported_again_when_its_section_is():
    text = "---\nname: a\ndescription: d\n---\n\n## Ask clarifying questions\n\nAsk questions one at a time.\n"
    _, fs = run(text)
    assert [f.range.start.line + 1 for f in fs if f.code == "C005"] == [8]


def test_description_asking_the_user():
    text = "---\nname: hr\ndescription: Drafts policies. Ask for the jurisdiction before advising.\n---\n\nDraft the policy.\n"
    doc, fs = run(text)
    [f] = [x for x in fs if x.code == "C005"]
    assert f.range.start.line == 2 and text_of(doc, f.range).startswith("Ask for the jurisdiction")


def test_description_escapes_keep_exact_ranges():
    text = '---\nname: a\ndescription: "Plans work.\\nIt asks clarifying questions first.\\n\\nExamples:\\n<example>user: \\"ask me\\"</example>"\n---\n\nPlan.\n'
    doc, fs = run(text)
    [f] = [x for x in fs if x.code == "C005"]
    assert text_of(doc, f.range).startswith("asks clarifying questions")


# ---- frontmatter-conflict --------------------------------------------------------------------

def test_plan_mode_with_write_tools():
    doc, fs = run("plan-mode-writer.md")
    [f] = [x for x in fs if x.code == "C006"]
    assert text_of(doc, f.range) == "plan"
    assert {text_of(doc, r.range) for r in f.related} == {"Edit", "Bash"}
    fixed = apply_edits(doc.text, list(f.fixes[0].edits))
    assert "tools: Read\n" in fixed and not [x for x in analyze(parse_document(fixed)) if x.code == "C006"]


def test_accept_edits_without_edit_tools():
    _, fs = run("---\nname: a\ndescription: d\ntools: Read, Grep\npermissionMode: acceptEdits\n---\n\nReview.\n")
    assert [f.code for f in fs] == ["C006"]


# ---- fixes in every list form ----------------------------------------------------------------

@pytest.mark.parametrize(
    "tools, expected",
    [
        ("tools: Read", "tools: Read, WebSearch"),
        ("tools: [Read, Grep]", "tools: [Read, Grep, WebSearch]"),
        ("tools:\n  - Read\n  - Grep", "tools:\n  - Read\n  - Grep\n  - WebSearch"),
        ('tools: "Read, Grep"', 'tools: "Read, Grep, WebSearch"'),
    ],
)
def test_add_tool_fix_keeps_the_list_form(tools, expected):
    text = f"---\nname: a\ndescription: d\n{tools}\n---\n\nUse `WebSearch` to find the release notes.\n"
    doc, fs = run(text)
    [f] = [x for x in fs if x.code == "C003"]
    fixed = apply_edits(doc.text, list(f.fixes[0].edits))
    assert expected in fixed
    assert not [x for x in analyze(parse_document(fixed)) if x.category == "contradiction"]


def test_disabled_rules_stay_quiet():
    from agentls.analysis.config import config_from_dict

    doc = parse_document((CASES / "planning-only.md").read_text(encoding="utf-8"))
    fs = analyze(doc, config_from_dict({"rules": {"disable": ["C002", "self-contradiction"]}}))
    assert {f.code for f in fs if f.category == "contradiction"} == {"C005"}
