"""Fixtures of the end-to-end tests: a workspace folder and a HOME of their own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A HOME with no ~/.claude.json, so the user's own configuration never leaks in."""
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A project folder with an empty `.claude/agents/`."""
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    return root
