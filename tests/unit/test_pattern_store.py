"""The store of compiled patterns gives back patterns equal to `re.compile`'s, and never fails a run."""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import agentls.analysis
from agentls import pattern_store
from agentls.lazy import LazyPattern


def _vocabulary() -> list[tuple[str, int]]:
    """Every pattern the analysis compiles on first use."""
    found = []
    for info in pkgutil.walk_packages(agentls.analysis.__path__, "agentls.analysis."):
        module = importlib.import_module(info.name)
        found += [(v.pattern, int(v._flags)) for v in vars(module).values() if isinstance(v, LazyPattern)]
    return sorted(set(found))


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(pattern_store, "_store", None)
    monkeypatch.setattr(pattern_store, "_added", False)
    monkeypatch.setattr(pattern_store, "_enabled", True)
    return tmp_path / "agentls" / "patterns"


def test_every_pattern_read_back_equals_re_compile(fresh_store: Path) -> None:
    vocabulary = _vocabulary()
    assert len(vocabulary) > 100
    first = [pattern_store.compile(p, f) for p, f in vocabulary]
    pattern_store.save()
    assert len(list(fresh_store.iterdir())) == 1
    pattern_store._store = None  # as a new process: read from the file
    again = [pattern_store.compile(p, f) for p, f in vocabulary]
    assert len(pattern_store.stored()) == len(vocabulary)
    for (p, f), a, b in zip(vocabulary, first, again):
        expected = re.compile(p, f)
        # CPython compares patterns by text, flags and the engine's program
        assert a == expected and b == expected, p[:80]
        assert b.groupindex == expected.groupindex and b.groups == expected.groups


def test_a_stored_pattern_matches_as_re_compile_does(fresh_store: Path) -> None:
    pattern = r"(?P<verb>ask|confirm)\s+(?:with\s+)?the\s+(?P<who>user|owner)\b"
    pattern_store.compile(pattern, re.IGNORECASE)
    pattern_store.save()
    pattern_store._store = None
    compiled = pattern_store.compile(pattern, re.IGNORECASE)
    text = "Always CONFIRM with the Owner before you push."
    assert compiled.search(text).groupdict() == re.search(pattern, text, re.IGNORECASE).groupdict() == {"verb": "CONFIRM", "who": "Owner"}


def test_a_damaged_store_falls_back_to_compiling(fresh_store: Path) -> None:
    fresh_store.mkdir(parents=True)
    pattern_store.compile("a+b", 0)
    pattern_store.save()
    (stored,) = fresh_store.iterdir()
    stored.write_bytes(b"\x00not marshal data")
    pattern_store._store = None
    assert pattern_store.compile("a+b", 0).fullmatch("aab")
    stored.write_bytes(b"")  # an empty file (a crash while writing, by another tool)
    pattern_store._store = None
    assert pattern_store.compile("a+b", 0).fullmatch("ab")


def test_an_unwritable_cache_folder_costs_nothing_but_the_store(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    project = tmp_path / "p" / ".claude" / "agents"
    project.mkdir(parents=True)
    (project / "helper.md").write_text("---\nname: helper\ndescription: Helps.\ntools: Read\n---\n\nNever edit files. Ask the user first.\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocked)}
    out = subprocess.run([sys.executable, "-m", "agentls", "check", "--no-cache", str(project / "helper.md")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    assert "helper.md" in out.stdout
