"""What the workspace holds: agents by name and scope, skills, MCP servers, files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from agentls.document import Document, Range
from agentls.document.entries import list_items
from agentls.document.yaml_tree import Scalar
from agentls.schema import parse_mcp
from agentls.workspace.discovery import scope_of
from agentls.workspace.mcp_config import McpConfig, load_mcp_config


@dataclass(frozen=True, slots=True)
class AgentInfo:
    name: str
    path: str
    scope: str
    name_range: Range
    description: str


def agent_info(doc: Document) -> AgentInfo | None:
    """The name (and where it is written) of an agent document."""
    fm = doc.frontmatter
    if fm is None or doc.path is None:
        return None
    f = fm.get("name")
    if f is None or not isinstance(f.value, Scalar) or not f.value.value.strip():
        return None
    d = fm.get("description")
    desc = d.value.value if d is not None and isinstance(d.value, Scalar) else ""
    return AgentInfo(f.value.value.strip(), os.path.abspath(doc.path), scope_of(doc.path), fm.range(f.value.start, f.value.end), desc)


@dataclass(slots=True)
class WorkspaceIndex:
    root: str | None
    mcp: McpConfig = field(default_factory=McpConfig)
    agents: dict[str, AgentInfo] = field(default_factory=dict)  # by absolute path
    skills: dict[str, str] = field(default_factory=dict)  # skill name -> SKILL.md path
    plugin_roots: tuple[str, ...] = ()
    mcp_names: dict[str, frozenset[str]] = field(default_factory=dict)  # path -> `mcp__` entries it grants or denies
    home: str | None = None  # the user's home (user-level skills); None: the real one

    @classmethod
    def build(cls, root: str | None, docs: list[Document] = (), home: str | None = None, extra_mcp: tuple[str, ...] = (), plugin_roots: tuple[str, ...] = ()) -> "WorkspaceIndex":  # type: ignore[assignment]
        index = cls(root, load_mcp_config(root, home, extra_mcp, plugin_roots), plugin_roots=tuple(plugin_roots), home=home)
        for doc in docs:
            index.update(doc)
        if root:
            index.scan_skills()
        return index

    def update(self, doc: Document) -> None:
        if doc.path is None:
            return
        info = agent_info(doc)
        key = os.path.abspath(doc.path)
        if info is None:
            self.agents.pop(key, None)
        else:
            self.agents[key] = info
        fm = doc.frontmatter
        names = frozenset(
            i.text for k in ("tools", "disallowedTools") if fm is not None for i in list_items(fm, fm.get(k)) if i.text.startswith("mcp__")
        )
        if names:
            self.mcp_names[key] = names
        else:
            self.mcp_names.pop(key, None)

    def remove(self, path: str) -> None:
        self.agents.pop(os.path.abspath(path), None)
        self.mcp_names.pop(os.path.abspath(path), None)

    def used_mcp_tools(self, server: str) -> set[str]:
        """Tool names of an MCP server already used in the workspace (agent files, permission rules)."""
        out: set[str] = set()
        for names in [*self.mcp_names.values(), self.mcp.permission_names]:
            for text in names:
                m = parse_mcp(text)
                if m is not None and m.server == server and m.plugin is None and m.tool and m.tool != "*":
                    out.add(m.tool)
        return out

    def same_name(self, info: AgentInfo) -> list[AgentInfo]:
        return [a for a in self.agents.values() if a.name == info.name and a.scope == info.scope and a.path != info.path]

    def agent_named(self, name: str) -> AgentInfo | None:
        for a in self.agents.values():
            if a.name == name:
                return a
        return None

    def scan_skills(self) -> None:
        """Skills by name: the project's `.claude/skills/<name>/SKILL.md`, the user's, and plugins'."""
        bases = []
        if self.root:
            bases.append(os.path.join(self.root, ".claude", "skills"))
        bases.append(os.path.join(self.home or os.path.expanduser("~"), ".claude", "skills"))
        bases.extend(os.path.join(p, "skills") for p in self.plugin_roots)
        for base in bases:
            try:
                names = os.listdir(base)
            except OSError:
                continue
            for name in names:
                path = os.path.join(base, name, "SKILL.md")
                if name not in self.skills and os.path.isfile(path):
                    self.skills[name] = path

    def file_exists(self, rel: str) -> bool | None:
        """Whether a path relative to the workspace root exists (None without a root)."""
        if not self.root:
            return None
        root = os.path.abspath(self.root)
        full = os.path.normpath(os.path.join(root, rel))
        return full.startswith(os.path.join(root, "")) and os.path.exists(full)
