"""Which files each editor hands to agentls: the Neovim and Emacs configurations classify paths
with the same rule as agentls' discovery (every kind it serves), and leave other markdown alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agentls.workspace.discovery import kind_for_path

from editor_support import EDITOR_CONFIG, TIMEOUT_S, editor_env, fake_home_dir

# (path inside the test folder, the kind agentls gives it, or None for a file left alone)
CASES = [
    ("proj/.claude/agents/planner.md", "agent"),
    ("proj/.claude/agents/team/deep/reviewer.md", "agent"),
    ("home/.claude/agents/mine.md", "agent"),
    ("proj/.claude/commands/deploy.md", "command"),
    ("proj/.claude/commands/git/commit.md", "command"),
    ("proj/.claude/skills/pdf/SKILL.md", "skill"),
    ("proj/.claude/skills/pdf/reference.md", None),
    ("proj/.claude/skills/pdf/deep/SKILL.md", None),
    ("plug/agents/helper.md", "plugin-agent"),
    ("plug/agents/sub/helper.md", "plugin-agent"),
    ("plug/commands/run.md", "plugin-command"),
    ("plug/skills/lint/SKILL.md", "plugin-skill"),
    ("plug/skills/lint/notes.md", None),
    ("plug/README.md", None),
    ("proj/.github/agents/triage.md", "copilot-agent"),
    ("proj/.github/chatmodes/plan.chatmode.md", "copilot-agent"),
    ("proj/.github/chatmodes/notes.md", None),
    ("proj/.github/prompts/fix.prompt.md", "copilot-prompt"),
    ("proj/.github/prompts/fix.md", None),
    ("proj/.opencode/agent/review.md", "opencode-agent"),
    ("home/.config/opencode/agents/review.md", "opencode-agent"),
    ("proj/README.md", None),
    ("proj/docs/agents/overview.md", None),  # an `agents/` folder outside any plugin
    ("proj/docs/commands/usage.md", None),
    ("proj/.claude/agents/planner.txt", None),
    ("proj/.claude/settings.md", None),
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kinds")
    (root / "plug" / ".claude-plugin").mkdir(parents=True)
    (root / "plug" / ".claude-plugin" / "plugin.json").write_text('{"name": "plug"}', encoding="utf-8")
    for rel, _ in CASES:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("---\nname: x\n---\n", encoding="utf-8")
    return root


def test_cases_agree_with_the_server_discovery(tree: Path) -> None:
    """The table's agent files are agent files for this tree's discovery too (and each kind it
    already knows matches); kinds it does not know yet are only in the editors' filters."""
    for rel, kind in CASES:
        got = kind_for_path(str(tree / rel))
        if got is not None:
            assert got == kind, (rel, got, kind)
        elif kind in ("agent", "plugin-agent"):
            raise AssertionError(f"{rel}: discovery misses an agent file")


def _check(tree: Path, got: list) -> None:
    want = [kind for _, kind in CASES]
    wrong = [(rel, g, w) for (rel, w), g in zip(CASES, got) if g != w]
    assert not wrong, f"(path, editor's kind, expected): {wrong}"
    for (rel, _), g in zip(CASES, got):  # never narrower than the server's own discovery
        if kind_for_path(str(tree / rel)) is not None:
            assert g is not None, rel
    assert len(got) == len(want)


@pytest.mark.editor
@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed")
def test_neovim_filter(tree: Path, tmp_path: Path) -> None:
    paths = tmp_path / "paths.json"
    paths.write_text(json.dumps([str(tree / rel) for rel, _ in CASES]))
    out = tmp_path / "kinds.json"
    lua = (f"local a = require('agentls'); local ps = vim.fn.json_decode(io.open('{paths}'):read('*a')); local r = {{}}; "
           f"for i, p in ipairs(ps) do r[i] = a.kind(p) or vim.NIL end; "
           f"local f = io.open('{out}', 'w'); f:write(vim.fn.json_encode(r)); f:close()")
    subprocess.run(["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd", f"set rtp^={EDITOR_CONFIG / 'neovim'}",
                    "-c", f"lua {lua}", "-c", "qa!"], env=editor_env(fake_home_dir(tmp_path)), capture_output=True,
                   timeout=TIMEOUT_S, stdin=subprocess.DEVNULL, check=True)
    _check(tree, json.loads(out.read_text()))


@pytest.mark.editor
@pytest.mark.skipif(shutil.which("emacs") is None, reason="Emacs is not installed")
def test_emacs_filter(tree: Path, tmp_path: Path) -> None:
    paths = tmp_path / "paths.json"
    paths.write_text(json.dumps([str(tree / rel) for rel, _ in CASES]))
    out = tmp_path / "kinds.json"
    lisp = (f"(progn (require 'package) (package-initialize) (add-to-list 'load-path \"{EDITOR_CONFIG / 'emacs'}\") "
            f"(unless (require 'eglot nil t) (kill-emacs 3)) (require 'agentls) (require 'json) "
            f"(let ((ps (json-read-file \"{paths}\"))) (with-temp-file \"{out}\" "
            f"(insert (json-encode (vconcat (mapcar (function agentls-kind) ps)))))))")
    proc = subprocess.run(["emacs", "--batch", "-q", "--eval", lisp], env=editor_env(fake_home_dir(tmp_path)),
                          capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    if proc.returncode == 3:
        pytest.skip("eglot is not available to Emacs (apt-get install elpa-eglot)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    _check(tree, json.loads(out.read_text()))
