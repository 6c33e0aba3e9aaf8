"""The directive extractor: what counts as an instruction, its polarity and scope, its exact range."""

from __future__ import annotations

from agentls.analysis.actions import Act
from agentls.analysis.directives import _unit, extract
from agentls.document import parse_document


def doc_of(body: str, fm: str = "name: a\ndescription: d") -> object:
    return parse_document(f"---\n{fm}\n---\n\n{body}")


def acts(body: str, fm: str = "name: a\ndescription: d") -> list[tuple[int, str, bool, str]]:
    """(1-based line, act, negative, covered text) of every action."""
    doc = doc_of(body, fm)
    out = []
    for d in extract(doc).directives:
        for a in d.actions:
            s, e = d.span(a.start, a.end)
            out.append((doc.index.line_of(s) + 1, a.act.value, a.negative, doc.text[s:e]))
    return out


def test_emphasis_is_cleaned_but_ranges_stay_exact():
    [(line, act, neg, text)] = acts("1. **Save the plan** to `notes/plan.md` when done\n")
    assert (line, act, neg) == (6, "modify-files", False)
    assert text == "Save the plan** to `notes/plan.md`"


def test_wrapped_paragraph_is_one_sentence():
    [(line, act, _, text)] = acts("When the request is vague, ask\nclarifying questions first.\n")
    assert act == "ask-user" and line == 6 and text == "ask\nclarifying questions first"


def test_examples_transcripts_quotes_and_example_sections_are_not_sources():
    body = (
        "<example>\nuser: write the code\nassistant: I will ask clarifying questions\n</example>\n\n"
        "user: please ask clarifying questions\n\n"
        "> Ask the user for approval before merging.\n\n"
        'Say "ask the user for approval" when relevant.\n\n'
        "## Examples of requests\n\n- Ask the user what they want\n\n"
        "## Rules\n\n- Ask the user which database they use\n"
    )
    assert [(line, act) for line, act, _, _ in acts(body)] == [(23, "ask-user")]


def test_scope_from_heading_lead_in_and_label():
    body = (
        "### ❌ YOU CANNOT:\n- Run shell commands\n\n"
        "### ✅ YOU CAN:\n- Run the test suite\n\n"
        "You must never:\n\n- Modify files\n\n"
        "- **Don'ts**: Run commands\n\n"
        "If the docs cannot be fetched:\n\n1. Ask the user how to proceed\n"
    )
    got = [(line, act, neg) for line, act, neg, _ in acts(body)]
    assert got == [
        (7, "run-commands", True),
        (10, "run-commands", False),
        (14, "modify-files", True),
        (16, "run-commands", True),
        (20, "ask-user", False),
    ]


def test_own_polarity_wins_over_scope():
    body = "### Duties\n\n- Never run commands\n- Do not ask the user anything\n"
    got = [(act, neg) for _, act, neg, _ in acts(body)]
    assert got == [("run-commands", True), ("ask-user", True)]


def test_other_subjects_are_not_directives_to_the_agent():
    body = (
        "When the user asks you to write code, start with tests.\n\n"
        "The main agent implements the code.\n\n"
        "Developers run the tests in CI.\n\n"
        "Changes to the file are tracked.\n"
    )
    assert acts(body) == []


def test_coordinated_negation():
    body = "It analyzes and plans, but never implements solutions or modifies code.\n\nDo not improvise scope, run commands, or skip steps.\n"
    got = [(act, neg) for _, act, neg, _ in acts(body)]
    assert got == [("write-code", True), ("run-commands", True)]


def test_code_blocks_count_only_as_calls_and_run_instructions():
    body = (
        "## Setup\n\n```bash\nnpm install\n```\n\n"
        "## Protocol\n\n```bash\n# MANDATORY before anything\n1. pwd\n```\n\n"
        "For example:\n\n```python\nmcp__x__y(a=1)\n```\n\n"
        "```python\nresult = mcp__clock__now()\n```\n"
    )
    doc = doc_of(body)
    found = []
    for d in extract(doc).directives:
        for a in d.actions:
            found.append((doc.index.line_of(d.span(a.start, a.end)[0]) + 1, a.act.value))
        for m in d.mentions:
            found.append((doc.index.line_of(d.span(m.start, m.end)[0]) + 1, m.name))
    assert found == [(16, "run-commands"), (26, "mcp__clock__now")]


def test_table_cells_are_directives():
    body = "| Step | Action |\n|---|---|\n| 1 | Ask the user for the target date |\n"
    [(line, act, _, text)] = acts(body)
    assert (line, act) == (8, "ask-user") and text.startswith("Ask the user")


def test_description_gives_asks_and_prohibitions_not_caller_instructions():
    fm = ("name: a\ndescription: Use this agent to write code for the team. It does NOT write code itself. "
          "Asks clarifying questions first. Examples: <example>user: ask me</example>")
    got = [(act, neg) for _, act, neg, _ in acts("Plan.\n", fm)]
    assert ("write-code", True) in got and ("ask-user", False) in got
    doc = doc_of("Plan.\n", fm)
    from agentls.analysis import analyze

    assert not [f for f in analyze(doc) if f.code == "C004"]


def test_read_only_roles():
    got = [(act, neg) for _, act, neg, _ in acts("You are a read-only reviewer.\n\nKeep the reference decks read-only.\n")]
    assert got == [("modify-files", True)]


def test_extraction_is_cached_per_text_and_reuses_unchanged_pieces():
    body = "".join(f"- Run the test suite for module {k}\n" for k in range(50))
    doc = doc_of(body)
    first = extract(doc)
    assert extract(doc_of(body)) is first
    before = _unit.cache_info()
    edited = doc_of(body.replace("module 7\n", "module 7!\n"))
    again = extract(edited)
    after = _unit.cache_info()
    assert after.misses - before.misses == 1
    assert len(again.directives) == len(first.directives) == 50
    assert all(a.actions[0].act == Act.RUN_COMMANDS for a in again.directives)
