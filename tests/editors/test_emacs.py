"""Emacs (batch) with eglot and editor-config/emacs: diagnostics of a seed and completion in `tools`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from editor_support import (EDITOR_CONFIG, TIMEOUT_S, check_diagnostics, dump, editor_env, fake_home_dir,
                            make_workspace, scenario, server_available, server_command)

EMACS = shutil.which("emacs")
DRIVER = Path(__file__).with_name("emacs_driver.el")


def _has_eglot() -> bool:
    if EMACS is None:
        return False
    probe = subprocess.run([EMACS, "--batch", "-q", "--eval", "(progn (require 'package) (package-initialize) (require 'eglot))"],
                           capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    return probe.returncode == 0


pytestmark = [
    pytest.mark.editor,
    pytest.mark.skipif(EMACS is None, reason="Emacs is not installed (apt-get install emacs-nox elpa-eglot, or editor-config/ci/install.sh)"),
]


@pytest.fixture(scope="module")
def eglot_ready() -> None:
    if not _has_eglot():
        pytest.skip("eglot is not available to Emacs (apt-get install elpa-eglot)")


def test_emacs_eglot_shows_seed_diagnostics_and_completes_tools(tmp_path: Path, eglot_ready: None) -> None:
    why = server_available()
    if why:
        pytest.skip(why)
    case = scenario()
    root, file = make_workspace(tmp_path, case)
    out = tmp_path / "emacs-result.json"
    env = editor_env(fake_home_dir(tmp_path))
    env.update({
        "AGENTLS_TEST_LOAD_PATH": str(EDITOR_CONFIG / "emacs"),
        "AGENTLS_TEST_OUT": str(out),
        "AGENTLS_TEST_CMD": json.dumps(server_command()),
        "AGENTLS_TEST_FILE": str(file),
        "AGENTLS_TEST_INSERT_LINE": str(case.insert_after),
        "AGENTLS_TEST_INSERT_TEXT": case.insert_text,
        "AGENTLS_TEST_TIMEOUT_MS": str(TIMEOUT_S * 1000 // 2),
    })
    proc = subprocess.run([EMACS, "--batch", "-q", "-l", str(DRIVER)], env=env, cwd=file.parent, capture_output=True,
                          text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    assert out.is_file(), f"emacs wrote no result (exit {proc.returncode}): {proc.stderr[-3000:]}"
    result = json.loads(out.read_text())
    assert "error" not in result, f"emacs driver failed: {result['error']}\n{proc.stderr[-3000:]}"
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert result["mode"] == "agentls-agent-mode"
    assert Path(result["root"]) == root, "the eglot project is the folder holding .claude"
    got = [(d["code"], d["line"], d["col"], d["end_col"]) for d in result["diagnostics"]]
    check_diagnostics(case, got, f"Emacs {result['emacs']} eglot on {case.name}")
    t001 = [d for d in result["diagnostics"] if d["code"] == "T001"]
    assert all(d["type"] == "eglot-error" for d in t001), f"unknown tools are errors: {dump(t001)}"
    assert "Read" in result["completion"], f"completion in `tools` did not offer Read: {result['completion'][:40]}"


def test_emacs_mode_only_for_agent_files(tmp_path: Path, eglot_ready: None) -> None:
    """Agent files (and plugin agents) open in agentls-agent-mode; other markdown does not."""
    agent = tmp_path / "ws" / ".claude" / "agents" / "a.md"
    plugin_agent = tmp_path / "plug" / "agents" / "b.md"
    notes = tmp_path / "ws" / "docs" / "agents" / "c.md"
    for p in (agent, plugin_agent, notes):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("---\nname: a\n---\n", encoding="utf-8")
    (tmp_path / "plug" / ".claude-plugin").mkdir()
    (tmp_path / "plug" / ".claude-plugin" / "plugin.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "modes.json"
    lisp = (f"(progn (require 'package) (package-initialize) (add-to-list 'load-path \"{EDITOR_CONFIG / 'emacs'}\") "
            f"(require 'agentls) (setq agentls-auto-start nil) (require 'json) "
            f"(with-temp-file \"{out}\" (insert (json-encode (mapcar (lambda (f) (with-current-buffer (find-file-noselect f) "
            f"(symbol-name major-mode))) (list \"{agent}\" \"{plugin_agent}\" \"{notes}\"))))))")
    subprocess.run([EMACS, "--batch", "-q", "--eval", lisp], env=editor_env(fake_home_dir(tmp_path)), capture_output=True,
                   timeout=TIMEOUT_S, stdin=subprocess.DEVNULL, check=True)
    modes = json.loads(out.read_text())
    assert modes[0] == modes[1] == "agentls-agent-mode"
    assert modes[2] != "agentls-agent-mode"
