"""Go to definition: skill -> its SKILL.md, agent -> its file (from `Agent(...)`, a skill's or a
prompt file's `agent`, Copilot `agents` and handoffs), MCP tool or server -> its entry in the
configuration file."""

from __future__ import annotations

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.document.cursor import argument_at, body_word_at, hit_at
from agentls.document.yaml_tree import Mapping, Node, Scalar, Sequence
from agentls.features.convert import location, lsp_range, uri_of
from agentls.schema import canonical, parse_mcp, parse_specifier, profile_for
from agentls.workspace.index import WorkspaceIndex


def definition(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config) -> list[types.Location] | None:
    if index is None:
        return None
    fm = doc.frontmatter
    if fm is not None and fm.split.content_start <= offset <= fm.split.content_end:
        local = offset - fm.split.content_start
        named = _agent_reference(doc, local)
        if named is not None:
            return _named_agent(doc, index, named)
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


# Where other kinds name an agent: a skill's or a prompt file's `agent`, a Copilot agent's
# `agents` list and its handoffs' `agent`; and which kinds of file such a name can be.
AGENT_REFERENCE_KINDS = {
    "claude-skill": ("agent", "plugin-agent"),
    "copilot": ("copilot-agent", "agent"),
}


def _agent_reference(doc: Document, local: int) -> str | None:
    """The agent name under the cursor when the frontmatter names another agent there."""
    fm = doc.frontmatter
    if fm is None or profile_for(doc.kind).family not in AGENT_REFERENCE_KINDS:
        return None

    def under(node: Node | None, key: str) -> str | None:
        if isinstance(node, Scalar) and node.start <= local <= node.end and key in ("agent", "agents"):
            return node.value.strip() or None
        if isinstance(node, Sequence):
            for item in node.items:
                found = under(item, key)
                if found:
                    return found
        if isinstance(node, Mapping):
            for pair in node.pairs:
                if isinstance(pair.key, Scalar):
                    found = under(pair.value, pair.key.value)
                    if found:
                        return found
        return None

    for f in fm.fields:
        if f.key in ("agent", "agents", "handoffs") and f.readable:
            found = under(f.value, "" if f.key == "handoffs" else f.key)
            if found:
                return found
    return None


def _named_agent(doc: Document, index: WorkspaceIndex, name: str) -> list[types.Location] | None:
    kinds = AGENT_REFERENCE_KINDS[profile_for(doc.kind).family]
    entry = index.named(kinds).get(name)
    if entry is None:
        return None
    if entry.name_range is not None:
        return [types.Location(uri=uri_of(entry.path), range=lsp_range(entry.name_range))]
    return [location(entry.path)]
