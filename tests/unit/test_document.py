"""The document model: frontmatter split, YAML with exact ranges, tolerant reading, body."""

from agentls.document import parse_document
from agentls.document.entries import list_items
from agentls.document.positions import Position
from agentls.document.yaml_tree import Scalar, Sequence, parse_yaml


def fm_of(text: str):
    doc = parse_document(text)
    assert doc.frontmatter is not None
    return doc, doc.frontmatter


def test_no_frontmatter():
    doc = parse_document("# Title\n\nBody text.\n")
    assert doc.frontmatter is None
    assert doc.body.headings[0].text == "Title"


def test_crlf_bom_and_ranges():
    text = "\ufeff---\r\nname: a😀b\r\ndescription: x\r\n---\r\nBody\r\n"
    doc, fm = fm_of(text)
    f = fm.get("name")
    assert fm.parsed.mode == "strict"
    assert f.value.value == "a😀b"
    r = fm.range(f.value.start, f.value.end)
    assert (r.start, r.end) == (Position(1, 6), Position(1, 10))
    assert doc.body.line_offset == 4 and doc.body.line_text(0) == "Body"


def test_blank_lines_before_opening_and_long_closing_line():
    doc, fm = fm_of("\n\n---\nname: a\n-----\nBody\n")
    assert fm.split.leading_text and fm.split.long_close
    assert fm.get("name").value.value == "a"
    assert fm.position(fm.get("name").key_node.start) == Position(3, 0)


def test_indented_frontmatter_closes_at_same_indentation():
    doc, fm = fm_of("    ---\n    name: a\n    description: b\n    ---\n\nBody\n")
    assert fm.split.indented_open and fm.split.close_line == 3
    assert fm.parsed.mode == "strict" and fm.get("description").value.value == "b"


def test_unterminated_frontmatter_stops_at_first_heading():
    doc, fm = fm_of("---\nname: a\ndescription: b\n\n# Heading\nText\n")
    assert fm.split.close_line is None
    assert fm.get("name").value.value == "a"
    assert doc.body.headings[0].text == "Heading"


def test_tools_items_in_every_form_have_their_own_ranges():
    text = "---\na: Read, Bash(git add *, git commit *), mcp__x__y\nb:\n  - Read\n  - Grep\nc: [Read, Glob]\n---\n"
    doc, fm = fm_of(text)
    a = list_items(fm, fm.get("a"))
    assert [i.text for i in a] == ["Read", "Bash(git add *, git commit *)", "mcp__x__y"]
    r = fm.range(a[2].start, a[2].end)
    assert doc.text.splitlines()[r.start.line][r.start.character : r.end.character] == "mcp__x__y"
    assert [(i.text, i.form) for i in list_items(fm, fm.get("b"))] == [("Read", "block"), ("Grep", "block")]
    assert [(i.text, i.form) for i in list_items(fm, fm.get("c"))] == [("Read", "flow"), ("Glob", "flow")]


def test_quoted_comma_string_items_are_found_in_source():
    doc, fm = fm_of('---\ntools: "Read, Grep"\n---\n')
    items = list_items(fm, fm.get("tools"))
    assert [(fm.range(i.start, i.end).start.character) for i in items] == [8, 14]


def test_lenient_reading_of_plain_value_with_colon_space():
    text = "---\nname: a\ndescription: Plans things. TRIGGERS: when asked. I''ll help\ntools: Read\n---\n"
    doc, fm = fm_of(text)
    assert fm.parsed.mode == "lenient" and fm.parsed.claude_loads
    assert fm.get("description").value.value == "Plans things. TRIGGERS: when asked. I''ll help"
    assert fm.get("tools").value.value == "Read"
    err = fm.position(fm.parsed.strict_error.offset)
    assert err == Position(2, 35)


def test_partial_reading_keeps_good_entries_when_a_value_swallows_lines():
    text = "---\nname: a\ndescription: Does things.\n\nExamples:\n- <example>\n  Context: hi\n  </example>\ntools: Read, Task\n---\nBody\n"
    doc, fm = fm_of(text)
    assert fm.parsed.mode == "partial" and not fm.parsed.claude_loads
    keys = [(f.key, f.swallowed) for f in fm.fields]
    assert keys == [("name", False), ("description", False), ("Examples", True), ("tools", False)]
    assert [i.text for i in list_items(fm, fm.get("tools"))] == ["Read", "Task"]


def test_half_typed_line_still_gives_a_model():
    doc, fm = fm_of("---\nname: a\ntools: [Read, \ndescription: b\n---\n")
    assert fm.get("name").value.value == "a"
    assert fm.get("description").value.value == "b"


def test_alias_bomb_is_not_expanded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20))
    result = parse_yaml(bomb)
    assert result.error is None
    # counted, never built: reading stops once the aliases would expand past the node limit (S006)
    assert result.limited and "alias" in result.limited
    assert [p.key.value for p in result.root.pairs][:3] == ["a", "b", "c"]


def test_deep_nesting_is_cut_off():
    result = parse_yaml("a: " + "[" * 200 + "]" * 200)
    assert result.limited and "nesting" in result.limited


def test_body_model():
    text = "---\nname: a\n---\n# Title\n\nSome `Read` text.\n\n- item one\n- item two\n\n```bash\npwd\n```\n\n<example>\nuser: hi\n</example>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    doc = parse_document(text)
    body = doc.body
    kinds = [b.kind for b in body.blocks]
    assert kinds.count("list_item") == 2 and "fence" in kinds and kinds.count("table_row") >= 2
    span = body.code_spans[0]
    assert span.text == "Read" and body.range(span.line, span.start, span.end).start == Position(5, 5)
    fence = body.parsed.fences[0]
    assert fence.text == "bash" and body.doc_line(fence.line) == 10
    assert body.doc_line(min(body.parsed.example_lines)) == 14
    assert body.parsed.code_lines == frozenset({8})
