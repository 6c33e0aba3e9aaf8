"""The tools Claude Code actually gives an agent, after resolving its `tools` and `disallowedTools`.

`tools` entries are resolved against the configured Claude Code version; entries that resolve to
nothing, tools sub-agents never get, MCP tools of servers configured nowhere, and whatever
`disallowedTools` removes (it is applied first) are dropped, each with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from agentls.analysis.rules.tools import resolve_entry
from agentls.document.entries import Item, list_items
from agentls.document.frontmatter import Frontmatter
from agentls.schema import TOOLS, old_tool, parse_mcp, parse_specifier
from agentls.schema.loader import MEMORY_TOOLS
from agentls.schema.tools import is_wildcard
from agentls.schema.versions import Version


@dataclass(frozen=True, slots=True)
class Dropped:
    item: Item
    reason: str  # e.g. "removed in 2.0.32", "disallowed", "never given to sub-agents"


@dataclass(frozen=True, slots=True)
class ToolSet:
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
    if fm is None or field is None or field.swallowed or any(is_wildcard(i.text) for i in list_items(fm, field)):
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
    if fm.scalar("memory") in ("user", "project", "local"):  # the loader adds these for the memory files
        names += [t for t in MEMORY_TOOLS if t not in names]
    return ToolSet(True, tuple(names), tuple(dropped), tuple(d.text for d in disallowed))

