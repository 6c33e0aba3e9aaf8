"""What the workspace holds: agents by name and scope, skills, MCP servers, files."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from agentls.document import Document, Range
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Scalar
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
    return agent_info_of(doc.frontmatter, doc.path)


def agent_info_of(fm: Frontmatter | None, path: str | None) -> AgentInfo | None:
    """The same from a frontmatter alone (the body is not needed)."""
    if fm is None or path is None:
        return None
    f = fm.get("name")
    if f is None or not isinstance(f.value, Scalar) or not f.value.value.strip():
        return None
    d = fm.get("description")
    desc = d.value.value if d is not None and isinstance(d.value, Scalar) else ""
    return AgentInfo(f.value.value.strip(), os.path.abspath(path), scope_of(path), fm.range(f.value.start, f.value.end), desc)


@dataclass(slots=True)
class WorkspaceIndex:
    root: str | None
    mcp: McpConfig = field(default_factory=McpConfig)
    agents: dict[str, AgentInfo] = field(default_factory=dict)  # by absolute path
    skills: dict[str, str] = field(default_factory=dict)  # skill name -> SKILL.md path
    plugin_roots: tuple[str, ...] = ()

    @classmethod
    def build(cls, root: str | None, docs: list[Document] = (), home: str | None = None, extra_mcp: tuple[str, ...] = (), plugin_roots: tuple[str, ...] = ()) -> "WorkspaceIndex":  # type: ignore[assignment]
        index = cls(root, load_mcp_config(root, home, extra_mcp, plugin_roots), plugin_roots=tuple(plugin_roots))
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

    def remove(self, path: str) -> None:
        self.agents.pop(os.path.abspath(path), None)

    def same_name(self, info: AgentInfo) -> list[AgentInfo]:
        return [a for a in self.agents.values() if a.name == info.name and a.scope == info.scope and a.path != info.path]

    def agent_named(self, name: str) -> AgentInfo | None:
        for a in self.agents.values():
            if a.name == name:
                return a
        return None

    def scan_skills(self) -> None:
        """Skills in `.claude/skills/<name>/SKILL.md` of the workspace (names only)."""
        if not self.root:
            return
        base = os.path.join(self.root, ".claude", "skills")
        try:
            names = os.listdir(base)
        except OSError:
            return
        for name in names:
            path = os.path.join(base, name, "SKILL.md")
            if os.path.isfile(path):
                self.skills[name] = path
