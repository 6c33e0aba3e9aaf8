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
