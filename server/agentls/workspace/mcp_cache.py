"""Tools fetched from MCP servers (`agentls mcp fetch`), cached under the user's cache folder.

Reading the cache is cheap and never starts anything; only `mcp_introspect` writes it, and only
when the user asks. An entry is keyed by the server's name and a hash of how it is launched, so
changing the command, arguments or URL makes the old tools stale.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from typing import Any

from agentls.schema.mcp_catalog import KnownServer, McpTool

VERSION = 1
MAX_CACHE_BYTES = 2 * 1024 * 1024


def cache_dir() -> str:
    """`$XDG_CACHE_HOME/agentls/mcp-tools`, else `~/.cache/agentls/mcp-tools`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "agentls", "mcp-tools")


def config_key(config: dict[str, Any]) -> str:
    """A short hash of what decides which server runs (not its secrets' values)."""
    launch = {k: config.get(k) for k in ("type", "command", "args", "url", "cwd") if config.get(k) is not None}
    launch["env"] = sorted((config.get("env") or {}).keys()) if isinstance(config.get("env"), dict) else []
    return hashlib.sha256(json.dumps(launch, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80] or "server"


def cache_path(server: str, config: dict[str, Any]) -> str:
    return os.path.join(cache_dir(), f"{_safe(server)}-{config_key(config)}.json")


@dataclass(frozen=True, slots=True)
class FetchedTool:
    name: str
    description: str


def save(server: str, config: dict[str, Any], tools: list[FetchedTool], launch: str) -> str:
    """Write the tools of a server; returns the cache file's path."""
    path = cache_path(server, config)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = {"version": VERSION, "server": server, "launch": launch, "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "tools": [{"name": t.name, "description": t.description} for t in tools]}
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
    os.replace(tmp, path)
    return path


def load(server: str, config: dict[str, Any]) -> KnownServer | None:
    """The cached tools of a configured server, as a catalog entry; None when never fetched."""
    path = cache_path(server, config)
    try:
        if os.path.getsize(path) > MAX_CACHE_BYTES:
            return None
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("tools"), list):
        return None
    tools: dict[str, McpTool] = {}
    for t in data["tools"]:
        if isinstance(t, dict) and isinstance(t.get("name"), str):
            tools[t["name"]] = McpTool(t["name"], str(t.get("description") or "").strip())
    source = f"tools fetched from the server on {data.get('fetched_at', '?')[:10]}"
    return KnownServer(server, f"{len(tools)} tools fetched with `agentls mcp fetch {server}`", source, None, (), tools)
