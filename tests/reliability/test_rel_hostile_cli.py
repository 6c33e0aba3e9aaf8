"""Hostile input for `agentls check`: bombs, deep nesting, huge, binary and broken files, and
discovery through loops, pipes and unreadable places. Each answers with a clear message and
the run ends by itself (every subprocess has a timeout: a hang fails the test)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import agentls_cmd, agentls_env

TIMEOUT = 120  # a guard against hangs, not a speed target (speed: benchmarks/hostile.py)
AGENT = "---\nname: {name}\ndescription: Reviews code.\n---\n\nReview the diff.\n"


def check(*args: str, cwd: Path, home: Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(prefix or []), *agentls_cmd("check", *args)], cwd=cwd, env=agentls_env(home),
                          capture_output=True, text=True, timeout=TIMEOUT)


def findings(*args: str, cwd: Path, home: Path) -> list[dict]:
    p = check("--format", "json", *args, cwd=cwd, home=home)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)


@pytest.fixture
def ws(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "ws"
    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True)
    (agents / "good.md").write_text(AGENT.format(name="good"))
    home = tmp_path / "home"
    home.mkdir()
    return root, agents, home


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["lol0: &lol0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * width) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize("bomb", [
    billion_laughs(),
    billion_laughs(30, 2),  # 2^30 nodes through long chains
    "x: &x [" + ", ".join(["y"] * 300) + "]\nz: [" + ", ".join(["*x"] * 300) + "]",  # quadratic
])
def test_alias_bomb_is_reported_not_expanded(ws, bomb):
    root, agents, home = ws
    (agents / "bomb.md").write_text(f"---\nname: bomb\ndescription: Boom.\n{bomb}\n---\n\nBody.\n")
    items = findings(str(agents / "bomb.md"), cwd=root, home=home)
    s006 = [i for i in items if i["code"] == "S006"]
    assert len(s006) == 1 and "alias" in s006[0]["message"], items
    assert s006[0]["range"]["start"]["line"] == 0  # on the opening `---`
    assert s006[0]["severity"] == "error"


def test_anchors_in_a_normal_file_are_fine(ws):
    root, agents, home = ws
    (agents / "anchors.md").write_text("---\nname: anchors\ndescription: &d Reviews code.\ninitialPrompt: *d\n---\n\nBody.\n")
    items = findings(str(agents / "anchors.md"), cwd=root, home=home)
    assert not [i for i in items if i["code"].startswith("S")], items


@pytest.mark.parametrize("nest", [
    "x: " + "[" * 100_000 + "]" * 100_000,  # flow sequences
    "x: " + "{a: " * 20_000 + "}" * 20_000,  # flow mappings
    "x:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(500)),  # block mappings
    "x:\n" + "".join(" " * (i + 1) + "-\n" for i in range(500)),  # block sequences
], ids=["flow-sequences", "flow-mappings", "block-mappings", "block-sequences"])  # short ids: pytest puts the
# test id in PYTEST_CURRENT_TEST, and a 200 KB environment string is refused by exec
def test_deep_nesting_is_cut_off_with_a_diagnostic(ws, nest):
    root, agents, home = ws
    (agents / "deep.md").write_text(f"---\nname: deep\ndescription: Deep.\n{nest}\n---\n\nBody.\n")
    items = findings(str(agents / "deep.md"), cwd=root, home=home)
    s006 = [i for i in items if i["code"] == "S006"]
    assert len(s006) == 1 and "nesting deeper than 64 levels" in s006[0]["message"], items
    # the fields before the deep value are still read
    assert not [i for i in items if i["code"] == "F001"], items


def test_twenty_megabytes_are_refused_with_the_size(ws):
    root, agents, home = ws
    with open(agents / "huge.md", "w") as fh:
        fh.write("---\nname: huge\ndescription: Huge.\n---\n")
        fh.write(("All work and no play. " * 46 + "\n") * 20_000)  # ~20 MB
    assert (agents / "huge.md").stat().st_size > 20_000_000
    p = check(cwd=root, home=home)
    assert p.returncode == 1
    line = next(ln for ln in p.stdout.splitlines() if "huge.md" in ln)
    assert "E003" in line and "MB, larger than the 2 MB limit" in line, p.stdout
    assert "good.md" not in p.stdout  # the other file is still checked (and clean)
    assert "in 2 files" in p.stdout.splitlines()[-1]


def test_binary_file_is_refused(ws):
    root, agents, home = ws
    (agents / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    items = findings(cwd=root, home=home)
    e003 = [i for i in items if i["code"] == "E003"]
    assert len(e003) == 1 and e003[0]["path"].endswith("image.md")
    assert "binary file" in e003[0]["message"]


def test_invalid_utf8_names_the_byte_and_line(ws):
    root, agents, home = ws
    (agents / "latin1.md").write_bytes("---\nname: latin\ndescription: Caf\xe9 reviewer.\n---\n\nBody.\n".encode("latin-1"))
    p = check(cwd=root, home=home)
    assert p.returncode == 1
    assert "latin1.md: error E003 cannot check this file: not valid UTF-8 (byte 0xe9 on line 3); re-save the file as UTF-8" in p.stdout


def test_symlink_loops_are_skipped_with_a_note(ws):
    root, agents, home = ws
    os.symlink("loop-b.md", agents / "loop-a.md")
    os.symlink("loop-a.md", agents / "loop-b.md")
    os.symlink(".", agents / "again")  # a folder loop: never followed
    os.symlink("..", agents / "parent")
    os.symlink("missing.md", agents / "dangling.md")
    p = check(cwd=root, home=home)
    notes = [ln for ln in p.stdout.splitlines() if ln.startswith("note: ")]
    assert any("loop-a.md: skipped (symbolic link loop)" in n for n in notes), p.stdout
    assert any("loop-b.md: skipped (symbolic link loop)" in n for n in notes), p.stdout
    assert any("dangling.md: skipped (broken symbolic link)" in n for n in notes), p.stdout
    assert p.stdout.splitlines()[-1] == "No problems in 1 file.", p.stdout
    assert p.returncode == 0


def test_named_pipe_and_device_never_block(ws):
    root, agents, home = ws
    os.mkfifo(agents / "pipe.md")
    os.symlink("/dev/zero", agents / "zero.md")
    p = check(cwd=root, home=home)
    assert "pipe.md: skipped (not a regular file)" in p.stdout
    assert "zero.md: skipped (not a regular file)" in p.stdout
    assert p.returncode == 0
    named = check(str(agents / "pipe.md"), cwd=root, home=home)  # named explicitly: an error, still no wait
    assert "not a regular file" in named.stdout and named.returncode == 1


def _without_root_powers() -> list[str] | None:
    """A command prefix under which file permissions apply (root ignores them otherwise)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    probe = subprocess.run([setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "true"], capture_output=True)
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"] if probe.returncode == 0 else None


def test_unreadable_files_and_folders_are_skipped_with_a_note(ws):
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be denied")
    root, agents, home = ws
    locked = agents / "locked.md"
    locked.write_text(AGENT.format(name="locked"))
    closed = agents / "closed"
    closed.mkdir()
    (closed / "inner.md").write_text(AGENT.format(name="inner"))
    locked.chmod(0)
    closed.chmod(0)
    try:
        p = check(cwd=root, home=home, prefix=prefix)
        named = check(str(locked), cwd=root, home=home, prefix=prefix)
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    assert "locked.md: skipped (not readable: permission denied)" in p.stdout, p.stdout
    assert "closed: skipped (Permission denied)" in p.stdout, p.stdout
    assert p.stdout.splitlines()[-1] == "No problems in 1 file.", p.stdout
    assert "locked.md: error E003 cannot check this file: cannot read (Permission denied)" in named.stdout


def test_nul_and_control_characters_inside_text(ws):
    root, agents, home = ws
    (agents / "ctl.md").write_text("---\nname: ctl\ndescription: Has a bell\x07 here: yes\n---\n\nBody \x1b[31m red.\n")
    items = findings(str(agents / "ctl.md"), cwd=root, home=home)
    s001 = [i for i in items if i["code"] == "S001"]
    assert s001 and s001[0]["range"]["start"] == {"line": 2, "character": 13 + len("Has a bell")}, s001
    assert "control character U+0007" in s001[0]["message"]
    assert s001[0]["fixes"] and "\\x07" in s001[0]["fixes"][0]["edits"][0]["newText"]


def test_fix_on_hostile_files_writes_nothing_it_cannot_read(ws):
    root, agents, home = ws
    (agents / "image.md").write_bytes(b"\x00\x01binary")
    (agents / "latin1.md").write_bytes("name: caf\xe9\n".encode("latin-1"))
    before = {p.name: p.read_bytes() for p in agents.iterdir()}
    check("--fix", cwd=root, home=home)
    assert {p.name: p.read_bytes() for p in agents.iterdir()} == before
