"""What an agent is granted: its tools, their capabilities, and its MCP servers.

`tools` omitted: every tool a sub-agent gets, minus `disallowedTools`. `tools` listed: the entries
that resolve, plus entries that only differ in case (`read` is meant as `Read`; T001 reports the
spelling), minus `disallowedTools`. Capabilities come from `schema.tools` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agentls.analysis.actions import norm_server
from agentls.document import Document
from agentls.document.entries import Item, list_items
from agentls.document.positions import Range
from agentls.schema import TOOLS, Cap, canonical, capabilities, parse_mcp, parse_specifier, resolves, tool_by_case
from agentls.schema.loader import MEMORY_TOOLS
from agentls.schema.tools import is_wildcard
from agentls.schema.versions import Version


@dataclass(slots=True)
class Granted:
    item: Item
    tool: str | None  # canonical tool name
    server: str | None  # normalized MCP server
    mcp_tool: str | None  # None or "*": the whole server


@dataclass(slots=True)
class Grants:
    explicit: bool  # `tools` is written (a list, possibly empty)
    tools: set[str] = field(default_factory=set)  # canonical names granted
    items: list[Granted] = field(default_factory=list)
    servers: set[str] = field(default_factory=set)  # normalized MCP servers with at least one tool granted
    whole_servers: set[str] = field(default_factory=set)  # servers granted whole (`mcp__x`, `mcp__x__*`)
    mcp_tools: set[str] = field(default_factory=set)  # `mcp__x__y` granted exactly
    disallowed: set[str] = field(default_factory=set)
    disallowed_items: list[Item] = field(default_factory=list)
    no_mcp: bool = False  # `disallowedTools: mcp__*`
    tools_key: Range | None = None
    disallowed_key: Range | None = None
    tool_items: list[Item] = field(default_factory=list)  # every entry of `tools`, as written
    memory_only: set[str] = field(default_factory=set)  # added by `memory` (for its memory files), not listed

    def caps(self) -> set[Cap]:
        out: set[Cap] = set()
        for t in self.tools:
            out |= capabilities(t)
        return out

    def tools_for(self, cap: Cap) -> list[str]:
        return sorted(t for t in self.tools if cap in capabilities(t))

    def items_for(self, cap: Cap) -> list[Granted]:
        return [g for g in self.items if g.tool is not None and cap in capabilities(g.tool) and g.tool in self.tools]

    def has_server(self, server: str) -> bool:
        if not self.explicit:
            return not self.no_mcp
        return norm_server(server) in self.servers

    def has_mcp_tool(self, name: str) -> bool:
        if not self.explicit:
            return not self.no_mcp
        mcp = parse_mcp(name)
        if mcp is None:
            return False
        return name in self.mcp_tools or norm_server(mcp.server) in self.whole_servers


def _intended(name: str, version: Version) -> str | None:
    """The tool an entry stands for: exact, or differing only in case."""
    if resolves(name, version):
        return canonical(name, version)
    return tool_by_case(name)


_CACHE: dict[tuple, Grants] = {}  # per frontmatter text; cleared when it grows (a dict op is atomic)


def grants(doc: Document, version: Version) -> Grants:
    """What the document's frontmatter grants (cached by the frontmatter text)."""
    fm = doc.frontmatter
    key = (fm.parsed.text, fm.line_offset, version) if fm is not None else None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    g = _grants(doc, version)
    if key is not None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = g
    return g


def _grants(doc: Document, version: Version) -> Grants:
    fm = doc.frontmatter
    tools_field = fm.get("tools") if fm is not None else None
    if tools_field is not None and (tools_field.swallowed or tools_field.broken or tools_field.value is None):
        tools_field = None  # `tools:` with no value reads as null: the agent inherits every tool
    elif tools_field is not None and fm is not None and any(is_wildcard(i.text) for i in list_items(fm, tools_field)):
        tools_field = None  # `*` grants every tool, as omitting `tools` does
    g = Grants(explicit=tools_field is not None)
    if fm is None:
        g.tools = {t.name for t in TOOLS.values() if t.subagent != "never"}
        return g
    disallowed_field = fm.get("disallowedTools")
    if disallowed_field is not None and not disallowed_field.swallowed:
        g.disallowed_key = fm.range(disallowed_field.key_node.start, disallowed_field.key_node.end)
        for item in list_items(fm, disallowed_field):
            g.disallowed_items.append(item)
            spec = parse_specifier(item.text)
            if spec is not None:
                continue  # `Bash(rm *)` forbids some uses, not the tool
            if item.text.startswith("mcp__"):
                if item.text in ("mcp__*", "mcp__"):
                    g.no_mcp = True
                continue
            name = _intended(item.text, version)
            if name is not None:
                g.disallowed.add(name)
    if tools_field is None:
        g.tools = {t.name for t in TOOLS.values() if t.subagent != "never"} - g.disallowed
        return g
    g.tools_key = fm.range(tools_field.key_node.start, tools_field.key_node.end)
    g.tool_items = list_items(fm, tools_field)
    for item in g.tool_items:
        mcp = parse_mcp(item.text)
        if mcp is not None:
            server = norm_server(mcp.server)
            g.items.append(Granted(item, None, server, mcp.tool))
            if g.no_mcp:
                continue
            g.servers.add(server)
            if mcp.tool in (None, "*", ""):
                g.whole_servers.add(server)
            else:
                g.mcp_tools.add(item.text)
            continue
        spec = parse_specifier(item.text)
        name = _intended(spec.tool if spec else item.text, version)
        g.items.append(Granted(item, name, None, None))
        tool = TOOLS.get(name) if name else None
        if name is not None and name not in g.disallowed and (tool is None or tool.subagent == "yes" or tool.subagent == "plan"):
            g.tools.add(name)
    if fm.scalar("memory") in ("user", "project", "local"):  # the loader adds these to an explicit list
        g.memory_only = {t for t in MEMORY_TOOLS if t not in g.tools and t not in g.disallowed}
        g.tools |= g.memory_only
    return g
