"""Compiled regular expressions kept between runs, as Python keeps compiled modules in `__pycache__`.

The contradiction vocabulary is a few hundred large patterns; compiling the ones a file needs cost
each new process (`agentls check`, a pre-commit hook, the server's first check) 40-70 ms, more
than checking the file. CPython compiles a pattern in two steps: Python code parses it into the
regex engine's program (a list of integers, the slow part), and `_sre.compile` builds the pattern
object from that program. The programs are stored in the user's cache folder
(`$XDG_CACHE_HOME/agentls/patterns/`, else `~/.cache/agentls/patterns/`), one file per Python
build and regex engine version, and read back at the next start.

Nothing depends on the store: a missing, unreadable or foreign file, an unwritable folder, or a
Python whose internals differ all fall back to `re.compile`. A program read back builds a pattern
equal to `re.compile`'s (CPython compares patterns by their program; the tests check every one).
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from typing import Any

MAX_ENTRIES = 5000  # the vocabulary holds a few hundred; a bound keeps the file small whatever happens

_store: dict[tuple[str, int], tuple[int, list[int], int, dict[str, int]]] | None = None
_added = False
_enabled = True


def folder() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "agentls", "patterns")


def _file() -> str:
    import _sre

    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
    return os.path.join(folder(), f"{tag}.marshal")


def _load() -> dict:
    try:
        with open(_file(), "rb") as fh:
            data = marshal.loads(fh.read())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, EOFError, TypeError, ImportError):
        return {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, its program read from the store when it is there."""
    global _store, _added, _enabled
    if not _enabled or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    flags = int(flags)
    if _store is None:
        _store = _load()
    key = (pattern, flags)
    try:
        import _sre

        entry = _store.get(key)
        if entry is None:
            from re import _compiler, _parser  # type: ignore[attr-defined]

            parsed = _parser.parse(pattern, flags)
            code = [int(op) for op in _compiler._code(parsed, flags)]
            state = parsed.state
            entry = (int(flags | state.flags), code, state.groups - 1, dict(state.groupdict))
            if len(_store) < MAX_ENTRIES:
                _store[key] = entry
                if not _added:
                    _added = True
                    atexit.register(save)
        all_flags, code, groups, groupindex = entry
        indexgroup: list[str | None] = [None] * (groups + 1)
        for name, i in groupindex.items():
            indexgroup[i] = name
        return _sre.compile(pattern, all_flags, code, groups, groupindex, tuple(indexgroup))
    except Exception:  # another Python's internals: the store is not used in this process
        _enabled = False
        return re.compile(pattern, flags)


def save() -> None:
    """Write the programs compiled in this process, merged with the file's (written whole and
    renamed into place, so that processes sharing the folder never read half a file)."""
    global _added
    if not _added or _store is None:
        return
    _added = False
    path = _file()
    try:
        merged = _load()
        for key, entry in _store.items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, entry)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(merged))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def stored() -> dict[tuple[str, int], Any]:
    """What this process holds (for tests)."""
    return dict(_store or {})
