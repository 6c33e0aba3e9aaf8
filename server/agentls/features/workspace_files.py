"""The files of a workspace that can name an agent, a skill or an MCP server, read once per
request: open documents as the editor holds them (unsaved edits included), the others from disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from agentls.analysis.config import Config
from agentls.document import Document, parse_document
from agentls.features.documents import served_kind
from agentls.workspace.discovery import read_text
from agentls.workspace.index import WorkspaceIndex

CONFIG_FILES = (".mcp.json", os.path.join(".claude", "settings.json"), os.path.join(".claude", "settings.local.json"))


def inside(path: str, root: str | None) -> bool:
    """Whether an absolute path lies in the folder `root`."""
    return root is not None and path.startswith(os.path.join(root, ""))


class WorkspaceFiles:
    """The markdown and JSON files of one workspace root that agentls reads names from."""

    def __init__(self, index: WorkspaceIndex, open_docs: Iterable[Document] = (), config: Config | None = None) -> None:
        self.index = index
        self.config = config or Config()
        self.root = os.path.abspath(index.root) if index.root else None
        self.open = {os.path.abspath(d.path): d for d in open_docs if d.path}
        self._docs: dict[str, Document | None] = {}

    def inside(self, path: str) -> bool:
        return inside(os.path.abspath(path), self.root)

    def markdown_paths(self) -> list[str]:
        """The agent, skill, command and Copilot files of the workspace the index knows, and the
        open ones."""
        ix = self.index
        paths = {*ix.entries, *ix.agents, *ix.mcp_names, *(os.path.abspath(p) for p in ix.skills.values()), *self.open}
        return sorted(p for p in paths if self.inside(p))

    def text(self, path: str) -> str | None:
        path = os.path.abspath(path)
        doc = self.open.get(path)
        if doc is not None:
            return doc.text
        if not os.path.isfile(path):
            return None
        return read_text(path)[0]

    def document(self, path: str) -> Document | None:
        """The parsed file (the open document when it is open); None when it cannot be read or
        is not a file agentls serves."""
        path = os.path.abspath(path)
        if path in self.open:
            return self.open[path]
        if path not in self._docs:
            entry = self.index.entries.get(path)
            kind = entry.kind if entry is not None else served_kind(path, self.config, self.root)
            text = self.text(path) if kind is not None else None
            self._docs[path] = parse_document(text, path=path, kind=kind) if text is not None and kind is not None else None
        return self._docs[path]

    def documents(self, needle: str, always: Iterable[str] = ()) -> Iterator[Document]:
        """The workspace's markdown files whose text holds `needle`, and the files of `always`
        (wherever they are)."""
        must = {os.path.abspath(p) for p in always}
        for path in sorted(set(self.markdown_paths()) | must):
            if path not in must and needle not in (self.text(path) or ""):
                continue
            doc = self.document(path)
            if doc is not None:
                yield doc

    def config_files(self) -> list[tuple[str, str]]:
        """(path, text) of the workspace's MCP configuration and settings files that exist."""
        if self.root is None:
            return []
        paths = [os.path.join(self.root, p) for p in CONFIG_FILES]
        for p in self.config.mcp_config_paths:
            full = os.path.abspath(p if os.path.isabs(p) else os.path.join(self.root, p))
            if self.inside(full) and full not in paths:
                paths.append(full)
        out = []
        for p in paths:
            text = read_json_text(p)
            if text is not None:
                out.append((p, text))
        return out


def read_json_text(path: str) -> str | None:
    """The text of a JSON configuration file (None when it is missing, unreadable or too large)."""
    from agentls.workspace.mcp_config import MAX_CONFIG_BYTES

    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_CONFIG_BYTES:
            return None
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None
