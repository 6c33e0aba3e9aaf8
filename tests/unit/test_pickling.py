"""The dataclasses sent between `agentls check` processes pickle as constructor calls, losslessly."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

import pytest

from agentls.analysis.finding import Edit, Finding, Fix, Related
from agentls.document.positions import Position, Range
from agentls.pickling import by_arguments
from agentls.workspace.index import AgentInfo, Entry


def test_findings_round_trip() -> None:
    r = Range(Position(3, 4), Position(3, 9))
    f = Finding("T001", "unknown-tool", "tools", "error", r, "msg", [Related(r, "here")], [Fix("fix", (Edit(r, "Read"),))], ("deprecated",))
    back = pickle.loads(pickle.dumps(f))
    assert back == f and type(back.range.start) is Position
    assert back.fixes[0].edits[0].range == r


def test_index_entries_round_trip() -> None:
    r = Range.of(1, 6, 1, 12)
    for value in (AgentInfo("rev", "/w/a.md", "workspace", r, "d"), Entry("rev", "/w/a.md", "agent", None, "d", "user")):
        assert pickle.loads(pickle.dumps(value)) == value


def test_pickling_skips_the_generated_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of `by_arguments`: no `dataclasses.fields` call per object (a plain slots
    dataclass makes one in its generated `__getstate__`)."""
    import dataclasses

    @dataclass(frozen=True, slots=True)
    class Plain:
        line: int

    def refuse(*args):
        raise AssertionError("dataclasses.fields called")

    monkeypatch.setattr(dataclasses, "fields", refuse)
    with pytest.raises(AssertionError):
        pickle.dumps(Plain(1))
    r = Range(Position(0, 0), Position(0, 1))
    pickle.dumps(Finding("T001", "unknown-tool", "tools", "error", r, "m", [Related(r, "x")], [Fix("f", (Edit(r, ""),))]))


def test_fields_outside_the_constructor_are_refused() -> None:
    with pytest.raises(AssertionError):
        @by_arguments
        @dataclass(slots=True)
        class Derived:
            a: int
            b: int = field(init=False, default=0)
