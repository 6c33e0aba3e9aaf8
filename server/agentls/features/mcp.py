"""MCP servers as the features see them: configured names, their tools, and how to describe them."""

from __future__ import annotations

import os
from dataclasses import dataclass

from agentls.analysis.config import Config
from agentls.analysis.context import Context
from agentls.analysis.rules.mcp import inline_servers
from agentls.analysis.grants import ToolSet, effective_tools
from agentls.document import Document
from agentls.schema import parse_mcp
from agentls.schema.mcp_catalog import KnownServer, lookup_server
from agentls.workspace.index import WorkspaceIndex
from agentls.workspace.mcp_config import ServerEntry


@dataclass(frozen=True, slots=True)
class ServerTool:
    """A tool of an MCP server, as the server listed it or as the workspace uses it."""

    name: str
    summary: str | None  # None when the tool is only known from its use in the workspace
    deprecated: str | None = None


def own_servers(doc: Document) -> set[str]:
    """Servers the agent defines inline in its `mcpServers`."""
    return inline_servers(Context(doc, Config()))


def toolset(doc: Document, index: WorkspaceIndex | None, config: Config) -> ToolSet:
    """The tools Claude Code gives this agent, MCP servers checked against the workspace."""
    own = own_servers(doc)
    return effective_tools(doc.frontmatter, config.version, lambda s: s in own or (index is not None and index.mcp.has(s)))


def server_names(doc: Document, index: WorkspaceIndex | None) -> list[str]:
    """Every MCP server this agent can use: configured anywhere, or defined by the agent itself."""
    names = set(own_servers(doc))
    if index is not None:
        names.update(index.mcp.servers)
    return sorted(names, key=str.lower)


def catalog(index: WorkspaceIndex | None, server: str) -> KnownServer | None:
    entries = index.mcp.servers.get(server, []) if index is not None else []
    return lookup_server(server, " ".join(e.launch for e in entries))


def server_tools(index: WorkspaceIndex | None, server: str) -> list[ServerTool]:
    """Tools of a server: the bundled catalog's, then the names already used in the workspace."""
    known = catalog(index, server)
    out = [ServerTool(t.name, t.summary, t.deprecated) for t in known.tools.values()] if known else []
    seen = {t.name for t in out}
    if index is not None:
        out.extend(ServerTool(name, None) for name in sorted(index.used_mcp_tools(server)) if name not in seen)
    return out


def _where(entry: ServerEntry, index: WorkspaceIndex | None) -> str:
    path = entry.path
    home = os.path.expanduser("~")
    if index is not None and index.root and path.startswith(index.root.rstrip(os.sep) + os.sep):
        path = os.path.relpath(path, index.root)
    elif path.startswith(home + os.sep):
        path = "~" + path[len(home):]
    return f"{entry.scope} scope: `{path}` line {entry.line + 1}"


def describe(name: str, doc: Document, index: WorkspaceIndex | None) -> str | None:
    """Markdown for an `mcp__server[__tool]` name: the tool's summary, where the server is
    configured and how it is reached (its command or URL; never run)."""
    mcp = parse_mcp(name)
    if mcp is None:
        return None
    server, tool = mcp.server, mcp.tool
    known = catalog(index, server)
    head = f"**{name}**: every tool of the `{server}` MCP server"
    extra = ""
    if tool and tool != "*":
        entry = known.tools.get(tool) if known else None
        head = f"**{name}**" + (f": {entry.summary}" if entry else "")
        if entry is not None and entry.deprecated:
            extra = f"\n\nDeprecated: {entry.deprecated}."
        elif entry is None and known is not None:
            extra = f"\n\nThe `{server}` server of the catalog has no tool `{tool}`."
    return head + extra + "\n\n" + describe_server(server, doc, index)


def describe_server(server: str, doc: Document, index: WorkspaceIndex | None) -> str:
    """Markdown for an MCP server: what it is, and each place that configures it."""
    known = catalog(index, server)
    lines = [f"MCP server `{server}`" + (f": {known.summary}" if known else "")]
    entries = index.mcp.servers.get(server, []) if index is not None else []
    if entries:
        lines.extend(f"- {_where(e, index)}" + (f": `{e.launch}`" if e.launch else "") for e in entries)
    elif server in own_servers(doc):
        lines.append("- defined by this agent's `mcpServers`")
    else:
        searched = ", ".join(index.mcp.searched) if index is not None else ".mcp.json"
        lines.append(f"- not configured (searched {searched})")
    if known and known.source:
        lines.append(f"\n[Server documentation]({known.source})")
    return "\n".join(lines)
