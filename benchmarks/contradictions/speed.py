"""Time of the contradiction analysis on the largest seed file (23 KB): cold, after a one-character
edit in the body (what a keystroke costs), and unchanged (cached).

    python benchmarks/contradictions/speed.py   (reads ../shared, or $AGENTLS_SHARED)
"""

from __future__ import annotations

import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "server"))

from agentls.analysis.config import Config  # noqa: E402
from agentls.analysis.context import Context  # noqa: E402
from agentls.analysis.rules import contradiction  # noqa: E402
from agentls.document import parse_document  # noqa: E402


def _run(text: str) -> float:
    doc = parse_document(text)
    t0 = time.perf_counter()
    contradiction.check(Context(doc, Config()))
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    shared = os.environ.get("AGENTLS_SHARED") or os.path.join(os.path.dirname(REPO), "shared")
    path = os.path.join(shared, "seeds", "004_38ce5ffa682eb3e1.md")
    if not os.path.exists(path):
        print(f"{path} not found (set AGENTLS_SHARED)", file=sys.stderr)
        return 2
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    first = _run(text)  # includes compiling patterns and loading the MCP catalog
    mid = len(text) // 2
    keystrokes = [_run(text[:mid] + "x" * k + text[mid:]) for k in range(1, 41)]
    cached = [_run(text) for _ in range(20)]
    print(f"{os.path.basename(path)} ({len(text.encode())} bytes), contradiction rules C001-C006")
    print(f"  first run in the process: {first:.1f} ms")
    print(f"  after a one-character edit: min {min(keystrokes):.1f} ms, median {statistics.median(keystrokes):.1f} ms, max {max(keystrokes):.1f} ms")
    print(f"  unchanged text (cached directives): min {min(cached):.1f} ms, median {statistics.median(cached):.1f} ms")
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
