"""The reliability tests drive the server with the end-to-end helpers of tests/lsp."""

from __future__ import annotations

import sys
from pathlib import Path

_LSP = str(Path(__file__).resolve().parent.parent / "lsp")
if _LSP not in sys.path:
    sys.path.insert(0, _LSP)
