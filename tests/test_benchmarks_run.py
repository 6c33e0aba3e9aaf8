"""The benchmark scripts run on a tiny input and print their figures (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import REPO, agentls_env

BENCH = REPO / "benchmarks"

SCRIPTS = {
    "check_one_file.py": ["agentls check FILE", "imports pygls       ", "imports lsprotocol  "],
    "throughput.py": ["throughput over", "agentls check"],
    "keystroke_core.py": ["keystroke cost", "body", "frontmatter", "generated 0.02 MB"],
    "lsp_latency.py": ["keystroke -> diagnostics", "completion", "hover"],
    "lsp_startup.py": ["initialize result", "minimal pygls server"],
    "lsp_memory.py": ["resident memory"],
    "growth.py": ["| files | cold |", "one file, warm", "its worker process"],
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_benchmark_runs(script: str) -> None:
    path = BENCH / script
    if not path.is_file():
        pytest.skip(f"{script} is not in this tree")
    p = subprocess.run([sys.executable, str(path), "--quick"], cwd=REPO, env=agentls_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-4000:]
    for label in SCRIPTS[script]:
        assert label in p.stdout, f"{label!r} missing from:\n{p.stdout}"
    if script == "check_one_file.py":  # the check path stays free of the server's libraries
        assert "imports pygls        no" in p.stdout and "imports lsprotocol   no" in p.stdout
