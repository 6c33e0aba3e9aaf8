"""The reliability benchmarks run on a small input and print their figures (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import REPO, agentls_env


@pytest.mark.parametrize(("script", "args", "labels"), [
    ("soak.py", ["--quick"], ["resident memory after opening", "edit -> diagnostics", "drift from", "diagnostics at the start"]),
    ("hostile.py", ["--mb", "0.05"], ["entries after an unclosed quote", "unclosed example tags", "slowest full-size input"]),
])
def test_benchmark_prints_its_figures(script: str, args: list[str], labels: list[str]) -> None:
    p = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args], cwd=REPO, env=agentls_env(),
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-4000:]
    for label in labels:
        assert label in p.stdout, f"{label!r} missing from:\n{p.stdout}"
    if script == "soak.py":  # the text comes back to where it started, and so do the diagnostics
        assert "(same count)" in p.stdout, p.stdout
