"""What the workspace holds: agents by name and scope, skills, MCP servers, files."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from agentls.document import Document, Range
from agentls.document.yaml_tree import Scalar
from agentls.pickling import by_arguments
from agentls.workspace.discovery import scope_of
from agentls.workspace.mcp_config import McpConfig, load_mcp_config


@by_arguments
@dataclass(frozen=True, slots=True)
class AgentInfo:
    """An agent known to the workspace: its name, file and scope."""

    name: str
    path: str
    scope: str
    name_range: Range
    description: str


CLAUDE_AGENT_KINDS = ("agent", "plugin-agent")


def _named(doc: Document) -> tuple[tuple[str, Range] | None, str]:
    """(the stripped name and the range of its value, or None; the description) of a document."""
    fm = doc.frontmatter
    if fm is None:
        return None, ""
    f = fm.get("name")
    d = fm.get("description")
    desc = d.value.value if d is not None and isinstance(d.value, Scalar) else ""
    if f is None or not isinstance(f.value, Scalar) or not f.value.value.strip():
        return None, desc
    return (f.value.value.strip(), fm.range(f.value.start, f.value.end)), desc


def _agent(full: str, kind: str, named: tuple[str, Range] | None, desc: str) -> AgentInfo | None:
    """The agent of the file at the absolute path `full`, when it is a named Claude Code agent."""
    if named is None or kind not in CLAUDE_AGENT_KINDS:
        return None
    return AgentInfo(named[0], full, scope_of(full), named[1], desc)


def agent_info(doc: Document) -> AgentInfo | None:
    """The name (and where it is written) of a Claude Code sub-agent document."""
    if doc.path is None:
        return None
    return _agent(os.path.abspath(doc.path), doc.kind, *_named(doc))


@by_arguments
@dataclass(frozen=True, slots=True)
class Entry:
    """A named file of any kind that other files can refer to (skills, commands, Copilot and
    OpenCode agents, Claude agents), with where its name is written."""

    name: str
    path: str
    kind: str
    name_range: Range | None  # None when the name comes from the path
    description: str
    scope: str = "workspace"  # workspace | user


def _stem(path: str, suffixes: tuple[str, ...]) -> str:
    base = os.path.basename(path)
    for suf in suffixes:
        if base.endswith(suf):
            return base[: -len(suf)]
    return base


def entry_of(doc: Document, scope: str = "workspace") -> Entry | None:
    """How other files name this document (None for files nothing refers to by name)."""
    if doc.path is None:
        return None
    return _entry(os.path.abspath(doc.path), doc.kind, *_named(doc), scope)


def _entry(path: str, kind: str, named: tuple[str, Range] | None, desc: str, scope: str) -> Entry | None:
    """The entry of the file at the absolute path `path`."""
    if kind in ("skill", "plugin-skill"):
        name = os.path.basename(os.path.dirname(path))  # invoked by its folder
        return Entry(name, path, kind, None, desc, scope)
    if kind in ("command", "plugin-command"):
        return Entry(_stem(path, (".md",)), path, kind, None, desc, scope)
    if kind in ("copilot-agent", "copilot-prompt", "opencode-agent") or kind in CLAUDE_AGENT_KINDS:
        if named is not None:
            return Entry(named[0], path, kind, named[1], desc, scope)
        if kind in CLAUDE_AGENT_KINDS:
            return None
        return Entry(_stem(path, (".agent.md", ".chatmode.md", ".prompt.md", ".md")), path, kind, None, desc, scope)
    return None


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """An installed or local plugin and what it provides."""

    root: str
    name: str
    servers: frozenset[str]  # MCP servers the plugin defines


def _plugin_name(root: str) -> str:
    import json

    try:
        with open(os.path.join(root, ".claude-plugin", "plugin.json"), encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"].strip():
            return data["name"].strip()
    except (OSError, ValueError):
        pass
    return os.path.basename(root)


IndexFacts = tuple[str, AgentInfo | None, Entry | None, frozenset[str]]  # absolute path, agent, entry, `mcp__` names


def index_facts(doc: Document, scope: str = "workspace") -> IndexFacts | None:
    """What the index keeps of a document (None without a path): small, and picklable, so a
    worker process can parse the file and send the parent only this."""
    if doc.path is None:
        return None
    fm = doc.frontmatter
    from agentls.document.entries import list_items  # imported on first use (see agentls.lazy)
    from agentls.schema.fields import profile_for

    profile = profile_for(doc.kind)
    names = frozenset(
        i.text
        for k in profile.tool_fields
        if fm is not None
        for i in list_items(fm, fm.get(k), spaces=profile.fields[k].split_spaces)
        if i.text.startswith("mcp__")
    )
    return _facts(doc.path, doc.kind, *_named(doc), scope, names)


def _facts(path: str, kind: str, named: tuple[str, Range] | None, desc: str, scope: str, names: frozenset[str]) -> IndexFacts:
    full = os.path.abspath(path)
    return full, _agent(full, kind, named, desc), _entry(full, kind, named, desc, scope), names


def facts_of_text(text: str, path: str, kind: str, scope: str = "workspace") -> IndexFacts:
    """The `index_facts` of a file's text: read directly when its frontmatter is plain
    (`plain_facts`), else from the parsed frontmatter."""
    from agentls.workspace.plain_facts import read_plain

    plain = read_plain(text)
    if plain is None:
        from agentls.document import parse_document

        facts = index_facts(parse_document(text, path=path, kind=kind, with_body=False), scope)
        assert facts is not None
        return facts
    return _facts(path, kind, *plain, scope, frozenset())  # a plain frontmatter names no `mcp__` tool


# User-level folders holding referenceable files (walked one by one: never all of ~/.claude).
USER_FOLDERS = (
    (".claude", "agents"), (".claude", "skills"), (".claude", "commands"),
    (".copilot", "agents"), (".config", "opencode", "agent"), (".config", "opencode", "agents"),
)


WORKSPACE_MARKERS = (".claude", ".github", ".opencode", ".mcp.json", ".git", ".claude-plugin")


def is_workspace(root: str) -> bool:
    """Whether a folder looks like a project (so walking it for names is worth it)."""
    return any(os.path.exists(os.path.join(root, m)) for m in WORKSPACE_MARKERS)


@dataclass(slots=True)
class WorkspaceIndex:
    """The workspace facts cross-file rules read: agents, skills, MCP servers, settings."""

    root: str | None
    mcp: McpConfig = field(default_factory=McpConfig)
    agents: dict[str, AgentInfo] = field(default_factory=dict)  # by absolute path
    skills: dict[str, str] = field(default_factory=dict)  # skill name -> SKILL.md path
    plugin_roots: tuple[str, ...] = ()
    mcp_names: dict[str, frozenset[str]] = field(default_factory=dict)  # path -> `mcp__` entries it grants or denies
    home: str | None = None  # the user's home (user-level skills); None: the real one
    entries: dict[str, Entry] = field(default_factory=dict)  # every named file, by absolute path
    plugins: dict[str, PluginInfo] = field(default_factory=dict)  # by root
    fetched: dict[str, object] = field(default_factory=dict)  # server -> KnownServer from `agentls mcp fetch`
    scanned: bool = False  # the files on disk (workspace and user folders) are indexed
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # answers derived from the above; cleared on change

    @classmethod
    def build(cls, root: str | None, docs: list[Document] = (), home: str | None = None, extra_mcp: tuple[str, ...] = (), plugin_roots: tuple[str, ...] = (), scan: bool = False,  # type: ignore[assignment]
              facts: list[IndexFacts] = ()) -> "WorkspaceIndex":  # type: ignore[assignment]
        """Index `docs` (or the `facts` of documents parsed elsewhere); with `scan`, also the
        other files of the workspace and the user's folders (names only), so references to
        files that are not being checked resolve."""
        index = cls(root, load_mcp_config(root, home, extra_mcp, plugin_roots), plugin_roots=tuple(plugin_roots), home=home)
        for doc in docs:
            index.update(doc)
        for f in facts:
            index.apply(f)
        if root:
            index.scan_skills()
        if scan:
            index.scan(home)
        index.load_plugins()
        index.load_fetched()
        return index

    def update(self, doc: Document, scope: str = "workspace") -> None:
        """Index `doc` (its name, kind and MCP entries), replacing what was indexed for its path."""
        facts = index_facts(doc, scope)
        if facts is not None:
            self.apply(facts)

    def apply(self, facts: IndexFacts) -> None:
        """Index one document's `index_facts`."""
        key, info, entry, names = facts
        if self.agents.get(key) == info and self.entries.get(key) == entry and self.mcp_names.get(key, frozenset()) == names:
            return  # nothing changed (a keystroke in the body)
        self._memo.clear()
        if info is None:
            self.agents.pop(key, None)
        else:
            self.agents[key] = info
        if entry is None:
            self.entries.pop(key, None)
        else:
            self.entries[key] = entry
            if entry.kind == "skill":
                self.skills.setdefault(entry.name, entry.path)
        if names:
            self.mcp_names[key] = names
        else:
            self.mcp_names.pop(key, None)

    def remove(self, path: str) -> None:
        self._memo.clear()
        self.agents.pop(os.path.abspath(path), None)
        self.entries.pop(os.path.abspath(path), None)
        self.mcp_names.pop(os.path.abspath(path), None)

    def scan(self, home: str | None = None, workspace: bool = True,
             facts_of: Callable[[str, str], IndexFacts | None] | None = None) -> None:
        """Index the named files on disk that are not indexed yet: the workspace's (unless
        `workspace` is False: every one is indexed already) and the user's
        (`~/.claude/{agents,skills,commands}`, `~/.copilot/agents`, OpenCode's). `facts_of(path,
        kind)` gives a workspace file's facts (from a cache; None when it cannot be read)."""
        from agentls.workspace.discovery import discover, read_text

        home = home if home is not None else os.path.expanduser("~")
        places: list[tuple[str, str]] = [(self.root, "workspace")] if self.root and workspace and is_workspace(self.root) else []
        places += [(os.path.join(home, *parts), "user") for parts in USER_FOLDERS]
        for place, scope in places:
            if not os.path.isdir(place):
                continue
            for path, kind in discover(place).files:
                key = os.path.abspath(path)
                if key in self.entries or key in self.agents or not os.path.isfile(path):
                    continue  # indexed already, or not a regular file (a FIFO would block)
                if facts_of is not None and scope == "workspace":
                    fact = facts_of(path, kind)
                    if fact is not None:
                        self.apply(fact)
                    continue
                text, _ = read_text(path)
                if text is not None:
                    self.apply(facts_of_text(text, path, kind, scope))
        self.scanned = True

    def load_plugins(self) -> None:
        for root in self.plugin_roots:
            root = os.path.abspath(root)
            servers = frozenset(n for n, es in self.mcp.servers.items() for e in es if e.scope == "plugin" and os.path.abspath(e.path).startswith(root + os.sep))
            self.plugins[root] = PluginInfo(root, _plugin_name(root), servers)

    def load_fetched(self) -> None:
        """Tools fetched earlier from configured servers (reads the cache; starts nothing)."""
        for name, entries in self.mcp.servers.items():
            for e in entries:
                if e.config:
                    from agentls.workspace.mcp_cache import load  # only where a server is configured

                    known = load(name, e.config)
                    if known is not None:
                        self.fetched[name] = known
                        break

    def fetched_tools(self, server: str):  # -> KnownServer | None
        return self.fetched.get(server)

    def plugin_for(self, path: str | None) -> PluginInfo | None:
        """The workspace plugin that holds `path`, if any."""
        if path is None:
            return None
        full = os.path.abspath(path)
        best = None
        for root, info in self.plugins.items():
            if full.startswith(root + os.sep) and (best is None or len(root) > len(best.root)):
                best = info
        return best

    def plugin_named(self, name: str) -> PluginInfo | None:
        for info in self.plugins.values():
            if info.name == name:
                return info
        return None

    def named(self, kinds: tuple[str, ...]) -> dict[str, Entry]:
        """Entries of these kinds by name (workspace entries win over user ones)."""
        key = ("named", kinds)
        if (hit := self._memo.get(key)) is None:
            hit = {}
            for e in sorted(self.entries.values(), key=lambda e: (e.scope != "workspace", e.path)):
                if e.kind in kinds:
                    hit.setdefault(e.name, e)
            self._memo[key] = hit
        return hit

    def agent_names(self) -> frozenset[str]:
        """Names of the indexed agents and of the named agent files."""
        if (hit := self._memo.get("agent_names")) is None:
            hit = self._memo["agent_names"] = frozenset(a.name for a in self.agents.values()) | frozenset(self.named(("agent", "plugin-agent")))
        return hit

    def used_mcp_tools(self, server: str) -> set[str]:
        """Tool names of an MCP server already used in the workspace (agent files, permission rules)."""
        from agentls.schema.names import parse_mcp

        out: set[str] = set()
        for names in [*self.mcp_names.values(), self.mcp.permission_names]:
            for text in names:
                m = parse_mcp(text)
                if m is not None and m.server == server and m.plugin is None and m.tool and m.tool != "*":
                    out.add(m.tool)
        return out

    def same_name(self, info: AgentInfo) -> list[AgentInfo]:
        """The other agents of the same name and scope."""
        if (by_name := self._memo.get("by_name")) is None:
            by_name = self._memo["by_name"] = {}
            for a in self.agents.values():
                by_name.setdefault((a.name, a.scope), []).append(a)
        return [a for a in by_name.get((info.name, info.scope), ()) if a.path != info.path]

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
                    self._memo.clear()

    def file_exists(self, rel: str) -> bool | None:
        """Whether a path relative to the workspace root exists (None without a root)."""
        if not self.root:
            return None
        root = os.path.abspath(self.root)
        full = os.path.normpath(os.path.join(root, rel))
        return full.startswith(os.path.join(root, "")) and os.path.exists(full)
