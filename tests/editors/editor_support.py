"""Shared pieces of the editor tests: where the editors are, the scenario, and its expectations.

The scenario, in every editor: open an agent file with seed defects in a workspace's
`.claude/agents/`, wait for agentls' diagnostics, then add a new item to the `tools` list and ask
for completion there. The file is seed 000 when ../shared is present, else
tests/fixtures/editors/planner.md, which has the same defects on the same lines.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import FIXTURES, REPO, SEEDS, agentls_cmd, agentls_env

EDITOR_CONFIG = REPO / "editor-config"
ARTIFACTS = REPO / "tests" / "artifacts"
TOOLS = Path(os.environ.get("AGENTLS_EDITOR_TOOLS") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "agentls-editor-tools")
CODE_SERVER_VERSION = "4.99.4"
INSTALL_HINT = "run `bash editor-config/ci/install.sh`"
TIMEOUT_S = 60


@dataclass(frozen=True)
class Expected:
    """A diagnostic the editor must show: code and 0-based start (line, UTF-16 column)."""

    code: str
    line: int
    col: int
    end_col: int | None = None


@dataclass
class Case:
    name: str
    source: Path
    # The new `tools` item goes after this 1-based line (= its 0-based index once inserted).
    insert_after: int = 9
    insert_text: str = "  - Re"
    expected: list[Expected] = field(default_factory=list)
    # 0-based lines that must have no diagnostic (the comment that agrees with the grants).
    clean_lines: tuple[int, ...] = (9,)
    # Problems-panel text that shows the server has answered.
    problem_text: str = "is not a Claude Code tool"
    # Typed after the restart (code-server): completes the new item to `Read`, so the problem
    # saying that no entry resolves (T007) must go away.
    complete_to: str = "ad"
    gone_text: str = "No entry of `tools` resolves"


# EXPECTED.md, seed 000: `read`, `grep`, `glob` on L7-9 are unknown tools (error, on the item);
# L11 `mcp_servers` is not a field; the comment on L10 agrees with the grants (never flagged).
_SEED_DEFECTS = [
    Expected("T001", 6, 4, 8),
    Expected("T001", 7, 4, 8),
    Expected("T001", 8, 4, 8),
    Expected("F003", 10, 0, 11),
]


def scenario() -> Case:
    seed = SEEDS / "000_2241310e23451bf0.md"
    if seed.is_file():
        return Case("seed-000", seed, expected=list(_SEED_DEFECTS))
    return Case("fixture-planner", FIXTURES / "editors" / "planner.md", expected=list(_SEED_DEFECTS))


def make_workspace(tmp_path: Path, case: Case) -> tuple[Path, Path]:
    """A workspace folder with the case's file as `.claude/agents/<name>.md`; (root, file)."""
    root = tmp_path / "workspace"
    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True)
    target = agents / "backend-planner.md"
    shutil.copyfile(case.source, target)
    return root, target


def server_available() -> str | None:
    """Why the server cannot be started from this tree, or None when it can."""
    if os.environ.get("AGENTLS_TEST_SERVER"):
        return None
    if importlib.util.find_spec("agentls.server") is None:
        return "the language server (agentls.server) is not in this tree yet"
    return None


def server_command() -> list[str]:
    """The command that starts the server: this tree's `python -m agentls serve`.

    AGENTLS_TEST_SERVER (an executable that behaves like `agentls`) runs the tests against
    another build, an installed `agentls` for instance.
    """
    exe = os.environ.get("AGENTLS_TEST_SERVER")
    return [exe, "serve"] if exe else agentls_cmd("serve")


def editor_env(home: Path) -> dict[str, str]:
    """Environment for an editor process: this tree's agentls importable, a clean HOME."""
    env = agentls_env(home)
    env.pop("XDG_CONFIG_HOME", None)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    env["XDG_DATA_HOME"] = str(home / ".local" / "share")
    env["XDG_STATE_HOME"] = str(home / ".local" / "state")
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    return env


def fake_home_dir(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return home


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_diagnostics(case: Case, got: list[tuple[str, int, int, int | None]], context: str) -> None:
    """Every expected diagnostic is there, at its exact range; nothing on the clean lines."""
    missing = []
    for e in case.expected:
        hits = [g for g in got if g[0] == e.code and g[1] == e.line and g[2] == e.col]
        if not hits or (e.end_col is not None and all(g[3] is not None and g[3] != e.end_col for g in hits)):
            missing.append(e)
    assert not missing, f"{context}: missing {missing}; the editor showed {sorted(got, key=lambda g: (g[1], g[2]))}"
    noisy = [g for g in got if g[1] in case.clean_lines]
    assert not noisy, f"{context}: diagnostics on lines that must stay clean: {noisy}"


def dump(obj: object) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False)[:6000]


def python_version_note() -> str:
    return f"{sys.executable} ({sys.version.split()[0]})"
