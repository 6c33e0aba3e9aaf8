"""The catalog against what Claude Code ships: the newest snapshot `scripts/sync_catalog.py` took.

A tool, alias, agent key or enum value that the release has and the schema lacks (or the
reverse) fails here; refresh with `python scripts/sync_catalog.py --snapshot tests/fixtures/catalog`.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from agentls.schema import AGENT_FIELDS, OLD_TOOLS, TOOLS
from agentls.schema.versions import LATEST
from support import REPO

SNAPSHOTS = REPO / "tests" / "fixtures" / "catalog"


def _sync():
    spec = importlib.util.spec_from_file_location("sync_catalog", REPO / "scripts" / "sync_catalog.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["sync_catalog"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _newest():
    sync = _sync()
    files = sorted(SNAPSHOTS.glob("claude-code-*.txt"), key=lambda p: tuple(int(x) for x in p.stem.split("-")[-1].split(".")))
    return sync, sync.Snapshot.parse(files[-1].read_text(encoding="utf-8"))


def test_the_catalog_describes_the_newest_snapshot():
    sync, snap = _newest()
    assert snap.version == LATEST
    ours = sync.schema_snapshot()
    assert sync.diff(ours, snap, "agentls", f"Claude Code {snap.version}") == []


def test_every_tool_and_alias_of_the_release_is_known():
    _, snap = _newest()
    assert set(snap.tools) <= set(TOOLS)
    for old, new in snap.aliases.items():
        assert OLD_TOOLS[old].alias and OLD_TOOLS[old].replacement == new, old
    assert set(snap.agent_keys) == set(AGENT_FIELDS)


JS = (b'var a=["x","y","z"];var T=["Agent","Bash","Edit","Glob","Grep","Read","WebFetch","WebSearch","Write","NewTool"],'
      b'M={Task:"Agent",OldName:"NewTool",KillBash:"TaskStop"};var D=["name","description","prompt","tools","disallowedTools","model"];'
      b'var S=p(()=>u({description:r().min(1,"Description cannot be empty"),tools:O(r()).optional(),model:r().optional(),'
      b'memory:U(["user","project","local"]).optional(),isolation:f(),effort:g(),newKey:M().optional()}));'
      b'var P=["default","acceptEdits","plan","bypassPermissions","dontAsk"];var E=["low","medium","high","max"];'
      b'var K=["name","description","allowed-tools","disallowed-tools","argument-hint","when_to_use","model"];'
      b'function L(e,n,o){let He=["user","project","local"],Ge=o.memory,ze;let Ke=["worktree"],Ze=o.isolation,Ye;}')


def test_extraction_goes_by_structure():
    snap = _sync().extract(JS, "9.9.9")
    assert "NewTool" in snap.tools and "Agent" in snap.tools and "x" not in snap.tools
    assert snap.aliases == {"Task": "Agent", "OldName": "NewTool", "KillBash": "TaskStop"}
    assert {"newKey", "memory", "name", "color", "disallowedTools"} <= set(snap.agent_keys) and "prompt" not in snap.agent_keys
    assert snap.enums["memory"] == ["user", "project", "local"] and snap.enums["isolation"] == ["worktree"]
    assert snap.enums["permissionMode"] == sorted(["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk"])
    assert "when_to_use" in snap.skill_keys
    again = _sync().Snapshot.parse(snap.text())
    assert again.text() == snap.text()


def test_a_release_of_another_shape_is_a_clear_error():
    sync = _sync()
    snap = sync.extract(JS.replace(b'Task:"Agent",', b"").replace(b'KillBash:"TaskStop"', b'Z:"Y"'), "9.9.9")
    assert "map of old tool names" in snap.missing["tools"] and not snap.tools  # said, not silently empty
    assert "# missing tools: no map of old tool names" in snap.text()
    assert sync.Snapshot.parse(snap.text()).missing == snap.missing
    snap = sync.extract(JS.replace(b'"Agent","Bash"', b'"Bash"'), "9.9.9")
    assert "built-in tool names" in snap.missing["tools"] and snap.agent_keys  # the other sections still read
    with pytest.raises(sync.ShapeError, match="nothing could be read"):
        sync.extract(b"var x=1;", "9.9.9")
