"""What an agent is granted, in one place: read by the contradiction rules, the code lens and the hover.

Two views of the same `tools` / `disallowedTools`, from one set of resolution rules:

- `effective_tools`: what Claude Code loads (strict). Entries are resolved against the configured
  Claude Code version exactly as the loader does: a name that differs from a tool in case only
  (`read`) resolves to nothing and is dropped, as are removed tools, tools sub-agents never get,
  MCP tools of servers configured nowhere and what `disallowedTools` removes (applied first),
  each with the reason. The code lens and the hover show this.
- `grants`: what the author meant (lenient about case). `read` counts as `Read`: T001 reports the
  spelling, and a contradiction finding about a missing Read would only repeat it. The
  contradiction rules read this.

Both read `tools: *` as every tool (as omitting `tools` does) and add Read, Write and Edit for
`memory` (the loader adds them to an explicit list; `Grants.memory_only` marks them).
Capabilities come from `schema.tools` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from agentls.analysis.rules.tools import resolve_entry
from agentls.document import Document
from agentls.document.entries import Item, list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.positions import Range
from agentls.schema import TOOLS, Cap, canonical, capabilities, old_tool, parse_mcp, parse_specifier, resolves, tool_by_case
from agentls.schema.loader import MEMORY_TOOLS
from agentls.schema.names import norm_server
from agentls.schema.tools import is_wildcard
from agentls.schema.versions import Version


def _every_tool(fm: Frontmatter, field) -> bool:
    """`tools: *` (or `*` among the entries): every tool, as when `tools` is omitted."""
    return any(is_wildcard(i.text) for i in list_items(fm, field))


def _has_memory(fm: Frontmatter) -> bool:
    return fm.scalar("memory") in ("user", "project", "local")


@dataclass(slots=True)
class Granted:
    """One `tools` entry and what it grants."""

    item: Item
    tool: str | None  # canonical tool name
    server: str | None  # normalized MCP server
    mcp_tool: str | None  # None or "*": the whole server


@dataclass(slots=True)
class Grants:
    """What an agent's `tools` and `disallowedTools` give it."""

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
    elif tools_field is not None and fm is not None and _every_tool(fm, tools_field):
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
    if _has_memory(fm):  # the loader adds these to an explicit list
        g.memory_only = {t for t in MEMORY_TOOLS if t not in g.tools and t not in g.disallowed}
        g.tools |= g.memory_only
    return g


# ---- what Claude Code loads ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Dropped:
    """A `tools` entry the agent does not get, and why."""

    item: Item
    reason: str  # e.g. "removed in 2.0.32", "disallowed", "never given to sub-agents"


@dataclass(frozen=True, slots=True)
class ToolSet:
    """The tools an agent can call, by canonical name and MCP server."""

    explicit: bool  # `tools` is set; otherwise every tool available to sub-agents is inherited
    names: tuple[str, ...]  # what the agent gets, canonical spelling (`Task` -> `Agent`), in order
    dropped: tuple[Dropped, ...] = ()
    disallowed: tuple[str, ...] = ()  # `disallowedTools` entries (what an inheriting agent loses)

    def summary(self, limit: int = 8, with_dropped: bool = True) -> str:
        """One line: what the agent gets (and what is dropped)."""
        if not self.explicit:
            text = "Inherits every tool available to sub-agents, MCP tools included"
            if self.disallowed:
                text += " except " + _join(list(self.disallowed), limit)
            return text
        n = len(self.names)
        text = f"Claude Code loads {n} tool{'s' if n != 1 else ''}" + (": " + _join(list(self.names), limit) if n else "")
        lost = [d for d in self.dropped if d.reason != "listed twice"]
        if lost and with_dropped:
            text += f" · {len(lost)} dropped: " + _join([f"{d.item.text} ({d.reason})" for d in lost], 4)
        return text


def _join(names: list[str], limit: int) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _why_unresolved(text: str, version: Version) -> str:
    mcp = parse_mcp(text)
    if mcp is not None:
        return "invalid server name"
    spec = parse_specifier(text)
    name = spec.tool if spec else text
    old = old_tool(name, version)
    if old is not None:
        if old.renamed:
            return f"renamed {old.replacement} in {old.version}"
        return f"removed in {old.version}"
    return "not a Claude Code tool"


def _mcp_removed(text: str, banned: set[str]) -> bool:
    mcp = parse_mcp(text)
    if mcp is None:
        return False
    server = f"mcp__{mcp.server}"
    return bool({"mcp__*", server, server + "__*", text} & banned)


def effective_tools(fm: Frontmatter | None, version: Version, configured: Callable[[str], bool] | None = None) -> ToolSet:
    """Resolve `tools` minus `disallowedTools`. `configured(server)` says whether an MCP server is
    configured somewhere; without it MCP entries are taken as they are."""
    field = fm.get("tools") if fm is not None else None
    dis_field = fm.get("disallowedTools") if fm is not None else None
    disallowed = list_items(fm, dis_field) if fm is not None and dis_field is not None and not dis_field.swallowed else []
    banned_texts = {d.text for d in disallowed}
    banned_tools: set[str] = set()
    for d in disallowed:
        tool, _server, ok = resolve_entry(d.text, version)
        if ok and tool is not None and parse_specifier(d.text) is None:
            banned_tools.add(tool)
    if fm is None or field is None or field.swallowed or _every_tool(fm, field):
        return ToolSet(False, (), (), tuple(d.text for d in disallowed))
    plan_mode = fm.scalar("permissionMode") == "plan"
    names: list[str] = []
    dropped: list[Dropped] = []
    for item in list_items(fm, field):
        tool, server, ok = resolve_entry(item.text, version)
        if not ok:
            dropped.append(Dropped(item, _why_unresolved(item.text, version)))
            continue
        if server is not None:
            if _mcp_removed(item.text, banned_texts):
                dropped.append(Dropped(item, "disallowed"))
            elif configured is not None and server != "*" and not configured(server):
                dropped.append(Dropped(item, f"server {server} not configured"))
            elif item.text in names:
                dropped.append(Dropped(item, "listed twice"))
            else:
                names.append(item.text)
            continue
        assert tool is not None
        spec = parse_specifier(item.text)
        shown = f"{tool}({spec.argument})" if spec else tool
        info = TOOLS.get(tool)
        if info is not None and (info.subagent == "never" or (info.subagent == "plan" and not plan_mode)):
            dropped.append(Dropped(item, "never given to sub-agents" if info.subagent == "never" else "only with permissionMode: plan"))
        elif tool in banned_tools or item.text in banned_texts:
            dropped.append(Dropped(item, "disallowed"))
        elif shown in names:
            dropped.append(Dropped(item, "listed twice"))
        else:
            names.append(shown)
    if _has_memory(fm):  # the loader adds these for the memory files
        names += [t for t in MEMORY_TOOLS if t not in names]
    return ToolSet(True, tuple(names), tuple(dropped), tuple(d.text for d in disallowed))

