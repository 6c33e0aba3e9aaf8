"""`split_commas` (its fast path for lists without specifiers too) against a plain reference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agentls.document.entries import split_commas


def reference(text: str, spaces: bool) -> list[tuple[str, int, int]]:
    """One character at a time: split on commas (and whitespace) outside parentheses."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (ch == "," or (spaces and ch in " \t\r\n")) and (depth == 0 or i == len(text)):
            raw = text[start:i]
            item = raw.strip()
            if item:
                lead = len(raw) - len(raw.lstrip())
                out.append((item, start + lead, start + lead + len(item)))
            start = i + 1
    return out


def test_examples() -> None:
    assert split_commas("Read, Grep ,  Bash") == [("Read", 0, 4), ("Grep", 6, 10), ("Bash", 14, 18)]
    assert split_commas("Read,,Bash(git *, ls), Write") == [("Read", 0, 4), ("Bash(git *, ls)", 6, 21), ("Write", 23, 28)]
    assert split_commas(" , ") == []


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet="ab ,\t\n\u00a0()", max_size=40), st.booleans())
def test_same_as_reference(text: str, spaces: bool) -> None:
    assert split_commas(text, spaces) == reference(text, spaces)
