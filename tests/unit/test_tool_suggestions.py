"""Tool-name suggestions: the length pre-filter never changes the guess, and a huge list of
unknown names stays linear (guesses stop after SUGGEST_LIMIT)."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from agentls.analysis import analyze
from agentls.analysis.config import Config
from agentls.analysis.rules.tools import SUGGEST_LIMIT, _suggest_name
from agentls.document import parse_document
from agentls.schema import TOOLS


def _naive(name: str) -> tuple[str | None, bool]:
    by_lower = {t.lower(): t for t in TOOLS}
    if name.lower() in by_lower:
        return by_lower[name.lower()], True
    close = difflib.get_close_matches(name, list(TOOLS), n=1, cutoff=0.75)
    if not close:
        close = [by_lower[c] for c in difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.75)]
    return (close[0], False) if close else (None, False)


@st.composite
def near_tool_names(draw) -> str:
    """A tool name with a few characters dropped, doubled, swapped in case or replaced."""
    name = list(draw(st.sampled_from(sorted(TOOLS))))
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(name) - 1))
        op = draw(st.sampled_from("drop double case replace".split()))
        if op == "drop" and len(name) > 1:
            del name[i]
        elif op == "double":
            name.insert(i, name[i])
        elif op == "case":
            name[i] = name[i].swapcase()
        else:
            name[i] = draw(st.sampled_from("abcxyzQWE_"))
    return "".join(name)


@settings(max_examples=300, deadline=None)
@given(near_tool_names() | st.text("abcdefghijklmnopqrstuvwxyzRWEG", min_size=1, max_size=20))
def test_prefilter_gives_the_same_guess(name: str) -> None:
    assert _suggest_name(name) == _naive(name)


def test_guesses_stop_after_the_limit() -> None:
    names = ["Reed"] * 3 + [f"Zq{i}" for i in range(SUGGEST_LIMIT + 20)] + ["Raed"]
    text = "---\nname: many\ndescription: Many tools.\ntools: " + ", ".join(names) + "\n---\nBody.\n"
    findings = [f for f in analyze(parse_document(text, path="/w/.claude/agents/many.md"), Config(), None) if f.code == "T001"]
    assert len(findings) == len(names)
    guessed = [f for f in findings if "did you mean" in f.message]
    assert len(guessed) == 3  # the first three (`Reed` -> `Read`); the last comes after the limit
    assert all("`Read`" in f.message for f in guessed)
