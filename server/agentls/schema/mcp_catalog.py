"""Well-known MCP servers and their tools (data: `data/mcp_servers.json`, with sources)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class McpTool:
    """A tool of a well-known MCP server."""

    name: str
    summary: str
    deprecated: str | None = None


@dataclass(frozen=True, slots=True)
class KnownServer:
    """A well-known MCP server and its tools."""

    name: str
    summary: str
    source: str
    package: str | None
    aliases: tuple[str, ...]
    tools: dict[str, McpTool]


@lru_cache(maxsize=1)
def known_servers() -> dict[str, KnownServer]:
    """Catalog servers by name and by alias."""
    with open(os.path.join(os.path.dirname(__file__), "data", "mcp_servers.json"), encoding="utf-8") as fh:
        raw = json.load(fh)  # a file of the package (importlib.resources would cost 10-15 ms to import)
    out: dict[str, KnownServer] = {}
    for name, s in raw.get("servers", {}).items():
        tools = {t: McpTool(t, d.get("summary", ""), d.get("deprecated")) for t, d in s.get("tools", {}).items()}
        server = KnownServer(name, s.get("summary", ""), s.get("source", ""), s.get("package"), tuple(s.get("aliases", ())), tools)
        out[name] = server
        for alias in server.aliases:
            out.setdefault(alias, server)
    return out


def lookup_server(name: str, package_hint: str = "") -> KnownServer | None:
    """The catalog entry for a configured server, by name or by the package its command runs."""
    servers = known_servers()
    if name in servers:
        return servers[name]
    if package_hint:
        for s in servers.values():
            if s.package and s.package in package_hint:
                return s
    return None
