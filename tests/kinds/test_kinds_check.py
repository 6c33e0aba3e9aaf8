"""`agentls check` discovers every kind of agent file and reports the defects planted in
tests/fixtures/kinds at their lines, and nothing else at warning level or above."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import FIXTURES, agentls_cmd, agentls_env

KINDS = FIXTURES / "kinds"

# (path, 1-based line, code): every defect planted in the fixture workspace.
PLANTED = {
    (".claude/agents/reviewer.md", 7, "R002"),
    (".claude/commands/migrate.md", 4, "F005"),
    (".claude/commands/migrate.md", 5, "T003"),
    (".claude/commands/migrate.md", 8, "D006"),
    (".claude/skills/review/SKILL.md", 2, "F011"),
    (".claude/skills/review/SKILL.md", 4, "T001"),
    (".claude/skills/review/SKILL.md", 6, "R004"),
    (".claude/skills/review/SKILL.md", 11, "D004"),
    (".claude/skills/review/SKILL.md", 11, "D005"),
    (".claude/skills/summarize/SKILL.md", 3, "F012"),
    (".github/agents/implementer.agent.md", 5, "F010"),
    (".github/agents/planner.agent.md", 4, "T009"),
    (".github/agents/planner.agent.md", 4, "T001"),
    (".github/agents/planner.agent.md", 7, "R004"),
    (".github/agents/planner.agent.md", 11, "T010"),
    (".github/chatmodes/old.chatmode.md", 1, "F013"),
    (".github/prompts/review.prompt.md", 3, "F010"),
    (".github/prompts/review.prompt.md", 4, "F004"),
    (".github/prompts/review.prompt.md", 4, "T009"),
    (".opencode/agent/reviewer.md", 4, "F005"),
    (".opencode/agent/reviewer.md", 5, "F005"),
    (".opencode/agent/reviewer.md", 6, "F010"),
    (".opencode/agent/reviewer.md", 7, "F003"),
    (".opencode/agent/reviewer.md", 8, "F010"),
    (".opencode/agent/reviewer.md", 8, "F004"),
    (".opencode/agent/reviewer.md", 10, "F005"),
    ("tools/agents/helper.md", 4, "M005"),
    ("tools/agents/helper.md", 5, "F008"),
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    ws = tmp_path_factory.mktemp("kinds") / "ws"
    shutil.copytree(KINDS, ws)
    (ws / ".git").mkdir()
    home = tmp_path_factory.mktemp("home")
    out = subprocess.run(agentls_cmd("check", "--format", "json", "--fail-on", "never", "."), cwd=ws, env=agentls_env(home),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    for f in items:
        f["rel"] = (ws / f["path"]).resolve().relative_to(ws.resolve()).as_posix()
    return items


def test_every_kind_is_discovered(findings):
    files = {f["rel"] for f in findings}
    for folder in (".claude/skills/", ".claude/commands/", ".claude/agents/", "tools/agents/", ".github/agents/", ".github/chatmodes/",
                   ".github/prompts/", ".opencode/agent/"):
        assert any(p.startswith(folder) for p in files), folder


def test_planted_defects_are_reported_at_their_lines(findings):
    got = {(f["rel"], f["range"]["start"]["line"] + 1, f["code"]) for f in findings}
    assert PLANTED - got == set()


def test_nothing_else_is_reported(findings):
    loud = {(f["rel"], f["range"]["start"]["line"] + 1, f["code"]) for f in findings if f["severity"] in ("error", "warning")}
    assert loud - PLANTED == set(), [f["message"] for f in findings if (f["rel"], f["range"]["start"]["line"] + 1, f["code"]) in loud - PLANTED]


def test_plugin_files_use_plugin_placeholders_freely(findings):
    assert not [f for f in findings if f["rel"].startswith(("tools/skills/", "tools/commands/"))]
