"""Fixtures of the end-to-end tests: a workspace folder of their own (and `home`, from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A project folder with an empty `.claude/agents/`."""
    root = tmp_path / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    return root
