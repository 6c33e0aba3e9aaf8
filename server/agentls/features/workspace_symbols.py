"""Workspace symbols: every agent, skill, command and MCP server of the workspace by name, from the
workspace index (open documents' unsaved names included, as the index holds them)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from lsprotocol import types

from agentls.document.positions import LineIndex, Range
from agentls.features.convert import lsp_range, uri_of
from agentls.features.naming import json_sites
from agentls.features.workspace_files import read_json_text, inside
from agentls.workspace.index import WorkspaceIndex

SK = types.SymbolKind
# The symbol kind and the container label of each kind of named file.
KINDS: dict[str, tuple[types.SymbolKind, str]] = {
    "agent": (SK.Class, "Claude Code agent"),
    "plugin-agent": (SK.Class, "plugin agent"),
    "copilot-agent": (SK.Class, "Copilot agent"),
    "opencode-agent": (SK.Class, "OpenCode agent"),
    "skill": (SK.Module, "skill"),
    "plugin-skill": (SK.Module, "plugin skill"),
    "command": (SK.Function, "command"),
    "plugin-command": (SK.Function, "plugin command"),
    "copilot-prompt": (SK.Function, "Copilot prompt"),
}
MCP_SERVER = (SK.Package, "MCP server")


def matches(query: str, name: str) -> bool:
    """Whether the query's characters appear in the name in order, ignoring case ("rvw" matches
    "reviewer"); an empty query matches everything."""
    it = iter(name.lower())
    return all(ch in it for ch in query.lower())


def workspace_symbols(query: str, indexes: Iterable[WorkspaceIndex]) -> list[types.SymbolInformation]:
    """`workspace/symbol`: the workspace's named files and MCP servers that match the query."""
    found: dict[tuple[str, str, Range], types.SymbolInformation] = {}

    def add(name: str, kind: tuple[types.SymbolKind, str], path: str, rng: Range) -> None:
        if matches(query, name):
            found.setdefault((name, path, rng), types.SymbolInformation(
                name=name, kind=kind[0], container_name=kind[1], location=types.Location(uri=uri_of(path), range=lsp_range(rng))))

    for index in indexes:
        root = os.path.abspath(index.root) if index.root else None
        seen: set[str] = set()
        for path, entry in index.entries.items():
            if entry.kind in KINDS and inside(path, root):
                seen.add(path)
                add(entry.name, KINDS[entry.kind], path, entry.name_range or Range.of(0, 0))
        for name, path in index.skills.items():
            full = os.path.abspath(path)
            if full not in seen and inside(full, root):
                add(name, KINDS["skill"], full, Range.of(0, 0))
        for name, range_, path in _servers(index, root):
            add(name, MCP_SERVER, path, range_)
    return sorted(found.values(), key=lambda s: (s.name.lower(), s.location.uri, s.location.range.start.line))


def _servers(index: WorkspaceIndex, root: str | None) -> list[tuple[str, Range, str]]:
    """The MCP servers defined in the workspace's configuration files, with their keys' ranges."""
    out = []
    keys: dict[str, dict[str, Range]] = {}  # path -> server -> the range of its key
    for name, entries in index.mcp.servers.items():
        for e in entries:
            path = os.path.abspath(e.path)
            if e.scope == "settings" or not inside(path, root):
                continue
            if path not in keys:
                text = read_json_text(path) or ""
                lines = LineIndex(text)
                keys[path] = {s.name: lines.range(s.start, s.end) for s in reversed(json_sites(text)) if s.via == "self"}
            out.append((name, keys[path].get(name, Range.of(e.line, 0)), path))
    return out
