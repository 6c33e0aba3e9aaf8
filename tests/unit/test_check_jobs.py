"""`agentls check --jobs N` reports exactly what one process reports."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO, agentls_cmd, agentls_env

from agentls.cli import PARALLEL_MIN_FILES, _workers, run_check


@pytest.fixture
def big_ws(tmp_path: Path) -> tuple[Path, Path]:
    """The example workspace, its agents copied into many folders (same names in one folder
    clash, F007, across the processes' shares), plus an MCP configuration."""
    root = tmp_path / "ws"
    shutil.copytree(REPO / "examples", root)
    agents = sorted((REPO / "examples" / ".claude" / "agents").glob("*.md"))
    for i in range(12):
        for a in agents:
            dest = root / ".claude" / "agents" / f"team{i % 3}" / f"{i}-{a.name}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(a, dest)
    home = tmp_path / "home"
    home.mkdir()
    return root, home


def _as_json(results) -> list:
    return [(r.path, r.error, [f.to_json(r.path) for f in r.findings]) for r in results]


def test_parallel_equals_serial(big_ws: tuple[Path, Path]) -> None:
    root, home = big_ws
    serial, notes1 = run_check([str(root)], home=str(home), jobs=1)
    parallel, notes2 = run_check([str(root)], home=str(home), jobs=2)
    assert len(serial) > PARALLEL_MIN_FILES
    assert any(f.code == "F007" for r in serial for f in r.findings)
    assert _as_json(parallel) == _as_json(serial)
    assert notes2 == notes1


def test_cli_jobs_flag(big_ws: tuple[Path, Path]) -> None:
    root, home = big_ws
    outs = []
    for jobs in ("1", "2"):
        p = subprocess.run(agentls_cmd("check", "--format", "json", "--jobs", jobs, "."), cwd=root, env=agentls_env(home),
                           capture_output=True, text=True, timeout=120)
        assert p.returncode == 1, p.stderr
        outs.append(json.loads(p.stdout))
    assert outs[0] == outs[1] and outs[0]


def test_worker_count() -> None:
    assert _workers(1, 1000) == 1
    assert _workers(4, 2) == 2
    assert _workers(0, PARALLEL_MIN_FILES - 1) == 1
    assert _workers(0, 10_000) >= 1


def test_no_processes_falls_back_to_one(big_ws: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Where processes cannot be started (a sandbox), the run still completes, in one process."""
    import multiprocessing.context

    def refuse(self):
        raise OSError("no processes here")

    root, home = big_ws
    serial, notes1 = run_check([str(root)], home=str(home), jobs=1)
    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", refuse)
    fallback, notes2 = run_check([str(root)], home=str(home), jobs=2)
    assert _as_json(fallback) == _as_json(serial)
    assert notes2 == notes1


def test_a_worker_that_dies_is_redone_in_one_process(big_ws: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed half-way (out of memory, say) costs time, not results, and notes are not doubled."""
    import os

    import agentls.cli as cli

    def die(conn, part):
        conn.send([])
        os._exit(3)

    root, home = big_ws
    (root / ".mcp.json").write_text("{not json", encoding="utf-8")  # a note for the run
    serial, notes1 = run_check([str(root)], home=str(home), jobs=1)
    assert len(notes1) == 1
    monkeypatch.setattr(cli, "_part_main", die)
    fallback, notes2 = run_check([str(root)], home=str(home), jobs=2)
    assert _as_json(fallback) == _as_json(serial)
    assert notes2 == notes1


def test_parallel_across_workspaces(big_ws: tuple[Path, Path], tmp_path: Path) -> None:
    """Files of several workspaces share one pool; each keeps its own index and configuration."""
    root, home = big_ws
    other = tmp_path / "other"
    shutil.copytree(REPO / "examples", other)
    (other / ".git").mkdir()
    (other / ".agentls.toml").write_text('[rules]\ndisable = ["T001"]\n', encoding="utf-8")
    (root / ".git").mkdir(exist_ok=True)
    serial, notes1 = run_check([str(root), str(other)], home=str(home), jobs=1)
    parallel, notes2 = run_check([str(root), str(other)], home=str(home), jobs=2)
    codes = {str(other): set(), str(root): set()}
    for r in serial:
        codes[str(other) if r.path.startswith(str(other)) else str(root)].update(f.code for f in r.findings)
    assert "T001" in codes[str(root)] and "T001" not in codes[str(other)] and codes[str(other)]
    assert _as_json(parallel) == _as_json(serial)
    assert notes2 == notes1
