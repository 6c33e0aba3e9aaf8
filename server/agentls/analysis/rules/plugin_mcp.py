"""MCP tool names of plugin servers: `mcp__plugin_<plugin>_<server>__<tool>` (M005)."""

from __future__ import annotations

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix
from agentls.analysis.rules.mcp import mcp_has_outside_plugins
from agentls.analysis.rules.tools import field_items
from agentls.schema import parse_mcp, profile_for

CODES = ("M005",)


def check(ctx: Context) -> None:
    fm = ctx.doc.frontmatter
    ws = ctx.workspace
    profile = profile_for(ctx.doc.kind)
    if fm is None or ws is None or not profile.tool_fields or not ws.plugins:
        return
    own = ws.plugin_for(ctx.doc.path) if profile.plugin else None
    for key in profile.tool_fields:
        f = fm.get(key)
        if f is None or not f.readable:
            continue
        for item in field_items(fm, key, profile):
            name = parse_mcp(item.text)
            if name is None or not name.valid_server:
                continue
            r = fm.range(item.start, item.end)
            tail = f"__{name.tool}" if name.tool is not None else ""
            if name.plugin is None:
                if own is not None and name.server in own.servers and not mcp_has_outside_plugins(ctx, name.server):
                    full = f"mcp__plugin_{own.name}_{name.server}{tail}"
                    ctx.report("M005", r,
                               f"`{name.server}` is a server of the `{own.name}` plugin, so its tools are named `mcp__plugin_{own.name}_{name.server}__<tool>`: "
                               f"`{item.text}` matches nothing. Write `{full}`.",
                               fixes=[Fix(f"Change to `{full}`", (ctx.fm_edit(item.start, item.end, full),), safe=True)])
                continue
            plugin = ws.plugin_named(name.plugin)
            if plugin is None or name.server in plugin.servers:
                continue
            defined = ", ".join(f"`{s}`" for s in sorted(plugin.servers)) or "none"
            fixes = []
            if len(plugin.servers) == 1:
                only = next(iter(plugin.servers))
                full = f"mcp__plugin_{plugin.name}_{only}{tail}"
                fixes.append(Fix(f"Change to `{full}`", (ctx.fm_edit(item.start, item.end, full),), safe=False))
            ctx.report("M005", r,
                       f"The `{plugin.name}` plugin defines no MCP server `{name.server}` (it defines: {defined}), so `{item.text}` matches nothing. "
                       "Fix the server name, or define it in the plugin's `.mcp.json`.", fixes=fixes)
