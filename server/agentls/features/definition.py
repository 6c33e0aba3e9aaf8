"""Go to definition: skill -> its SKILL.md, agent -> its file (from every place `features.naming`
knows an agent is named: `Agent(...)`, a delegation in the prompt, a skill's or a prompt file's
`agent`, Copilot `agents` and handoffs), MCP tool or server -> its entry in the configuration file."""

from __future__ import annotations

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.document.cursor import body_word_at, hit_at
from agentls.features.convert import location, lsp_range, uri_of
from agentls.features.naming import Site, resolve, site_at
from agentls.schema import parse_mcp, profile_for
from agentls.workspace.index import WorkspaceIndex


def definition(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config) -> list[types.Location] | None:
    if index is None:
        return None
    site = site_at(doc, offset, config.version, index)
    if site is not None and site.category == "agent" and site.via != "self":
        return _agents(index, site)
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


def _agents(index: WorkspaceIndex, site: Site) -> list[types.Location] | None:
    """The files of the agents a name stands for, at their `name` (or their start, for a file
    named by its path)."""
    out = []
    for path in resolve(site, None, index):
        info = index.agents.get(path)
        entry = index.entries.get(path)
        rng = info.name_range if info is not None else entry.name_range if entry is not None else None
        out.append(types.Location(uri=uri_of(path), range=lsp_range(rng)) if rng is not None else location(path))
    return sorted(out, key=lambda loc: loc.uri) or None
