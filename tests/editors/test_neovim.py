"""Neovim (headless) with editor-config/neovim: diagnostics of a seed and completion in `tools`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from editor_support import (EDITOR_CONFIG, TIMEOUT_S, check_diagnostics, dump, editor_env, fake_home_dir,
                            make_workspace, scenario, server_available, server_command)

NVIM = shutil.which("nvim")
DRIVER = Path(__file__).with_name("nvim_driver.lua")

pytestmark = [
    pytest.mark.editor,
    pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim, or editor-config/ci/install.sh)"),
]


def run_nvim(tmp_path: Path, file: Path, case, settings: dict | None = None) -> dict:
    home = fake_home_dir(tmp_path)
    out = tmp_path / "nvim-result.json"
    env = editor_env(home)
    env.update({
        "AGENTLS_TEST_OUT": str(out),
        "AGENTLS_TEST_CMD": json.dumps(server_command()),
        "AGENTLS_TEST_SETTINGS": json.dumps(settings or {}),
        "AGENTLS_TEST_FILE": str(file),
        "AGENTLS_TEST_INSERT_LINE": str(case.insert_after),
        "AGENTLS_TEST_INSERT_TEXT": case.insert_text,
        "AGENTLS_TEST_TIMEOUT_MS": str(TIMEOUT_S * 1000 // 2),
    })
    cmd = [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n",
           "--cmd", f"set rtp^={EDITOR_CONFIG / 'neovim'}", "-c", f"luafile {DRIVER}"]
    proc = subprocess.run(cmd, env=env, cwd=file.parent, capture_output=True, text=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    assert out.is_file(), f"nvim wrote no result (exit {proc.returncode}): {proc.stdout}\n{proc.stderr}"
    result = json.loads(out.read_text())
    assert "error" not in result, f"nvim driver failed: {result['error']}\n{proc.stderr}"
    assert proc.returncode == 0, proc.stderr
    return result


def test_neovim_shows_seed_diagnostics_and_completes_tools(tmp_path: Path) -> None:
    why = server_available()
    if why:
        pytest.skip(why)
    case = scenario()
    root, file = make_workspace(tmp_path, case)
    result = run_nvim(tmp_path, file, case)
    assert result["client"] == "agentls"
    assert Path(result["root_dir"]) == root, "the workspace root is the folder holding .claude"
    got = [(d["code"], d["line"], d["col"], d["end_col"]) for d in result["diagnostics"]]
    check_diagnostics(case, got, f"Neovim {result['nvim']['major']}.{result['nvim']['minor']} on {case.name}")
    t001 = [d for d in result["diagnostics"] if d["code"] == "T001"]
    assert all(d["severity"] == 1 for d in t001), f"unknown tools are errors: {dump(t001)}"
    assert "Read" in result["completion"], f"completion in `tools` did not offer Read: {result['completion'][:40]}"


def test_neovim_leaves_ordinary_markdown_alone(tmp_path: Path) -> None:
    """A markdown file outside the agent paths gets no agentls client (the setup's filter)."""
    notes = tmp_path / "docs" / "notes.md"
    notes.parent.mkdir()
    notes.write_text("# Notes\n\ntools:\n  - read\n", encoding="utf-8")
    out = tmp_path / "attached.json"
    lua = (f"require('agentls').setup({{ cmd = {{ 'false' }} }}); vim.cmd('edit {notes}'); "
           f"local f = io.open('{out}', 'w'); f:write(vim.fn.json_encode({{ n = #vim.lsp.buf_get_clients(0), "
           f"agent = require('agentls').is_agent_file('{tmp_path}/ws/.claude/agents/a.md') }})); f:close()")
    subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd", f"set rtp^={EDITOR_CONFIG / 'neovim'}",
                    "-c", f"lua {lua}", "-c", "qa!"], env=editor_env(fake_home_dir(tmp_path)), capture_output=True, timeout=TIMEOUT_S,
                   stdin=subprocess.DEVNULL, check=True)
    data = json.loads(out.read_text())
    assert data == {"n": 0, "agent": True}
