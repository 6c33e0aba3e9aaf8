"""The "Disable CODE for this line / in this file" quick fixes: the finding goes, nothing else
about the file changes (the YAML and the markdown read the same), and a line that cannot take a
comment before it is refused."""

from __future__ import annotations

import pytest

from agentls.analysis import analyze
from agentls.document import parse_document
from agentls.features.suppress_actions import for_file, for_line

BODY_HEAD = "---\nname: reviewer\ndescription: Reviews code.\n---\n\n"
HEAD = "---\nname: reviewer\ndescription: |\n  Reviews code.\n  tools: read\ntools:\n  - read\n  - Grep\nmodel: sonnet\n---\n\n"


def _apply(text: str, where: tuple[int, str]) -> str:
    lines = text.split("\n")
    lines.insert(where[0], where[1].rstrip("\n"))
    return "\n".join(lines)


def _shape(doc) -> tuple:
    """What the file means: the frontmatter's fields and the body's blocks (kinds only, in order)."""
    fm = doc.frontmatter
    return ([(f.key, getattr(f.value, "value", None)) for f in fm.fields] if fm else [], [b.kind for b in doc.body.blocks if b.kind != "html"],
            [t for _, t in doc.body.parsed.tops if t != "html_block"])  # a list split in two would show here


def _findings(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.range.start.line) for f in analyze(parse_document(text, kind="agent"))]


def _silence(text: str, code: str, line: int) -> str:
    doc = parse_document(text, kind="agent")
    where = for_line(doc, code, line)
    assert where is not None, (code, line, doc.line_text(line))
    fixed = _apply(text, where)
    after = parse_document(fixed, kind="agent")
    assert _shape(after) == _shape(doc), fixed  # the YAML and the markdown mean the same
    before = [(c, ln + (ln >= where[0])) for c, ln in _findings(text) if (c, ln) != (code, line)]
    assert sorted(_findings(fixed)) == sorted(before), fixed  # that finding gone, every other one kept
    return fixed


def test_a_list_item_of_the_frontmatter():
    fixed = _silence(HEAD + "Review the diff.\n", "T001", 6)
    assert "  # agentls-disable-next-line T001\n  - read" in fixed


def test_a_field_of_the_frontmatter():
    text = "---\nname: reviewer\ndescription: Reviews code.\ntools: read, Grep\n---\n\nReview.\n"
    fixed = _silence(text, "T001", 3)
    assert "# agentls-disable-next-line T001\ntools: read" in fixed


def test_inside_a_multi_line_value_is_refused():
    doc = parse_document(HEAD + "Review.\n", kind="agent")
    assert for_line(doc, "F003", 4) is None  # "  tools: read" is text of the description


@pytest.mark.parametrize("body, line, code", [
    ("# Steps\n\nRun the tests.\n\n## Never edit files\n\nReport.\n", 4, "D002"),  # a heading
    ("Intro line.\n\nNever modify files. Report only.\n", 2, "C001"),  # a paragraph's first line
    ("Rules:\n\n- first\n- Never modify files.\n- last\n", 3, "C001"),  # a later list item
    ("- Never modify files.\n- last\n", 0, "C001"),  # the first list item
    ("| do | don't |\n|---|---|\n| review | edit |\n", 0, "X001"),  # a table's header row
])
def test_body_lines_that_take_a_comment(body: str, line: int, code: str):
    text = BODY_HEAD + body
    doc = parse_document(text, kind="agent")
    where = for_line(doc, code, BODY_HEAD.count("\n") + line)
    assert where is not None
    fixed = _apply(text, where)
    assert _shape(parse_document(fixed, kind="agent")) == _shape(doc), fixed


@pytest.mark.parametrize("body, line", [
    ("```bash\nrm -rf build\n```\n", 1),  # inside a fenced block
    ("| do | don't |\n|---|---|\n| review | edit |\n", 2),  # a table's body row
    ("First line of a paragraph\nand its second line.\n", 1),  # a paragraph's later line
])
def test_body_lines_that_are_refused(body: str, line: int):
    text = BODY_HEAD + body
    doc = parse_document(text, kind="agent")
    assert for_line(doc, "X001", BODY_HEAD.count("\n") + line) is None


def test_the_opening_line_is_refused_and_the_file_wide_comment_goes_after_it():
    text = "---\nname: reviewer\ndescription: Reviews code.\ntools: read\n---\n\nNever modify files.\n"
    doc = parse_document(text, kind="agent")
    assert for_line(doc, "F009", 0) is None
    where = for_file(doc, "T001")
    assert where == (1, "# agentls-disable T001\n")
    fixed = _apply(text, where)
    assert "T001" not in [c for c, _ in _findings(fixed)] and _shape(parse_document(fixed, kind="agent")) == _shape(doc)
