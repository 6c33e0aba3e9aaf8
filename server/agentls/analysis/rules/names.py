"""Duplicate agent names within one scope (F007)."""

from __future__ import annotations

import os

from agentls.analysis.context import Context
from agentls.analysis.finding import Related
from agentls.workspace.index import agent_info

CODES = ("F007",)


def check(ctx: Context) -> None:
    if ctx.workspace is None:
        return
    info = agent_info(ctx.doc)
    if info is None:
        return
    others = ctx.workspace.same_name(info)
    if not others:
        return
    names = ", ".join(os.path.basename(o.path) for o in sorted(others, key=lambda o: o.path))
    ctx.report(
        "F007",
        info.name_range,
        f"Another agent in this folder is also named `{info.name}` ({names}): Claude Code loads only one of them and silently drops the others. Give each agent a unique name.",
        related=[Related(o.name_range, f"also named `{info.name}`", o.path) for o in sorted(others, key=lambda o: o.path)],
    )
