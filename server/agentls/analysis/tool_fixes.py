"""Quick fixes on `tools` and `disallowedTools`, written in the list's own form (comma string,
flow list or block list). None is safe: each changes what the agent may do, so `check --fix`
leaves them to the user."""

from __future__ import annotations

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix
from agentls.analysis.grants import Grants
from agentls.document.entries import Item, list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Sequence


def add_tools(ctx: Context, fm: Frontmatter, g: Grants, names: list[str]) -> list[Fix]:
    """Add tools to `tools`, in the list's own form."""
    f = fm.get("tools")
    if f is None or not names:
        return []
    text = fm.parsed.text
    items = g.tool_items
    v = f.value
    if isinstance(v, Sequence) and not v.flow:
        if not items:
            return []
        last = items[-1]
        line_start = text.rfind("\n", 0, last.start) + 1
        prefix = text[line_start : last.start]
        line_end = text.find("\n", last.end)
        line_end = len(text) if line_end < 0 else line_end
        new = "".join("\n" + prefix + n for n in names)
        edit = ctx.fm_edit(line_end, line_end, new)
    elif items:
        edit = ctx.fm_edit(items[-1].end, items[-1].end, "".join(", " + n for n in names))
    elif isinstance(v, Sequence) and v.flow:
        edit = ctx.fm_edit(v.start + 1, v.start + 1, ", ".join(names))
    else:
        return []
    title = f"Add {', '.join(f'`{n}`' for n in names)} to `tools`"
    return [Fix(title, (edit,), safe=False)]


def remove_tools(ctx: Context, fm: Frontmatter, g: Grants, drop: list[Item]) -> list[Fix]:
    """Remove some entries of `tools` (one edit per block line, or the rewritten list)."""
    f = fm.get("tools")
    if f is None or not drop:
        return []
    items = g.tool_items
    drop_pos = {i.position for i in drop}
    keep = [i for i in items if i.position not in drop_pos]
    if not keep:
        return []
    text = fm.parsed.text
    names = ", ".join(f"`{i.text}`" for i in drop)
    if items[0].form == "block":
        edits = []
        for i in items:
            if i.position in drop_pos:
                a = text.rfind("\n", 0, i.start) + 1
                b = text.find("\n", i.end)
                edits.append(ctx.fm_edit(a, len(text) if b < 0 else b + 1, ""))
        return [Fix(f"Remove {names} from `tools`", tuple(edits), safe=False)]
    new = ", ".join(i.text for i in keep)
    return [Fix(f"Remove {names} from `tools`", (ctx.fm_edit(items[0].start, items[-1].end, new),), safe=False)]


def disallow_tools(ctx: Context, fm: Frontmatter, names: list[str]) -> list[Fix]:
    """Add (or extend) `disallowedTools`."""
    text = fm.parsed.text
    f = fm.get("disallowedTools")
    if f is not None:
        items = list_items(fm, f)
        if items and items[0].form != "block":
            return [Fix(f"Add {', '.join(names)} to `disallowedTools`", (ctx.fm_edit(items[-1].end, items[-1].end, "".join(", " + n for n in names)),), safe=False)]
        if items:
            last = items[-1]
            line_start = text.rfind("\n", 0, last.start) + 1
            prefix = text[line_start : last.start]
            line_end = text.find("\n", last.end)
            line_end = len(text) if line_end < 0 else line_end
            return [Fix(f"Add {', '.join(names)} to `disallowedTools`", (ctx.fm_edit(line_end, line_end, "".join("\n" + prefix + n for n in names)),), safe=False)]
        return []
    at = len(text)
    lead = "" if not text or text.endswith("\n") else "\n"
    return [Fix(f"Add `disallowedTools: {', '.join(names)}`", (ctx.fm_edit(at, at, f"{lead}disallowedTools: {', '.join(names)}\n"),), safe=False)]
