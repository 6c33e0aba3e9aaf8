"""Go to definition: skill -> its SKILL.md, agent -> its file, MCP tool or server -> its entry in
the configuration file."""

from __future__ import annotations

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.document.cursor import argument_at, body_word_at, hit_at
from agentls.features.convert import location, lsp_range, uri_of
from agentls.schema import canonical, parse_mcp, parse_specifier, profile_for
from agentls.workspace.index import WorkspaceIndex


def definition(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config) -> list[types.Location] | None:
    if index is None:
        return None
    fm = doc.frontmatter
    if fm is not None and fm.split.content_start <= offset <= fm.split.content_end:
        local = offset - fm.split.content_start
        hit = hit_at(fm, local)
        if hit is None or hit.part != "item":
            return None
        spec = profile_for(doc.kind).fields.get(hit.field.key)
        if spec is None:
            return None
        if spec.name == "skills":
            path = index.skills.get(hit.text)
            return [location(path)] if path else None
        if spec.type == "mcp-servers":
            return _server(index, hit.text)
        if spec.type == "tools":
            spec = parse_specifier(hit.text)
            if spec is not None and canonical(spec.tool, config.version) == "Agent":
                arg = argument_at(hit, local)
                return _agent(index, arg[0]) if arg is not None else None
            return _mcp(index, hit.text)
        return None
    found = body_word_at(doc, offset)
    if found is None:
        return None
    word = found[0]
    return _mcp(index, word) if word.startswith("mcp__") else None


def _mcp(index: WorkspaceIndex, name: str) -> list[types.Location] | None:
    m = parse_mcp(name)
    return _server(index, m.server) if m is not None else None


def _server(index: WorkspaceIndex, server: str) -> list[types.Location] | None:
    entries = index.mcp.servers.get(server, [])
    defined = [e for e in entries if e.scope != "settings"] or entries
    return [location(e.path, e.line) for e in defined] or None


def _agent(index: WorkspaceIndex, name: str) -> list[types.Location] | None:
    out = [types.Location(uri=uri_of(a.path), range=lsp_range(a.name_range)) for a in index.agents.values() if a.name == name]
    return sorted(out, key=lambda loc: loc.uri) or None
