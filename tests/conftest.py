"""Fixtures shared by every test folder (helpers live in support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A HOME folder with no ~/.claude.json (passed to what reads it; the environment is left alone)."""
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME with no ~/.claude.json, so user configuration never leaks into a test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    return home
