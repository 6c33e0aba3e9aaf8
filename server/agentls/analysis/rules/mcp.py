"""MCP tools granted against the MCP servers configured (M001, M002, M004)."""

from __future__ import annotations

import difflib

from agentls.analysis.context import Context
from agentls.analysis.finding import Related
from agentls.document.entries import Item
from agentls.document.yaml_tree import Mapping, Scalar, Sequence
from agentls.analysis.rules.tools import field_items
from agentls.schema import MISTAKEN_FIELDS, parse_mcp, profile_for
from agentls.schema.mcp_catalog import KnownServer, lookup_server

CODES = ("M001", "M002", "M004")


def inline_servers(ctx: Context) -> set[str]:
    """Servers the agent defines itself in `mcpServers` (`- name: {config}`)."""
    fm = ctx.doc.frontmatter
    f = fm.get("mcpServers") if fm else None
    out: set[str] = set()
    if f is not None and isinstance(f.value, Sequence):
        for node in f.value.items:
            if isinstance(node, Mapping):
                out.update(p.key.value for p in node.pairs if isinstance(p.key, Scalar))
    elif f is not None and isinstance(f.value, Mapping):
        out.update(p.key.value for p in f.value.pairs if isinstance(p.key, Scalar))
    return out


def catalog_entry(ctx: Context, server: str) -> KnownServer | None:
    """What agentls knows of a server's tools: fetched from it (`agentls mcp fetch`), else the catalog."""
    fetched = ctx.workspace.fetched_tools(server) if ctx.workspace is not None else None
    if fetched is not None:
        return fetched
    entries = ctx.workspace.mcp.servers.get(server, []) if ctx.workspace else []
    hint = " ".join(e.launch for e in entries)
    return lookup_server(server, hint)


def check(ctx: Context) -> None:
    fm = ctx.doc.frontmatter
    profile = profile_for(ctx.doc.kind)
    if fm is None or ctx.workspace is None or not profile.tool_fields:
        return
    mcp = ctx.workspace.mcp
    own = inline_servers(ctx)
    searched = ", ".join(mcp.searched + ["this agent's mcpServers"])
    by_server: dict[str, list[Item]] = {}
    allow = profile.tool_fields[0]
    plugin = ctx.workspace.plugin_for(ctx.doc.path) if profile.plugin else None
    for key in profile.tool_fields:
        f = fm.get(key)
        if f is None or not f.readable:
            continue
        for item in field_items(fm, key, profile):
            name = parse_mcp(item.text)
            if name is None or not name.valid_server or name.plugin is not None:
                continue
            if plugin is not None and name.server in plugin.servers and not mcp_has_outside_plugins(ctx, name.server):
                continue  # M005: the plugin-prefixed name is meant
            if key == allow:
                by_server.setdefault(name.server, []).append(item)
            if name.tool and name.tool != "*":
                _tool(ctx, item, name.server, name.tool)
    for server, items in by_server.items():
        if mcp.has(server) or server in own:
            continue
        tools = ", ".join(f"`{i.text}`" for i in items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
        ctx.report(
            "M001",
            fm.range(items[0].start, items[0].end),
            f"MCP server `{server}` is not configured anywhere, so {tools} will not exist at runtime. Searched: {searched}. Add `{server}` to `.mcp.json`{' (or `mcpServers`)' if profile.subagent else ''}, or remove these entries.",
            related=[Related(fm.range(i.start, i.end), f"also needs server `{server}`") for i in items[1:9]],  # the first few
        )
    for f in fm.fields:
        if not f.readable or (f.key != "mcpServers" and MISTAKEN_FIELDS.get(f.key) != "mcpServers"):
            continue
        if not isinstance(f.value, Sequence):
            continue
        for node in f.value.items:
            if isinstance(node, Scalar) and node.value and not mcp.has(node.value):
                ctx.report("M002", fm.range(node.start, node.end),
                           f"`{f.key}` names `{node.value}`, but no MCP configuration defines it. Searched: {', '.join(mcp.searched)}. Define it in `.mcp.json`, or inline as `- {node.value}: {{command: ...}}`.")


def mcp_has_outside_plugins(ctx: Context, server: str) -> bool:
    """Whether a server is configured by something other than a plugin (or by the agent itself)."""
    assert ctx.workspace is not None
    return any(e.scope != "plugin" for e in ctx.workspace.mcp.servers.get(server, [])) or server in inline_servers(ctx)


def _tool(ctx: Context, item: Item, server: str, tool: str) -> None:
    known = catalog_entry(ctx, server)
    if known is None:
        return
    fm = ctx.doc.frontmatter
    assert fm is not None
    entry = known.tools.get(tool)
    if entry is None:
        close = difflib.get_close_matches(tool, list(known.tools), n=1, cutoff=0.6)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        ctx.report("M004", fm.range(item.start, item.end),
                   f"The `{server}` MCP server ({known.source}) has no tool `{tool}`, so this entry grants nothing.{hint}")
    elif entry.deprecated:
        ctx.report("M004", fm.range(item.start, item.end), f"`{tool}` of the `{server}` MCP server is deprecated: {entry.deprecated}.", severity="hint", tags=("deprecated",))
