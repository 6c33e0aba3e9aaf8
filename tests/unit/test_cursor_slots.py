"""`agentls.document.cursor`: what is at an offset, on well-formed and half-typed frontmatter."""

from __future__ import annotations

import pytest
from agentls.document import parse_document
from agentls.document.cursor import body_slot, body_word_at, hit_at, last_item, slot_at

CURSOR = "¦"


def _slot(src: str):
    i = src.index(CURSOR)
    doc = parse_document(src.replace(CURSOR, "", 1))
    fm = doc.frontmatter
    s = slot_at(fm, i - fm.split.content_start)
    if s is None:
        return None
    return s.kind, s.field.key if s.field else None, s.prefix, fm.parsed.text[s.start : s.end], s.form


@pytest.mark.parametrize("src, want", [
    # block list items, also right after the dash
    ("---\nname: a\ntools:\n  - Read\n  - Gr¦\n---\n", ("item", "tools", "Gr", "Gr", "block")),
    ("---\nname: a\ntools:\n  - Read\n  - ¦\nmodel: x\n---\n", ("item", "tools", "", "", "block")),
    ("---\nname: a\ntools:\n  -¦\n---\n", ("item", "tools", "", "", "block")),
    # flow lists, closed or not (the open one makes the YAML invalid: partial parse)
    ("---\nname: a\ntools: [Read, Gr¦]\n---\n", ("item", "tools", "Gr", "Gr", "flow")),
    ("---\nname: a\ntools: [Read, ¦\n---\n", ("item", "tools", "", "", "flow")),
    ("---\nname: a\ntools: [Read,\n  Gr¦\n---\n", ("item", "tools", "Gr", "Gr", "flow")),
    # scalar values, and the comma string (narrowed by the feature with `last_item`)
    ("---\nname: a\ntools: Read, Gr¦\n---\n", ("value", "tools", "Read, Gr", "Read, Gr", "string")),
    ("---\nname: a\nmodel: ¦\n---\n", ("value", "model", "", "", "string")),
    ("---\nname: a\nmodel: so¦nnet\n---\n", ("value", "model", "so", "sonnet", "string")),
    ('---\nname: a\ntools: "Read, Gr¦"\n---\n', ("value", "tools", "Read, Gr", "Read, Gr", "string")),
    # keys: a new line, a half-typed key (partial parse), the key of an existing field
    ("---\nname: a\n¦\n---\n", ("key", None, "", "", None)),
    ("---\n¦\n---\n", ("key", None, "", "", None)),
    ("---\nname: a\nmo¦\n---\n", ("key", None, "mo", "mo", None)),
    ("---\nname: a\nmodel: sonnet\nmo¦\ncolor: red\n---\n", ("key", None, "mo", "mo", None)),
    ("---\nna¦me: a\n---\n", ("key", "name", "na", "name", None)),
    ("---\nname: a\ndescription: >-\n  text\n¦\n---\n", ("key", None, "", "", None)),
])
def test_slots(src: str, want: tuple):
    assert _slot(src) == want


@pytest.mark.parametrize("src", [
    '---\nname: a\ndescription: "abc\n¦def"\n---\n',  # inside a quoted value that spans lines
    "---\nname: a\ndescription: |\n  text ¦here\n---\n",  # inside a block scalar
    "---\nname: a\ndescription: ¦|\n  text\n---\n",
    "---\nname: a\ntools:\n  - Read\n  # co¦\n---\n",  # a comment
    "---\nname: a\nmcpServers:\n  - foo:\n      command: n¦\n---\n",  # a nested mapping
    "---\nname: a\ntools:¦\n  - Read\n---\n",  # after `key:` of a block list
])
def test_no_slot(src: str):
    assert _slot(src) is None


def test_last_item_keeps_parentheses_together():
    assert last_item("Read, Agent(a, b") == ("Agent(a, b", 6)
    assert last_item("Read,") == ("", 5)
    assert last_item("") == ("", 0)


def test_hit_at_items_keys_values():
    text = "---\nname: a\ntools: Read, Bash(git *)\nmodel: opus\n---\n"
    doc = parse_document(text)
    fm = doc.frontmatter
    local = text.index("git") - fm.split.content_start
    hit = hit_at(fm, local)
    assert (hit.part, hit.text, fm.parsed.text[hit.start : hit.end]) == ("item", "Bash(git *)", "Bash(git *)")
    hit = hit_at(fm, text.index("opus") - fm.split.content_start)
    assert (hit.part, hit.text) == ("value", "opus")
    hit = hit_at(fm, text.index("model") - fm.split.content_start + 2)
    assert (hit.part, hit.text) == ("key", "model")


def test_body_slots_and_words():
    text = "---\nname: a\n---\n\nUse `Gr and mcp__ctx\n\n```\n`inside a fence\n```\nSee `docs/x.md` 🔴 `Read`.\n"
    doc = parse_document(text)
    s = body_slot(doc, text.index("Gr") + 2)
    assert (s.kind, s.prefix, text[s.start : s.end]) == ("code", "Gr", "Gr")
    s = body_slot(doc, text.index("mcp__ctx") + 8)
    assert (s.kind, s.prefix) == ("mcp", "mcp__ctx")
    assert body_slot(doc, text.index("inside") + 3) is None
    assert body_slot(doc, text.index("name")) is None
    word, a, b = body_word_at(doc, text.index("Read") + 1)
    assert (word, text[a:b]) == ("Read", "Read")
    word, a, b = body_word_at(doc, text.index("docs/x") + 2)
    assert (word, text[a:b]) == ("docs/x.md", "docs/x.md")


def test_values_stop_before_comments():
    assert _slot("---\nname: a\nmodel: so¦nnet  # the default\n---\n") == ("value", "model", "so", "sonnet", "string")
    assert _slot("---\nname: a\ntools:\n  - Gr¦ep  # search\n---\n") == ("item", "tools", "Gr", "Grep", "block")
