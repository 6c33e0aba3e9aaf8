"""Which open documents agentls serves, and their parse: one `Document` per URI and version."""

from __future__ import annotations

import os
import re
from functools import lru_cache

from agentls.analysis.config import DEFAULT_AGENT_PATTERNS, Config
from agentls.document import Document, parse_document
from agentls.workspace.discovery import kind_for_path

AGENT_KINDS = ("agent", "plugin-agent")


@lru_cache(maxsize=64)
def _glob(pattern: str) -> re.Pattern[str]:
    """A glob with `**` (any folders), `*` and `?` (within one folder) as a regular expression."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def matches(path: str, patterns: tuple[str, ...], root: str | None = None) -> bool:
    """Whether a path matches a glob: absolute (`/...`, `**/...`) or relative to `root`
    (anywhere when there is no root)."""
    full = os.path.abspath(path).replace(os.sep, "/")
    rel = os.path.relpath(full, root).replace(os.sep, "/") if root else None
    for p in patterns:
        p = p.replace(os.sep, "/")
        if p.startswith(("/", "**")):
            if _glob(p).fullmatch(full):
                return True
        elif rel is not None:
            if not rel.startswith("..") and _glob(p).fullmatch(rel):
                return True
        elif _glob("**/" + p).fullmatch(full):
            return True
    return False


def served_kind(path: str | None, config: Config, root: str | None = None) -> str | None:
    """The kind of file this path holds, or None when agentls does not serve it.

    Agent files must also match `files.agents`; with custom patterns, any markdown file they match
    is served as an agent."""
    if path is None:
        return None
    kind = kind_for_path(path)
    if kind in AGENT_KINDS:
        return kind if matches(path, config.agent_patterns, root) else None
    if kind is not None:
        return kind
    if path.endswith(".md") and config.agent_patterns != DEFAULT_AGENT_PATTERNS and matches(path, config.agent_patterns, root):
        return "agent"
    return None


class DocumentCache:
    """The parsed form of each open document, for its current version (parsed once, shared)."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def get(self, uri: str, text: str, version: int | None, path: str | None, kind: str) -> Document:
        doc = self._docs.get(uri)
        if doc is not None and doc.version == version and doc.kind == kind and (doc.text is text or doc.text == text):
            return doc
        previous = doc if doc is not None and doc.kind == kind else None  # re-parse around the edit only
        doc = parse_document(text, path=path, uri=uri, version=version, kind=kind, previous=previous)
        self._docs.pop(uri, None)
        self._docs[uri] = doc  # last parsed, last in order
        return doc

    def drop(self, uri: str) -> None:
        self._docs.pop(uri, None)

    def keep_last(self, n: int) -> None:
        """Forget all but the `n` documents parsed last."""
        for uri in list(self._docs)[:-n]:
            del self._docs[uri]
