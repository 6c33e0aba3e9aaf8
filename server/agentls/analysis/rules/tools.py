"""Claude Code tool lists: `tools` / `disallowedTools` of agents, `allowed-tools` /
`disallowed-tools` of skills and commands (T001-T009, M003). The profile of the file's kind
names the fields; other kinds have none."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix, Related
from agentls.document.entries import Item, item_removal, list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.positions import Range
from agentls.schema import TOOLS, Profile, canonical, current_tool, old_tool, parse_mcp, parse_specifier, profile_for, resolves, specifier_problem, tool_by_case
from agentls.schema.tools import is_wildcard
from agentls.schema.names import TOOL_NAME, norm_server

CODES = ("T001", "T002", "T003", "T004", "T005", "T006", "T007", "T008", "T009", "M003")
LIST_FIELDS = ("tools", "disallowedTools")


@dataclass(frozen=True, slots=True)
class Resolved:
    """What one entry of a tools list stands for."""

    item: Item
    tool: str | None  # canonical built-in tool name, or None
    mcp_server: str | None = None
    ok: bool = True  # resolves to something in the configured version


def resolve_entry(text: str, version) -> tuple[str | None, str | None, bool]:
    """(canonical tool, mcp server, resolves) for one entry's text. `*` resolves (every tool)."""
    if is_wildcard(text):
        return None, None, True
    mcp = parse_mcp(text)
    if mcp is not None:
        return None, mcp.server, mcp.valid_server
    spec = parse_specifier(text)
    name = spec.tool if spec else text
    if not resolves(name, version):
        return None, None, False
    return canonical(name, version), None, True


def field_items(fm: Frontmatter, key: str, profile: Profile | None = None) -> list[Item]:
    """The items of a Claude Code tool-list field, split the way the file's kind splits them."""
    spec = profile.fields.get(key) if profile is not None else None
    return list_items(fm, fm.get(key), spaces=bool(spec and spec.split_spaces))


def resolved_items(fm: Frontmatter, key: str, version, profile: Profile | None = None) -> list[Resolved]:
    out = []
    for item in field_items(fm, key, profile):
        tool, server, ok = resolve_entry(item.text, version)
        out.append(Resolved(item, tool, server, ok))
    return out


def _item_range(fm: Frontmatter, item: Item) -> Range:
    return fm.range(item.start, item.end)


def _replace(ctx: Context, fm: Frontmatter, item: Item, new: str, title: str, safe: bool = True) -> Fix:
    return Fix(title, (ctx.fm_edit(item.start, item.end, new),), safe)


def _remove(ctx: Context, fm: Frontmatter, items: list[Item], i: int, title: str) -> Fix:
    a, b = item_removal(fm, items, i)
    return Fix(title, (ctx.fm_edit(a, b, ""),), True)


SUGGEST_LIMIT = 200  # unknown names per field that get a "did you mean" (a guess costs ~0.3 ms)


def _mcp_server_named(name: str, ctx: Context) -> str | None:
    """The MCP server a bare `tools` entry names (`context7`): one the workspace configures or
    the catalog knows, as it is spelled there."""
    from agentls.schema.mcp_catalog import known_servers  # its data is read on first use

    key = norm_server(name)
    configured = ctx.workspace.mcp.servers if ctx.workspace is not None else {}
    return next((s for s in (*configured, *known_servers()) if norm_server(s) == key), None)


def _suggest_name(name: str) -> tuple[str | None, bool]:
    """Closest current tool name; True when only the case differs."""
    same = tool_by_case(name)
    if same is not None:
        return same, True
    # a ratio of 0.75 needs lengths within 0.75 of each other: compare only those
    near = [t for t in TOOLS if 8 * min(len(t), len(name)) >= 3 * (len(t) + len(name))]
    close = difflib.get_close_matches(name, near, n=1, cutoff=0.75)
    if not close:
        close = difflib.get_close_matches(name.lower(), [t.lower() for t in near], n=1, cutoff=0.75)
        close = [tool_by_case(c) for c in close]
    return (close[0], False) if close else (None, False)


def check(ctx: Context) -> None:
    fm = ctx.doc.frontmatter
    profile = profile_for(ctx.doc.kind)
    if fm is None or not profile.tool_fields:
        return
    allow, deny = profile.tool_fields
    lists: dict[str, list[Item]] = {}
    for key in profile.tool_fields:
        field = fm.get(key)
        if field is None or not field.readable:
            continue
        items = field_items(fm, key, profile)
        lists[key] = items
        _check_items(ctx, fm, key, items, profile)
    _both_lists(ctx, fm, lists.get(allow, []), lists.get(deny, []), allow, deny)
    if profile.subagent:
        _none_resolves(ctx, fm, lists.get(allow, []))


def _check_items(ctx: Context, fm: Frontmatter, key: str, items: list[Item], profile: Profile) -> None:
    present = {(spec.tool if (spec := parse_specifier(i.text)) else i.text) for i in items}
    seen: dict[str, Item] = {}
    plan_mode = _permission_mode(fm) == "plan"
    guesses = SUGGEST_LIMIT
    for i, item in enumerate(items):
        text = item.text
        if is_wildcard(text):
            continue  # every tool, as Claude Code reads it
        mcp = parse_mcp(text)
        if mcp is not None:
            if not mcp.valid_server and mcp.server != "*":
                ctx.report("M003", _item_range(fm, item), f"`{mcp.server}` is not a valid MCP server name: server names use letters, digits, `-` and `_` only.")
            _duplicate(ctx, fm, items, i, text, seen)
            continue
        problem = specifier_problem(text)
        if problem:
            ctx.report("T006", _item_range(fm, item), f"`{text}` is malformed: {problem}.")
            continue
        spec = parse_specifier(text)
        name = spec.tool if spec else text
        if " " in name and all(resolves(w, ctx.version) for w in name.split()):
            fixed = ", ".join(name.split())
            ctx.report("T006", _item_range(fm, item), f"`{text}` holds several tool names separated by spaces; Claude Code splits `{key}` on commas, so it reads one unknown name. Separate them with commas.",
                       fixes=[_replace(ctx, fm, item, fixed, "Separate the tools with commas")])
            continue
        tool = current_tool(name, ctx.version)
        if tool is not None:
            if profile.subagent and key == "tools" and (tool.subagent == "never" or (tool.subagent == "plan" and not plan_mode)):
                why = "unless `permissionMode: plan` is set" if tool.subagent == "plan" else "even when it is listed"
                ctx.report("T008", _item_range(fm, item), f"Sub-agents never get `{name}` {why}, so this entry has no effect. Remove it.",
                           fixes=[_remove(ctx, fm, items, i, f"Remove `{name}`")], tags=("unnecessary",))
            _duplicate(ctx, fm, items, i, _dup_key(name, spec, ctx.version), seen)
            continue
        old = old_tool(name, ctx.version)
        if old is not None:
            _old(ctx, fm, items, i, old, present)
            _duplicate(ctx, fm, items, i, _dup_key(name, spec, ctx.version), seen)
            continue
        if resolves(name, ctx.version):  # an old name still current in the configured version
            _duplicate(ctx, fm, items, i, name, seen)
            continue
        later = TOOLS.get(name)
        if later is not None:  # exists, but only in a newer Claude Code than the configured one
            ctx.report("T001", _item_range(fm, item), f"`{name}` came in Claude Code {later.since}, newer than the configured `claudeCodeVersion`, so that version drops it. "
                       "Raise `claudeCodeVersion` if you run a newer Claude Code.")
            continue
        if not TOOL_NAME.match(name):
            ctx.report("T006", _item_range(fm, item), f"`{text}` is not a tool name: tool names are single words like `Read`; MCP tools are written `mcp__server__tool`.")
            continue
        server = _mcp_server_named(name, ctx)
        if server is not None:
            ctx.report("T001", _item_range(fm, item), f"`{name}` is an MCP server, not a tool, so Claude Code drops this entry silently. "
                       f"Write `mcp__{server}` to grant every tool of the server, or `mcp__{server}__<tool>` for one.",
                       fixes=[_replace(ctx, fm, item, text.replace(name, f"mcp__{server}", 1), f"Change to `mcp__{server}`")])
            continue
        guess, case_only = _suggest_name(name) if guesses > 0 else (None, False)
        guesses -= 1
        if guess:
            new = text.replace(name, guess, 1)
            why = "tool names are case-sensitive" if case_only else "no tool has that name"
            ctx.report("T001", _item_range(fm, item), f"`{name}` is not a Claude Code tool ({why}): did you mean `{guess}`? Claude Code drops unknown entries silently.",
                       fixes=[_replace(ctx, fm, item, new, f"Change to `{guess}`", safe=case_only)])
        else:
            ctx.report("T001", _item_range(fm, item), f"`{name}` is not a Claude Code tool, so Claude Code drops it silently. See `agentls rules` or hover `{key}` for the tool list.")


def _old(ctx: Context, fm: Frontmatter, items: list[Item], i: int, old, present: set[str]) -> None:
    item = items[i]
    r = _item_range(fm, item)
    name = old.name
    repl = old.replacement
    repl_tool = TOOLS.get(repl) if repl else None
    usable = repl_tool is not None and repl_tool.subagent == "yes" and not repl_tool.deprecated
    if old.alias:
        if repl in present:
            return  # reported as a duplicate (T004) on this entry
        fix = _replace(ctx, fm, item, item.text.replace(name, repl, 1), f"Change to `{repl}`")
        ctx.report("T009", r, f"`{name}` is the old name of `{repl}` (renamed in {old.version}); it still works as an alias. Prefer `{repl}`.", fixes=[fix], tags=("deprecated",))
        return
    if usable and repl not in present:
        fix = _replace(ctx, fm, item, item.text.replace(name, repl, 1), f"Change to `{repl}`")
    else:
        why = f"`{repl}` is already listed" if repl in present else "it has no replacement a sub-agent can use"
        fix = _remove(ctx, fm, items, i, f"Remove `{name}` ({why})")
    if old.renamed:
        msg = f"`{name}` was renamed `{repl}` in Claude Code {old.version}, so this entry resolves to nothing."
        if not usable and repl_tool is not None:
            msg += f" {old.note}" if old.note else f" `{repl}` is not available to sub-agents: remove it."
        elif repl in present:
            msg += f" `{repl}` is already listed: remove this entry."
        else:
            msg += f" Use `{repl}`."
        ctx.report("T002", r, msg, fixes=[fix], tags=("deprecated",))
    else:
        msg = f"`{name}` was removed from Claude Code ({old.version}), so this entry resolves to nothing."
        if repl:
            msg += f" `{repl}` is already listed: remove this entry." if repl in present else f" Use `{repl}` instead."
        if old.note:
            msg += f" {old.note}"
        ctx.report("T003", r, msg, fixes=[fix], tags=("deprecated",))


def _dup_key(name: str, spec, version) -> str:
    """What makes two entries the same: the tool (old names count as their new one) and,
    for specifiers, the argument (`Bash(git *)` and `Bash(npm *)` are different entries)."""
    tool = canonical(name, version)
    return f"{tool}({spec.argument})" if spec is not None else tool


def _duplicate(ctx: Context, fm: Frontmatter, items: list[Item], i: int, key: str, seen: dict[str, Item]) -> None:
    item = items[i]
    if key not in seen:
        seen[key] = item
        return
    first = seen[key]
    if first.text == item.text:
        dup, other, what = item, first, f"`{item.text}` is listed twice"
    else:  # an old name beside the new one: flag the old name
        dup, other = (first, item) if item.text == key else (item, first)
        what = f"`{dup.text}` is the old name of `{other.text}`, which is also listed"
    ctx.report("T004", _item_range(fm, dup), f"{what}. Remove `{dup.text}`.",
               related=[Related(_item_range(fm, other), f"`{other.text}` is listed here")],
               fixes=[_remove(ctx, fm, items, items.index(dup), f"Remove `{dup.text}`")], tags=("unnecessary",))


def _both_lists(ctx: Context, fm: Frontmatter, tools: list[Item], disallowed: list[Item], allow: str = "tools", deny: str = "disallowedTools") -> None:
    banned = {canonical(i.text, ctx.version): i for i in disallowed}
    who = "the agent" if allow == "tools" else "Claude"
    for i, item in enumerate(tools):
        other = banned.get(canonical(item.text, ctx.version))
        if other is not None:
            ctx.report("T005", _item_range(fm, item),
                       f"`{item.text}` is also in `{deny}`, which is applied first: {who} does not get it. Remove it from one of the lists.",
                       related=[Related(_item_range(fm, other), "disallowed here")],
                       fixes=[_remove(ctx, fm, tools, i, f"Remove `{item.text}` from `{allow}`")])


def _none_resolves(ctx: Context, fm: Frontmatter, items: list[Item]) -> None:
    if not items:
        return
    if any(resolve_entry(i.text, ctx.version)[2] for i in items):
        return
    field = fm.get("tools")
    assert field is not None
    ctx.report("T007", fm.range(field.key_node.start, field.key_node.end),
               "No entry of `tools` resolves to a Claude Code tool, so Claude Code refuses to launch this agent (it would run with zero tools). Fix the names below, or remove `tools` to inherit every tool.",
               related=[Related(_item_range(fm, i), f"`{i.text}` resolves to nothing") for i in items])


def _permission_mode(fm: Frontmatter) -> str | None:
    f = fm.get("permissionMode")
    return getattr(f.value, "value", None) if f is not None else None
