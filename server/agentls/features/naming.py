"""Who names what: every place a file names an agent, a skill or an MCP server, with the exact
offsets of the name, and what the name resolves to in the workspace index.

Go to definition, find references and rename read this one model:

- agents: a Claude agent's or a Copilot agent's own `name`; `Agent(...)` / `Task(...)` in tool
  fields; the agents a prompt delegates to (`analysis.delegations`, R001's recogniser); a skill's
  `agent`; a Copilot agent's `agents` and its handoffs' `agent` (a prompt file's `agent`);
- skills: a skill's own `name` (it is invoked by its folder's name); an agent's `skills` items;
- MCP servers: `mcp__server[__tool]` in tool fields and in the body, an agent's `mcpServers`
  items; in JSON, the keys of `mcpServers`, the settings' `enabledMcpjsonServers` /
  `disabledMcpjsonServers` and their permission rules (where `Agent(...)` names agents too).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Literal

from agentls.document import Document
from agentls.document.cursor import arguments, body_mcp_words
from agentls.document.entries import list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Mapping, Node, Scalar, Sequence
from agentls.schema import canonical, parse_mcp, parse_specifier, profile_for
from agentls.schema.names import SERVER_NAME
from agentls.schema.versions import Version
from agentls.workspace.index import CLAUDE_AGENT_KINDS, WorkspaceIndex
from agentls.workspace.json_strings import json_strings

Category = Literal["agent", "skill", "mcp"]
# How a name is looked up: "self" is a file's own name; "claude" any Claude agent of that name;
# "skill-agent" and "copilot" the agent files those kinds can name (`AGENT_REFERENCE_KINDS`).
Via = Literal["self", "claude", "skill-agent", "copilot", "skill", "mcp"]

# Where other kinds name an agent: a skill's or a prompt file's `agent`, a Copilot agent's
# `agents` list and its handoffs' `agent`; and which kinds of file such a name can be.
AGENT_REFERENCE_KINDS: dict[str, tuple[str, ...]] = {
    "claude-skill": ("agent", "plugin-agent"),
    "copilot": ("copilot-agent", "agent"),
}
_VIA_OF_FAMILY: dict[str, Via] = {"claude-skill": "skill-agent", "copilot": "copilot"}
SKILL_KINDS = ("skill", "plugin-skill")
NAMED_AGENT_KINDS = (*CLAUDE_AGENT_KINDS, "copilot-agent")  # agent files whose own name others use


@dataclass(frozen=True, slots=True)
class Site:
    """One place a file names an agent, a skill or an MCP server."""

    category: Category
    name: str
    start: int  # offsets of the name itself in the file's text (inside quotes)
    end: int
    via: Via
    scalar: bool = False  # the name is a whole plain YAML scalar (a new name may need quotes)
    span: tuple[int, int] | None = None  # the whole entry holding it (`mcp__server__tool`), when larger
    plugin: str | None = None  # MCP names of a plugin's server (`mcp__plugin_<plugin>_<server>`)

    def covers(self, offset: int, entry: bool = False) -> bool:
        """Whether an offset is on the name (with `entry`: anywhere on the entry holding it)."""
        s, e = self.span if entry and self.span else (self.start, self.end)
        return s <= offset <= e


# ---- markdown files ----------------------------------------------------------------------------

def agent_reference_nodes(fm: Frontmatter, family: str) -> list[Scalar]:
    """The scalars of `agent`, `agents` and handoffs' `agent` that name another agent."""
    if family not in AGENT_REFERENCE_KINDS:
        return []
    out: list[Scalar] = []

    def walk(node: Node | None, key: str) -> None:
        if isinstance(node, Scalar) and key in ("agent", "agents"):
            if node.value.strip() and node.value.strip() != "*":
                out.append(node)
        elif isinstance(node, Sequence):
            for item in node.items:
                walk(item, key)
        elif isinstance(node, Mapping):
            for pair in node.pairs:
                if isinstance(pair.key, Scalar):
                    walk(pair.value, pair.key.value)

    for f in fm.fields:
        if f.key in ("agent", "agents", "handoffs") and f.readable:
            walk(f.value, "" if f.key == "handoffs" else f.key)
    return out


def _scalar_site(text: str, base: int, node: Scalar, category: Category, via: Via) -> Site | None:
    name = node.value.strip()
    at = text.find(name, node.start, node.end) if name else -1
    if at < 0:
        return None  # written with escapes: no exact range
    whole = node.plain and at == node.start and at + len(name) == node.end
    return Site(category, name, base + at, base + at + len(name), via, scalar=whole)


def _mcp_site(name: str, start: int, end: int) -> Site | None:
    """The server part of an `mcp__` name written from `start` to `end`."""
    m = parse_mcp(name)
    if m is None or not m.server or not SERVER_NAME.match(m.server):
        return None
    at = start + name.find(m.server, 5)
    return Site("mcp", m.server, at, at + len(m.server), "mcp", span=(start, end), plugin=m.plugin)


def frontmatter_sites(doc: Document, version: Version) -> list[Site]:
    """The names in a document's frontmatter (readable entries only)."""
    fm = doc.frontmatter
    if fm is None or fm.parsed.not_a_mapping:
        return []
    text, base = fm.parsed.text, fm.split.content_start
    profile = profile_for(doc.kind)
    out: list[Site] = []
    own = fm.get("name")
    if own is not None and own.readable and isinstance(own.value, Scalar):
        category: Category | None = "agent" if doc.kind in NAMED_AGENT_KINDS else "skill" if doc.kind in SKILL_KINDS else None
        site = _scalar_site(text, base, own.value, category, "self") if category else None
        if site is not None:
            out.append(site)
    via = _VIA_OF_FAMILY.get(profile.family)
    for node in agent_reference_nodes(fm, profile.family):
        site = _scalar_site(text, base, node, "agent", via)  # type: ignore[arg-type]
        if site is not None:
            out.append(site)
    for f in fm.fields:
        spec = profile.fields.get(f.key)
        if spec is None or not f.readable:
            continue
        if spec.type == "tools":
            for item in list_items(fm, f, spaces=spec.split_spaces):
                at = text.find(item.text, item.start, item.end)
                if at < 0:
                    continue
                sp = parse_specifier(item.text)
                if sp is not None and (sp.tool in ("Agent", "Task") or canonical(sp.tool, version) == "Agent"):
                    out.extend(Site("agent", w, base + at + a, base + at + b, "claude", span=(base + at, base + at + len(item.text)))
                               for w, a, b in arguments(item.text))
                elif item.text.startswith("mcp__"):
                    site = _mcp_site(item.text, base + at, base + at + len(item.text))
                    if site is not None:
                        out.append(site)
        elif spec.name == "skills":
            for item in list_items(fm, f):
                if item.node is not None:
                    site = _scalar_site(text, base, item.node, "skill", "skill")
                else:
                    at = text.find(item.text, item.start, item.end)
                    site = Site("skill", item.text, base + at, base + at + len(item.text), "skill") if at >= 0 and item.text else None
                if site is not None:
                    out.append(site)
        elif spec.type == "mcp-servers" and isinstance(f.value, Sequence):
            for node in f.value.items:
                if isinstance(node, Scalar) and SERVER_NAME.match(node.value.strip()):
                    site = _scalar_site(text, base, node, "mcp", "mcp")
                    if site is not None:
                        out.append(site)
    return out


def body_sites(doc: Document, servers: frozenset[str], categories: Iterable[Category] = ("agent", "mcp")) -> list[Site]:
    """The names in the prose: the agents it delegates to (Claude agents and skills) and the
    `mcp__` names written in the body."""
    from agentls.analysis.delegations import delegations  # the prompt analysis, loaded on first use
    from agentls.analysis.directives import extract

    out: list[Site] = []
    if "agent" in categories and profile_for(doc.kind).family in ("claude-agent", "claude-skill"):
        out.extend(Site("agent", d.name, d.start, d.end, "claude") for d in delegations(extract(doc, servers).directives))
    if "mcp" in categories:
        for word, s, e in body_mcp_words(doc):
            site = _mcp_site(word, s, e)
            if site is not None:
                out.append(site)
    return out


def document_sites(doc: Document, version: Version, index: WorkspaceIndex | None, categories: Iterable[Category] = ("agent", "skill", "mcp")) -> list[Site]:
    """Every name a markdown document writes, of these categories, in document order."""
    wanted = set(categories)
    sites = [s for s in frontmatter_sites(doc, version) if s.category in wanted]
    if wanted & {"agent", "mcp"}:
        sites += body_sites(doc, _prompt_servers(doc, version, index), tuple(wanted))
    return sorted(_unique(sites), key=lambda s: (s.start, s.end))


def _unique(sites: list[Site]) -> list[Site]:
    """One site per place (the first found)."""
    seen: dict[tuple[int, int], Site] = {}
    for s in sites:
        seen.setdefault((s.start, s.end), s)
    return list(seen.values())


def _in_prose(doc: Document, offset: int) -> bool:
    """Whether an offset is in the body or the `description` (where delegations are read)."""
    if doc.split is None or offset >= doc.split.body_start:
        return True
    fm = doc.frontmatter
    d = fm.get("description") if fm is not None else None
    return d is not None and d.value is not None and fm is not None and d.value.start <= offset - fm.split.content_start <= d.value.end


def site_at(doc: Document, offset: int, version: Version, index: WorkspaceIndex | None, entry: bool = False) -> Site | None:
    """The name at a document offset (with `entry`: on any part of the entry that holds it)."""
    found = [s for s in frontmatter_sites(doc, version) if s.covers(offset, entry)]
    if not found and _in_prose(doc, offset):
        found = [s for s in body_sites(doc, _prompt_servers(doc, version, index)) if s.covers(offset, entry)]
    return found[0] if found else None


# ---- JSON configuration ------------------------------------------------------------------------

PERMISSION_KEYS = ("allow", "ask", "deny")
APPROVAL_KEYS = ("enabledMcpjsonServers", "disabledMcpjsonServers")


def json_sites(text: str) -> list[Site]:
    """The names in a JSON configuration file: MCP servers as the keys of `mcpServers` (where they
    are defined), in the settings' approvals and in permission rules; agents in `Agent(...)` and
    `Task(...)` permission rules."""
    out: list[Site] = []
    for s in json_strings(text):
        if not s.raw:
            continue
        p = s.path
        if s.key and len(p) == 2 and p[0] == "mcpServers" and SERVER_NAME.match(s.value):
            out.append(Site("mcp", s.value, s.start, s.end, "self"))
        elif not s.key and len(p) == 2 and p[0] in APPROVAL_KEYS and SERVER_NAME.match(s.value):
            out.append(Site("mcp", s.value, s.start, s.end, "mcp"))
        elif not s.key and len(p) == 3 and p[0] == "permissions" and p[1] in PERMISSION_KEYS:
            if s.value.startswith("mcp__"):
                site = _mcp_site(s.value, s.start, s.end)
                if site is not None:
                    out.append(site)
            elif (sp := parse_specifier(s.value)) is not None and sp.tool in ("Agent", "Task"):  # `deny: ["Agent(reviewer)"]`
                out.extend(Site("agent", w, s.start + a, s.start + b, "claude", span=(s.start, s.end)) for w, a, b in arguments(s.value))
    return out


# ---- what a name resolves to -------------------------------------------------------------------

def resolve(site: Site, path: str | None, index: WorkspaceIndex) -> frozenset[str]:
    """The files that define what the site names (absolute paths; empty for MCP servers, which
    go by name, and for names nothing in the index defines)."""
    if site.via == "self":
        return frozenset({os.path.abspath(path)}) if path and site.category != "mcp" else frozenset()
    if site.via == "claude":
        return frozenset(a.path for a in index.agents.values() if a.name == site.name)
    if site.via in ("skill-agent", "copilot"):
        family = "claude-skill" if site.via == "skill-agent" else "copilot"
        entry = index.named(AGENT_REFERENCE_KINDS[family]).get(site.name)
        return frozenset({entry.path}) if entry is not None else frozenset()
    if site.via == "skill":
        found = index.skills.get(site.name)
        return frozenset({os.path.abspath(found)}) if found else frozenset()
    return frozenset()


def _prompt_servers(doc: Document, version: Version, index: WorkspaceIndex | None) -> frozenset[str]:
    from agentls.analysis.directives import prompt_servers

    return prompt_servers(doc, version, index)
