"""The agents a prompt names where it delegates ("Delegate the fixes to the `code-fixer` agent").

One recogniser for every reader: R001 reports the names no agent answers to; find references,
rename and go to definition follow the names that do.
"""

from __future__ import annotations

import re

from agentls.lazy import compile_later
from dataclasses import dataclass

from agentls.analysis.actions import Act
from agentls.analysis.directives import Directive

# A kebab-case name in backticks or bold, or followed by "agent" / "sub-agent" / "subagent".
_NAME_IN_TEXT = compile_later(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`|\*\*([a-z0-9]+(?:-[a-z0-9]+)+)\*\*|\b([a-z0-9]+(?:-[a-z0-9]+)+)\s+(?:sub-?)?agent\b")
_AGENT_NAME = compile_later(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
_REACH = 40  # characters after a delegation's object where the agent's name may still stand


@dataclass(frozen=True, slots=True)
class Delegation:
    """An agent named where the prompt delegates: its name and where it is written (document
    offsets), and whether the sentence forbids the delegation."""

    name: str
    start: int
    end: int
    negative: bool


def delegations(directives: list[Directive]) -> list[Delegation]:
    """Every agent name written in a delegation, in document order (once per place)."""
    out: dict[tuple[int, int], Delegation] = {}
    for d in directives:
        for a in d.actions:
            if a.act != Act.DELEGATE:
                continue
            for m in _NAME_IN_TEXT.finditer(d.text, a.start, min(len(d.text), a.end + _REACH)):
                name = next(g for g in m.groups() if g)
                if not _AGENT_NAME.match(name):
                    continue
                start = m.start(m.lastindex or 0)
                s, e = d.span(start, start + len(name))
                if (s, e) not in out or out[(s, e)].negative and not a.negative:
                    out[(s, e)] = Delegation(name, s, e, a.negative)
    return sorted(out.values(), key=lambda x: x.start)
