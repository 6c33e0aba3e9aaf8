"""Incremental edits of an open document's text: spliced by LSP's rules (lines break at `\\n`,
`\\r\\n` and `\\r` only; columns in UTF-16 units, past a line's end meaning its end; lines past
the last meaning the end of the text), checked against a plain per-line reference."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from agentls.document.positions import line_starts
from agentls.server.text import LspTextDocument


def _reference_offset(text: str, line: int, character: int) -> int:
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z", text)
    if line >= len(lines):
        return len(text)
    start = sum(len(x) for x in lines[:line])
    content = lines[line].rstrip("\r\n")
    units = 0
    for i, ch in enumerate(content):
        if units >= character:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(content)


TEXT = st.lists(st.sampled_from(["a", "b", " ", "\n", "\r\n", "\r", "é", "😀", "\x0c", "\u2028"]), max_size=40).map("".join)
POS = st.tuples(st.integers(0, 12), st.integers(0, 10))


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(st.tuples(POS, POS, st.sampled_from(["", "x", "\n", "😀y", "\r\n", "\r"])), max_size=4))
def test_edits_match_the_reference(text: str, edits: list) -> None:
    doc = LspTextDocument("file:///w/a.md", source=text, version=1)
    expected = text
    for p, q, new in edits:
        (l1, c1), (l2, c2) = sorted([p, q])
        a, b = _reference_offset(expected, l1, c1), _reference_offset(expected, l2, c2)
        a, b = min(a, b), max(a, b)
        expected = expected[:a] + new + expected[b:]
        doc.apply_change(types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2)), text=new))
        assert doc.source == expected


@given(TEXT)
def test_line_starts(text: str) -> None:
    starts = line_starts(text)
    assert starts[0] == 0
    assert [m.end() for m in re.finditer(r"\r\n|\r|\n", text)] == starts[1:]
