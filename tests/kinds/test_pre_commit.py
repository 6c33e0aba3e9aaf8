"""The pre-commit hooks (`.pre-commit-hooks.yaml`), run by the real pre-commit with `try-repo` on
a git repository holding a broken agent: `agentls` fails and shows the finding, `agentls-fix`
fixes what is safe. pre-commit installs agentls from this checkout into an environment of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is missing")

BROKEN = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read, Grep\n---\n\nReview the diff.\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _pre_commit() -> list[str]:
    beside = Path(sys.executable).parent / "pre-commit"  # the one installed with these tests
    exe = str(beside) if beside.exists() else shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    return [exe]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    (root / ".claude" / "agents" / "reviewer.md").write_text(BROKEN)
    (root / "notes.md").write_text("Not an agent: `tools: read` here is prose.\n")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    return root


def _try(root: Path, hook: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run([*_pre_commit(), "try-repo", str(REPO), hook, "--all-files", "--verbose"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_hook_fails_on_a_broken_agent_and_shows_the_finding(project: Path, tmp_path: Path):
    p = _try(project, "agentls", tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    assert ".claude/agents/reviewer.md:4:8: error T001" in p.stdout, p.stdout
    assert "notes.md" not in p.stdout.split("agentls", 1)[-1]  # only the files agentls serves are passed


def test_the_fix_hook_fixes_what_is_safe(project: Path, tmp_path: Path):
    p = _try(project, "agentls-fix", tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr  # files changed: pre-commit fails the run, as for any fixer
    assert (project / ".claude" / "agents" / "reviewer.md").read_text() == BROKEN.replace("tools: read", "tools: Read")
    _git(project, "add", ".")
    assert _try(project, "agentls", tmp_path).returncode == 0
