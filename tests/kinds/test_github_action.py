"""The GitHub Action (`action.yml`) runs one script, `scripts/github_action.sh`: run here as the
action runs it, with its inputs in the environment. It installs agentls from this checkout into
an environment of its own, annotates, fails as `fail-on` says, and writes SARIF on request."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is missing")

BROKEN = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read, Grep\n---\n\nReview the diff.\n"


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("runner-temp")  # shared: the action's environment is installed once per module's runs


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "reviewer.md").write_text(BROKEN)
    (root / ".git").mkdir()
    return root


def run_action(project: Path, runner_temp: Path, tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], str]:
    output = tmp_path / "github-output"
    output.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "VIRTUAL_ENV"))}
    env.update({"GITHUB_ACTION_PATH": str(REPO), "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output)})
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    p = subprocess.run(["bash", str(REPO / "scripts" / "github_action.sh")], cwd=project, env=env, capture_output=True, text=True, timeout=900)
    return p, output.read_text()


def test_the_action_annotates_and_fails_on_errors(project, runner_temp, tmp_path):
    p, outputs = run_action(project, runner_temp, tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "::error file=.claude/agents/reviewer.md,line=4,col=8" in p.stdout and "T001" in p.stdout, p.stdout
    assert outputs == ""  # no SARIF asked for


def test_sarif_on_request_and_fail_on_never(project, runner_temp, tmp_path):
    p, outputs = run_action(project, runner_temp, tmp_path, sarif="true", fail_on="never", args="--disable D002")
    assert p.returncode == 0, p.stdout + p.stderr
    [line] = [x for x in outputs.splitlines() if x.startswith("sarif-file=")]
    sarif = json.loads(Path(line.split("=", 1)[1]).read_text())
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "T001" for r in results)
    assert sarif["runs"][0]["tool"]["driver"]["name"] == "agentls"


def test_the_action_declares_what_the_script_reads():
    text = (REPO / "action.yml").read_text()
    for name in ("version", "paths", "fail-on", "sarif", "args"):
        assert f"\n  {name}:\n" in text and f"INPUT_{name.upper().replace('-', '_')}: ${{{{ inputs.{name} }}}}" in text, name
    assert "sarif-file:" in text and "scripts/github_action.sh" in text
