"""Shared test helpers: paths, the shared material (seeds, corpus), and how to start agentls.

Import it as `from support import ...` (pytest puts tests/ on the path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("AGENTLS_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (plain clone)")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (plain clone)")


def agentls_env(home: str | os.PathLike | None = None) -> dict[str, str]:
    """Environment for an agentls subprocess: this tree's package first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "server"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if home is not None:
        env["HOME"] = str(home)
    return env


def agentls_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "agentls", *args]

SEED_NAMES = ("000_2241310e23451bf0.md", "001_778f8d6350f71607.md", "002_fcf1d91c52c69a3e.md", "003_9f2bc344d927b32e.md", "004_38ce5ffa682eb3e1.md")


def check_seeds(root: Path) -> dict:
    """Copy the seeds into `root/.claude/agents/`, run `agentls check` with an empty HOME, and
    return the results by file name."""
    import shutil

    from agentls.cli import run_check

    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("0*.md")):
        shutil.copy(f, agents / f.name)
    home = root / "home"
    home.mkdir(exist_ok=True)
    results, _ = run_check([str(root)], home=str(home))
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


def body_model(p) -> tuple:
    """Everything a parsed markdown body holds, in comparable form (blocks, code spans, code and
    example lines, top-level blocks, line starts)."""
    return (
        [(b.kind, b.line, b.end_line, b.level, b.text, b.ordered) for b in p.blocks],
        [(c.line, c.start, c.end, c.text) for c in p.code_spans],
        sorted(p.code_lines),
        sorted(p.example_lines),
        list(p.tops),
        p.index.starts,
    )

