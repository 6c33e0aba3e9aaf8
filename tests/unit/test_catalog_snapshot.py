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


def _check(frontmatter: str) -> list:
    from agentls.analysis import analyze
    from agentls.document import parse_document

    return analyze(parse_document(f"---\n{frontmatter}\n---\n\nReview the change.\n", kind="agent"))


def test_every_tool_and_old_name_of_the_release_is_accepted():
    _, snap = _newest()
    for names in (snap.tools, list(snap.aliases)):
        found = _check("name: all\ndescription: Uses every tool.\ntools: " + ", ".join(names))
        assert not [f for f in found if f.code in ("T001", "T007", "F009")], [f.message for f in found if f.code == "T001"]


def test_every_agent_key_of_the_release_is_known():
    _, snap = _newest()
    values = {"name": "keys", "description": "Every key.", "tools": "Read", "disallowedTools": "Bash", "model": "sonnet",
              "permissionMode": "default", "maxTurns": "5", "skills": "[review]", "mcpServers": "[github]", "hooks": "{}",
              "memory": "project", "background": "false", "effort": "low", "isolation": "worktree", "color": "blue",
              "initialPrompt": "Go.", "autoCompactWindow": "100000", "omitClaudeMd": "true", "observer": "watcher",
              "observerMessage": "Watch.", "observeSubagents": "false", "observeToolResults": "false"}
    assert set(snap.agent_keys) <= set(values), set(snap.agent_keys) - set(values)
    found = _check("\n".join(f"{k}: {values[k]}" for k in snap.agent_keys))
    assert not [f for f in found if f.code in ("F003", "F004", "F005")], [(f.code, f.message) for f in found]


@pytest.mark.parametrize("frontmatter", [
    "name: Tech Lead\ndescription: Leads.",  # any name without `:` or a leading `-` loads
    "name: lead\ndescription: Leads.\ntools: \"*\"",  # every tool
    "name: lead\ndescription: Leads.\ntools: [\"*\"]",
])
def test_what_the_loader_accepts_gets_no_error(frontmatter: str):
    found = _check(frontmatter)
    assert not [f for f in found if f.severity == "error"], [(f.code, f.message) for f in found]


def test_a_style_name_is_a_hint_without_a_claim_about_loading():
    [f] = [f for f in _check("name: Tech Lead\ndescription: Leads.") if f.code == "F002"]
    assert f.severity == "hint" and "loads this one" in f.message and "skips" not in f.message
    assert f.fixes and f.fixes[0].edits[0].new_text == "tech-lead"


def test_the_configured_version_decides_what_exists():
    from agentls.analysis import analyze
    from agentls.analysis.config import Config
    from agentls.document import parse_document

    text = "---\nname: a\ndescription: d\ntools: Read, SetGoal, TaskOutput\n---\n\nGo.\n"
    doc = parse_document(text, kind="agent")
    old = {f.code: f.message for f in analyze(doc, config=Config(claude_code_version="2.1.250"))}
    assert "T001" in old and "came in Claude Code 2.1.326" in old["T001"]  # not there yet
    assert "T003" not in old  # TaskOutput still exists in 2.1.250 (removed 2.1.277)
    new = [(f.code, f.message) for f in analyze(doc) if f.code in ("T001", "T003")]
    assert [c for c, _ in new] == ["T003"] and "TaskOutput" in new[0][1]  # removed by 2.1.332


@pytest.mark.parametrize("name", ["Tech Lead", "tech-lead", "Ünïcode name", "-lead", "team:lead", ":x", "r" * 256, "r" * 257, "a"])
def test_the_json_schema_accepts_the_names_the_loader_accepts(name: str):
    import re

    from agentls.schema.loader import LOADER_NAME_PATTERN, name_problem

    assert bool(re.match(LOADER_NAME_PATTERN, name)) == (name_problem(name) is None)
