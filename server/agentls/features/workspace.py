"""The workspace around the open documents: one `WorkspaceIndex` per root, kept up to date.

Workspace folders are discovered in full (in a worker thread: `build_index` is pure). A file
opened outside them gets a small index of its own folder (its `.claude/agents` folder or plugin),
never a walk of the whole home folder. File events (from the client's watchers, or from polling
when the client cannot watch) update the index; the caller re-checks the open documents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document, parse_document
from agentls.features.documents import AGENT_KINDS, matches
from agentls.workspace.discovery import (
    discover,
    kind_for_path,
    read_text,
    scope_of,
    workspace_root,
)
from agentls.workspace.index import WorkspaceIndex
from agentls.workspace.mcp_config import load_mcp_config

# Glob patterns of the files whose changes matter, for the client's file watchers.
CONFIG_GLOBS = (
    "**/.mcp.json",
    "**/.claude/settings.json",
    "**/.claude/settings.local.json",
    "**/.claude/skills/*/SKILL.md",
    "**/.claude-plugin/plugin.json",
    "**/.claude/commands/**/*.md",
    "**/skills/*/SKILL.md",
    "**/commands/**/*.md",
    "**/.github/agents/**/*.md",
    "**/.github/chatmodes/*.chatmode.md",
    "**/.github/prompts/**/*.prompt.md",
    "**/.opencode/agent/**/*.md",
    "**/.opencode/agents/**/*.md",
)


def build_index(root: str, config: Config, home: str | None, scan: tuple[str, ...]) -> tuple[WorkspaceIndex, list[str]]:
    """Index a root: the agent files found under each folder of `scan` (frontmatter only), the
    skills and the MCP configuration. Reads files; runs nothing."""
    docs: list[Document] = []
    notes: list[str] = []
    plugins: set[str] = set()
    for folder in scan:
        found = discover(folder)
        notes.extend(found.notes)
        plugins.update(found.plugin_roots)
        for path, kind in found.files:
            if kind in AGENT_KINDS and not matches(path, config.agent_patterns, root):
                continue
            text, _why = read_text(path)
            if text is not None:
                docs.append(parse_document(text, path=path, kind=kind, with_body=False))
    index = WorkspaceIndex.build(root, docs, home=home, extra_mcp=config.mcp_config_paths, plugin_roots=tuple(sorted(plugins)))
    if os.path.abspath(root) in {os.path.abspath(f) for f in scan}:
        index.scan(home, workspace=False)  # the user's folders; the workspace was discovered in full
    notes.extend(index.mcp.problems)
    return index, notes


def mcp_config_paths(index: WorkspaceIndex, config: Config, home: str | None) -> set[str]:
    """Every file `load_mcp_config` reads for this index."""
    home = home if home is not None else os.path.expanduser("~")
    paths = {os.path.join(home, ".claude.json")}
    if index.root:
        paths.add(os.path.join(index.root, ".mcp.json"))
        paths.update(os.path.join(index.root, ".claude", n) for n in ("settings.json", "settings.local.json"))
    for p in index.plugin_roots:
        paths.update({os.path.join(p, ".mcp.json"), os.path.join(p, ".claude-plugin", "plugin.json")})
    for p in config.mcp_config_paths:
        paths.add(p if os.path.isabs(p) or not index.root else os.path.join(index.root, p))
    return {os.path.abspath(p) for p in paths}


def inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@dataclass(slots=True)
class Root:
    """A workspace folder (or a lone file's folder) and its index."""

    path: str
    index: WorkspaceIndex
    folder: bool  # a workspace folder (discovered in full), or the folder around a file opened alone
    ready: bool = False  # discovery has finished
    stamps: dict[str, tuple[int, int] | None] = field(default_factory=dict)  # for polling


class Workspaces:
    """Indexes by root, and what a file change means for them."""

    def __init__(self, home: str | None = None) -> None:
        self.home = home
        self.config = Config()
        self.roots: dict[str, Root] = {}
        self.folders: list[str] = []

    # ---- roots -------------------------------------------------------------------------------

    def set_folders(self, folders: list[str]) -> None:
        """Workspace folders get a quick index now (MCP configuration and skills); `build_index`
        fills in their agents later."""
        self.folders = sorted({os.path.abspath(f) for f in folders}, key=len, reverse=True)
        for f in self.folders:
            if f not in self.roots:
                index = WorkspaceIndex.build(f, [], home=self.home, extra_mcp=self.config.mcp_config_paths)
                self.roots[f] = Root(f, index, folder=True)

    def root_for(self, path: str) -> Root:
        """The root a file belongs to (built on first use for files outside the workspace)."""
        full = os.path.abspath(path)
        for f in self.folders:
            if inside(full, f):
                return self.roots[f]
        base = workspace_root(full) or os.path.dirname(full)
        root = self.roots.get(base)
        if root is None:
            index, _ = build_index(base, self.config, self.home, (scope_of(full),))
            root = self.roots[base] = Root(base, index, folder=False, ready=True)
        return root

    def index_for(self, path: str | None) -> WorkspaceIndex | None:
        return self.root_for(path).index if path else None

    def install(self, root_path: str, index: WorkspaceIndex, open_docs: list[Document]) -> Root:
        """Put a freshly built index in place; open documents override what is on disk."""
        root = self.roots.setdefault(root_path, Root(root_path, index, folder=root_path in self.folders))
        root.index = index
        root.ready = True
        for doc in open_docs:
            if doc.path and inside(os.path.abspath(doc.path), root_path):
                index.update(doc)
        return root

    def scan_folders(self, root: Root) -> tuple[str, ...]:
        return (root.path,) if root.folder else tuple(sorted({scope_of(a.path) for a in root.index.agents.values()} or {root.path}))

    # ---- file events -------------------------------------------------------------------------

    def on_file(self, path: str, deleted: bool, open_paths: set[str]) -> tuple[list[Root], list[Root]]:
        """Apply a change of `path` on disk. Returns (roots updated, roots to rebuild)."""
        full = os.path.abspath(path)
        updated: list[Root] = []
        rebuild: list[Root] = []
        for root in self.roots.values():
            index = root.index
            if os.path.basename(full) == "plugin.json" and os.path.basename(os.path.dirname(full)) == ".claude-plugin":
                if inside(full, root.path):
                    rebuild.append(root)
                    continue
            if full in mcp_config_paths(index, self.config, self.home):
                index.mcp = load_mcp_config(index.root, self.home, self.config.mcp_config_paths, index.plugin_roots)
                updated.append(root)
                continue
            if not inside(full, root.path):
                continue
            if os.path.basename(full) == "SKILL.md" or full == os.path.join(root.path, ".claude", "skills"):
                index.skills.clear()
                index.scan_skills()
                updated.append(root)
                continue
            kind = kind_for_path(full)
            if kind is None or full in open_paths or (kind in AGENT_KINDS and not matches(full, self.config.agent_patterns, root.path)):
                continue
            text = None if deleted else read_text(full)[0]
            if text is None:
                index.remove(full)
            else:
                index.update(parse_document(text, path=full, kind=kind, with_body=False))
            updated.append(root)
        return updated, rebuild

    def reread(self, path: str) -> None:
        """Restore a closed document's entry from the file on disk (or drop it)."""
        full = os.path.abspath(path)
        root = self.root_for(full)
        kind = kind_for_path(full)
        text = read_text(full)[0] if kind is not None else None
        if text is None:
            root.index.remove(full)
        else:
            root.index.update(parse_document(text, path=full, kind=kind or "agent", with_body=False))

    # ---- watching ----------------------------------------------------------------------------

    def watchers(self) -> list[types.FileSystemWatcher]:
        """What to ask the client to watch: agent files, MCP configuration, skills, plugins."""
        globs = list(dict.fromkeys([*self.config.agent_patterns, *CONFIG_GLOBS]))
        out = [types.FileSystemWatcher(glob_pattern=g) for g in globs]
        for p in self.config.mcp_config_paths:
            if not os.path.isabs(p):
                out.append(types.FileSystemWatcher(glob_pattern="**/" + p.lstrip("./")))
        return out

    def poll(self, everything: bool) -> list[tuple[str, bool]]:
        """Changes since the last poll, as (path, deleted). MCP configuration files are always
        polled (`~/.claude.json` lies outside every workspace); with `everything`, agent files,
        their folders and the skills folders too (for clients that cannot watch files)."""
        events: list[tuple[str, bool]] = []
        for root in list(self.roots.values()):
            paths = mcp_config_paths(root.index, self.config, self.home)
            folders: set[str] = set()
            if everything:
                paths.update(root.index.agents)
                folders.update(os.path.dirname(p) for p in root.index.agents)
                if root.index.root:
                    folders.update({os.path.join(root.index.root, ".claude", "agents"), os.path.join(root.index.root, ".claude", "skills")})
                    paths.update(root.index.skills.values())
            for p in sorted(paths | folders):
                stamp = _stamp(p)
                seen = p in root.stamps
                old = root.stamps.get(p)
                root.stamps[p] = stamp
                if not seen or stamp == old:  # a path seen for the first time is the baseline
                    continue
                if p in folders:
                    events.extend(self._new_files(p, root))
                else:
                    events.append((p, stamp is None))
        return events

    def _new_files(self, folder: str, root: Root) -> list[tuple[str, bool]]:
        """Events for a folder whose listing changed: the skills folder itself, or new agent files."""
        if os.path.basename(folder) == "skills":
            return [(folder, False)]
        out = []
        for path, _kind in discover(folder).files:
            if os.path.abspath(path) not in root.index.agents:
                out.append((path, False))
        return out


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
