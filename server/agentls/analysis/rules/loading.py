"""Whether Claude Code loads and launches the agent at all (F009).

One error at the top of the frontmatter, so the verdict is visible where the file starts, with
the reason and a link to the line that causes it. When the cause is itself on the opening line
(no closing delimiter, `name` missing) the finding there already says it, and F009 stays quiet.
"""

from __future__ import annotations

from agentls.analysis.context import Context
from agentls.analysis.finding import Related
from agentls.analysis.rules.tools import resolve_entry
from agentls.document import Document
from agentls.document.entries import list_items
from agentls.document.positions import Position, Range
from agentls.document.yaml_tree import Scalar
from agentls.schema.loader import TOP_LEVEL_GUARDS, name_problem
from agentls.schema.versions import Version

CODES = ("F009",)
AGENT_KINDS = ("agent", "plugin-agent")


def not_loaded(doc: Document, version: Version) -> tuple[str, str, Range] | None:
    """(verdict, reason, where the cause is) when Claude Code skips or refuses the agent."""
    fm = doc.frontmatter
    if fm is None or doc.kind not in AGENT_KINDS:
        return None
    line = fm.split.open_line
    top = Range(Position(line, 0), Position(line, 3))
    skip = "Claude Code does not load this agent"
    if doc.kind == "agent":
        parsed = fm.parsed
        if fm.split.close_line is None:
            return skip, "the frontmatter has no closing `---` line", top
        if not parsed.claude_loads:
            err = parsed.strict_error
            where = fm.range(err.offset, err.offset + 1) if err is not None else top
            return skip, "the frontmatter cannot be read, not even by Claude Code's lenient YAML reader", where
        for key in ("name", "description"):
            f = fm.get(key)
            if f is None:
                return skip, f"it has no `{key}`", top
            v = f.value
            if v is None or (isinstance(v, Scalar) and not v.value.strip()):
                return skip, f"its `{key}` is empty", fm.range(f.key_node.start, f.key_node.end)
            typed = v.typed() if isinstance(v, Scalar) else None
            if not isinstance(typed, str):  # `name: 123` reads as a number, `description: [a]` as a list
                return skip, f"its `{key}` is not text", fm.range(v.start, v.end)
            if key == "name" and (problem := name_problem(typed)):
                shown = f"`{v.value}`" if isinstance(v, Scalar) else "the value"
                return skip, f"{shown} is not a valid agent name ({problem})", fm.range(v.start, v.end)
        for key in TOP_LEVEL_GUARDS:
            f = fm.get(key)
            if f is not None:
                return skip, f"`{key}` is a hook event written at the top level, outside `hooks`", fm.range(f.key_node.start, f.key_node.end)
    tools = fm.get("tools")
    if tools is not None and not tools.swallowed:
        items = list_items(fm, tools)
        if items and not any(resolve_entry(i.text, version)[2] for i in items):
            where = fm.range(tools.key_node.start, tools.key_node.end)
            return "Claude Code refuses to launch this agent", "no entry of `tools` resolves to a tool, so it would run with zero tools", where
    return None


def check(ctx: Context) -> None:
    found = not_loaded(ctx.doc, ctx.version)
    if found is None:
        return
    verdict, reason, where = found
    fm = ctx.doc.frontmatter
    assert fm is not None
    line = fm.split.open_line
    if where.start.line == line:
        return  # the finding on this line already says so
    ctx.report("F009", Range(Position(line, 0), Position(line, 3)),
               f"{verdict}: {reason} (line {where.start.line + 1}). Fix that line and the agent becomes available.",
               related=[Related(where, reason)])
