"""`agentls check`'s cache is never stale: change each input that matters and the findings follow.

Each test runs the same check twice against one `.agentls_cache/`: the second run must give what
a run without the cache gives, after one input changed (the file, another agent's name,
`.mcp.json`, the configuration, agentls itself)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from agentls.cli import run_check
from agentls.workspace import check_cache

REVIEWER = "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, mcp__tracker__get_issue\n---\n\nReview the diff.\n"
PLANNER = "---\nname: planner\ndescription: Plans work.\ntools: Read\n---\n\nPlan it.\n"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "reviewer.md").write_text(REVIEWER)
    (root / ".claude" / "agents" / "planner.md").write_text(PLANNER)
    (root / ".git").mkdir()
    home = tmp_path / "home"
    home.mkdir()
    return root, home


def codes(root: Path, home: Path, cache: bool) -> dict[str, list[str]]:
    results, _ = run_check([str(root)], home=str(home), cache=cache)
    return {Path(r.path).name: sorted(f.code for f in r.findings) for r in results}


def same_as_fresh(root: Path, home: Path) -> dict[str, list[str]]:
    cached = codes(root, home, cache=True)
    assert cached == codes(root, home, cache=False)
    return cached


def test_a_second_run_reads_the_cache(project, monkeypatch):
    root, home = project
    first = codes(root, home, cache=True)
    assert (root / ".agentls_cache" / "check.pickle").is_file()
    assert (root / ".agentls_cache" / ".gitignore").read_text().strip().endswith("*")

    def no_analysis(*args, **kwargs):
        raise AssertionError("a warm run analysed a file")

    monkeypatch.setattr("agentls.analysis.analyze", no_analysis)
    assert codes(root, home, cache=True) == first


def test_the_file_changes(project):
    root, home = project
    assert "T001" not in same_as_fresh(root, home)["reviewer.md"]
    (root / ".claude/agents/reviewer.md").write_text(REVIEWER.replace("tools: Read", "tools: read"))
    assert "T001" in same_as_fresh(root, home)["reviewer.md"]


def test_another_agents_name_changes(project):
    root, home = project
    assert "F007" not in same_as_fresh(root, home)["reviewer.md"]
    (root / ".claude/agents/planner.md").write_text(PLANNER.replace("name: planner", "name: reviewer"))
    assert "F007" in same_as_fresh(root, home)["reviewer.md"]  # the unchanged file gets the duplicate


def test_another_agents_name_changes_when_one_file_is_checked(project):
    """Checking one file reads the others' names from the cache: a changed name is still seen."""
    root, home = project
    one = str(root / ".claude/agents/reviewer.md")

    def checked() -> list[str]:
        cached = [sorted(f.code for f in r.findings) for r in run_check([one], home=str(home), cache=True)[0]]
        assert cached == [sorted(f.code for f in r.findings) for r in run_check([one], home=str(home), cache=False)[0]]
        return cached[0]

    assert "F007" not in checked()
    (root / ".claude/agents/planner.md").write_text(PLANNER.replace("name: planner", "name: reviewer"))
    assert "F007" in checked()


def test_the_mcp_configuration_changes(project):
    root, home = project
    assert "M001" in same_as_fresh(root, home)["reviewer.md"]
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {"tracker": {"command": "tracker-mcp"}}}))
    assert "M001" not in same_as_fresh(root, home)["reviewer.md"]


def test_the_configuration_changes(project):
    root, home = project
    assert "M001" in same_as_fresh(root, home)["reviewer.md"]
    (root / ".agentls.toml").write_text('[rules]\ndisable = ["M001"]\n')
    assert "M001" not in same_as_fresh(root, home)["reviewer.md"]


def test_agentls_changes(project, monkeypatch):
    root, home = project
    codes(root, home, cache=True)
    path = root / ".agentls_cache" / "check.pickle"
    stored = pickle.loads(path.read_bytes())
    stored["findings"] = {k: pickle.dumps([]) for k in stored["findings"]}  # what an older agentls might have found
    path.write_bytes(pickle.dumps(stored))
    assert codes(root, home, cache=True)["reviewer.md"] == []  # read back as long as agentls is the same
    monkeypatch.setattr(check_cache, "code_digest", lambda: "another agentls")
    assert codes(root, home, cache=True)["reviewer.md"] != []  # another agentls: the cache is ignored


def test_a_damaged_cache_is_ignored(project):
    root, home = project
    first = codes(root, home, cache=True)
    (root / ".agentls_cache" / "check.pickle").write_bytes(b"not a pickle")
    assert codes(root, home, cache=True) == first


def test_checking_one_file_reads_only_the_files_that_changed(project, monkeypatch):
    """The other files' facts are known by their status on disk: unchanged, they are not read."""
    root, home = project
    monkeypatch.setattr(check_cache, "RACY_SECONDS", -3600)  # every file counts as settled
    one = str(root / ".claude/agents/reviewer.md")
    run_check([one], home=str(home), cache=True)
    from agentls.workspace import discovery

    read: list[str] = []
    real = discovery.read_text
    monkeypatch.setattr(discovery, "read_text", lambda path, *a: read.append(Path(path).name) or real(path, *a))
    run_check([one], home=str(home), cache=True)
    assert read == ["reviewer.md"]
    (root / ".claude/agents/planner.md").write_text(PLANNER.replace("Plan it.", "Plan it all."))
    read.clear()
    run_check([one], home=str(home), cache=True)
    assert sorted(read) == ["planner.md", "reviewer.md"]


def test_a_change_that_keeps_the_size_is_seen_at_once(project):
    """A file rewritten with as many bytes right after a run is read again (its times changed;
    and where a file system's clock is too coarse to tell, a file changed moments before it was
    recorded is never trusted by its status)."""
    root, home = project
    agents = root / ".claude/agents"
    (agents / "first.md").write_text(PLANNER.replace("planner", "writer1"))
    (agents / "second.md").write_text(PLANNER.replace("planner", "writer2"))
    one = str(agents / "first.md")

    def checked() -> list[str]:
        return sorted(f.code for f in run_check([one], home=str(home), cache=True)[0][0].findings)

    assert "F007" not in checked()
    (agents / "second.md").write_text(PLANNER.replace("planner", "writer1"))  # the same size
    assert "F007" in checked()
