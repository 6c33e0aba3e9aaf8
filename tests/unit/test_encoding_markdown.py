"""Mojibake detection in its three encodings, and the markdown rules' precision anchors."""

import pytest

from agentls.analysis import analyze
from agentls.analysis.rules.encoding import scan
from agentls.document import parse_document

HEAD = "---\nname: a\ndescription: b\n---\n\n"


@pytest.mark.parametrize("original, encoding, label", [
    ("🔴 Stop", "mac_roman", "Mac Roman"),
    ("it’s — ‘done’ ✅", "cp1252", "Windows-1252"),
    ("café naïve", "latin-1", "Latin-1|Windows-1252")  # identical for these bytes,
])
def test_mojibake_is_found_and_restored(original, encoding, label):
    broken = original.encode("utf-8").decode(encoding)
    found = scan(broken)
    assert found and all(lab in label.split("|") for *_, lab in found)
    restored = broken
    for start, end, text, _ in sorted(found, reverse=True):
        restored = restored[:start] + text + restored[end:]
    assert restored == original


@pytest.mark.parametrize("legit", ["Füße, café, naïve – “quoted” · 5×3 ± 2 — ok", "日本語のテキスト", "Emoji 🔴 ✅ ⚠️ stay as they are", "Ünïcödé Ärger"])
def test_legitimate_text_is_not_mojibake(legit):
    assert scan(legit) == []


def codes(body: str) -> list[tuple[str, int]]:
    doc = parse_document(HEAD + body)
    return [(f.code, f.range.start.line + 1) for f in analyze(doc)]


def test_glued_heading_but_not_in_code_or_hashtags():
    assert ("D001", 6) in codes("Use tables.## Output format\n")
    assert not [c for c in codes("```\nx = 1.## Not a heading\n```\nSee issue #12 and C# code. Use `a.## B` here.\n") if c[0] == "D001"]


def test_duplicate_sections_only_among_siblings():
    body = "## Alpha\n### Inputs\nx\n## Beta\n### Inputs\ny\n## Alpha\nz\n"
    assert [c for c in codes(body) if c[0] == "D002"] == [("D002", 12)]


def test_output_template_shown_again_as_example_is_not_a_duplicate():
    body = "### Summary\nformat\n### Example Output\n### Summary\nfilled in\n"
    assert not [c for c in codes(body) if c[0] == "D002"]


def test_empty_body():
    assert ("D003", 4) in codes("\n  \n")


def test_specifiers_of_one_tool_are_not_duplicates():
    doc = parse_document("---\nname: a\ndescription: b\ntools: Bash(git *), Bash(npm *), Read, Bash(git *)\n---\n\nGo.\n")
    dups = [f for f in analyze(doc) if f.code == "T004"]
    assert [(f.range.start.character, f.message) for f in dups] == [(39, "`Bash(git *)` is listed twice. Remove `Bash(git *)`.")]


def test_half_typed_flow_list_gets_only_the_yaml_error():
    doc = parse_document("---\nname: a\ndescription: b\ntools: [Read, Gr\n---\n\nGo.\n")
    found = {f.code for f in analyze(doc) if f.range.start.line == 3}
    assert "S001" in found and not found & {"T001", "T006", "T007"}
