"""The reliability tests drive the server with the end-to-end helpers of tests/lsp."""

from __future__ import annotations

import sys
from pathlib import Path

_LSP = str(Path(__file__).resolve().parent.parent / "lsp")
if _LSP not in sys.path:
    sys.path.insert(0, _LSP)


def _lsp_fixtures():
    """The workspace fixture of tests/lsp (`ws`), shared rather than copied (`home` is in tests/conftest.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lsp_conftest", Path(_LSP) / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ws


ws = _lsp_fixtures()
