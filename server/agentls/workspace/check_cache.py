"""A persistent cache for `agentls check`: per file, the facts the workspace index needs and the findings.

Keys, so that a result is never stale:
- facts: agentls itself (its version and the size and time of each of its modules), the file's
  path, kind and content;
- findings: the facts key, the configuration, and a digest of the whole workspace index the
  cross-file rules read (every file's facts, the MCP configuration, the names found on disk, the
  plugins), so a change of another agent's name or of `.mcp.json` checks every file again.

A workspace file that is only read for its facts (checking one file of a large project) is
known by its status on disk (size, times, inode) once its facts are kept: it is read again only
when that changes. A file changed less than `RACY_SECONDS` before it was recorded is always read
again (its time may not yet tell a second change apart, as git's "racy" entries).

Kept in `.agentls_cache/` at the workspace root (with a `.gitignore` of its own), one file per
workspace, written whole to a temporary file and renamed: two runs that share it each leave a
complete file, and a damaged one is ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
import time
from functools import lru_cache
from typing import Any

FOLDER = ".agentls_cache"
FILE = "check.pickle"
LIMIT = 20_000  # entries of each kind kept: the oldest go first
RACY_SECONDS = 2


@lru_cache(maxsize=1)
def code_digest() -> str:
    """agentls' version and the size and modification time of each of its modules."""
    import agentls

    h = hashlib.sha256(agentls.__version__.encode())
    top = os.path.dirname(os.path.abspath(agentls.__file__))
    for folder, dirs, files in sorted(os.walk(top)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".py", ".json")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{os.path.relpath(os.path.join(folder, name), top)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def facts_key(path: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{code_digest()}\0{os.path.abspath(path)}\0{kind}\0".encode() + text.encode("utf-8", "surrogatepass")).hexdigest()


def canonical(value: Any) -> Any:
    """A form of `value` whose repr is the same in every process (sets sorted, dataclasses and
    objects as their fields), for a digest."""
    if isinstance(value, (str, int, float, bool, type(None), bytes)):
        return value
    if isinstance(value, dict):
        return sorted((repr(canonical(k)), canonical(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [(name, canonical(getattr(value, name))) for name in _compared(type(value))]
    if hasattr(value, "__dict__"):
        return [type(value).__name__, canonical({k: v for k, v in vars(value).items() if not k.startswith("_")})]
    return repr(value)


@lru_cache(maxsize=None)
def _compared(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def without(index: Any, paths: dict[str, str]) -> Any:
    """A copy of a workspace index without what it holds for `paths` (their facts are digested
    by their keys: much cheaper than by their values)."""
    return dataclasses.replace(index, agents={k: v for k, v in index.agents.items() if k not in paths},
                               entries={k: v for k, v in index.entries.items() if k not in paths},
                               mcp_names={k: v for k, v in index.mcp_names.items() if k not in paths})


def digest(*values: Any) -> str:
    return hashlib.sha256(repr(canonical(values)).encode("utf-8", "surrogatepass")).hexdigest()


def _status(path: str) -> tuple[int, ...] | None:
    """What tells a file's content changed without reading it: size, inode, change and
    modification times (None for what is not a regular file)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns)


class CheckCache:
    """The cache of one workspace root, loaded once and saved once per run."""

    def __init__(self, root: str) -> None:
        self.folder = os.path.join(root, FOLDER)
        self.path = os.path.join(self.folder, FILE)
        self.facts: dict[str, Any] = {}
        self.findings: dict[str, bytes] = {}  # each file's findings pickled apart: only those used are read
        self.on_disk: dict[str, tuple[tuple[int, ...], str]] = {}  # absolute path -> (status, facts key)
        self.changed = False
        try:
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict) and data.get("code") == code_digest():
                self.facts, self.findings = data["facts"], data["findings"]
                self.on_disk = data.get("on_disk", {})
        except Exception:  # missing, damaged, or from another agentls: start afresh
            pass

    def put_facts(self, key: str, facts: Any) -> None:
        self.facts[key] = facts
        self.changed = True

    def facts_of(self, path: str, kind: str) -> tuple[Any, str] | None:
        """The index facts of a file on disk and their key, kept (the file is read only when its
        status changed, its frontmatter parsed only when its content did); None when unreadable."""
        from agentls.workspace.discovery import read_text
        from agentls.workspace.index import facts_of_text

        full = os.path.abspath(path)
        status = _status(full)
        kept = self.on_disk.get(full)
        if status is not None and kept is not None and kept[0] == status and kept[1] in self.facts:
            return self.facts[kept[1]], kept[1]
        text, _ = read_text(path)
        if text is None:
            return None
        key = facts_key(path, kind, text)
        if key not in self.facts:
            self.put_facts(key, facts_of_text(text, path, kind))
        if status is not None and max(status[2], status[3]) < time.time_ns() - RACY_SECONDS * 1_000_000_000:
            self.on_disk[full] = (status, key)
            self.changed = True
        return self.facts[key], key

    def findings_of(self, key: str) -> list | None:
        """The findings kept under `key`, if any (None also when they cannot be read back)."""
        data = self.findings.get(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # damaged
            return None

    def put_findings(self, key: str, findings: list) -> None:
        self.findings[key] = pickle.dumps(findings, protocol=pickle.HIGHEST_PROTOCOL)
        self.changed = True

    def save(self) -> None:
        """Write the whole cache atomically; a folder that cannot be written is left alone."""
        if not self.changed:
            return
        for table in (self.facts, self.findings, self.on_disk):
            for key in list(table)[: max(0, len(table) - LIMIT)]:
                del table[key]
        try:
            os.makedirs(self.folder, exist_ok=True)
            ignore = os.path.join(self.folder, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as fh:
                    fh.write("# written by agentls check: its cache, not for version control\n*\n")
            import tempfile  # only to write (it imports shutil: 10 ms a run that changes nothing)

            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".check-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"code": code_digest(), "facts": self.facts, "findings": self.findings, "on_disk": self.on_disk}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            self.changed = False
        except OSError:
            pass
