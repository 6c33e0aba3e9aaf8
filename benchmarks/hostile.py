"""Worst-case inputs near the 2 MB size limit: how long one parse + analysis takes, and how it scales.

Each shape is generated at a quarter of the size and at the full size; a ratio well above 4 means
the time grows faster than the text (a hang in the making). Prints one line per shape.

    python benchmarks/hostile.py [--mb 1.9]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))

from agentls.analysis import analyze  # noqa: E402
from agentls.document import parse_document  # noqa: E402
from agentls.document.body import parse_body  # noqa: E402
from agentls.document.frontmatter import parse_frontmatter  # noqa: E402

HEAD = "---\nname: a\ndescription: b\n"


def _fill(unit: str, size: int, head: str = HEAD, tail: str = "---\nBody.\n") -> str:
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


SHAPES = {
    "entries after an unclosed quote (partial reading)": lambda n: _fill("k: v\n", n, "---\nname: a\ndescription: \"open\n"),
    "values with `: ` (lenient reading)": lambda n: _fill("k: a: b\n", n),
    "one huge tools string": lambda n: HEAD + "tools: " + ", ".join(f"Tool{i}" for i in range(n // 9)) + "\n---\nBody.\n",
    "block tools list": lambda n: _fill("  - Raed\n", n, HEAD + "tools:\n"),
    "mojibake run": lambda n: HEAD + "---\n" + "Ã©" * (n // 2) + "\n",
    "glued headings": lambda n: HEAD + "---\n" + "text.## Glued\n" * (n // 14),
    "duplicate headings": lambda n: HEAD + "---\n" + "".join(f"## H{i % 50}\n" for i in range(n // 7)),
    "one line of backticks": lambda n: HEAD + "---\n" + "a `b` " * (n // 6) + "\n",
    "unclosed example tags": lambda n: HEAD + "---\n" + "<example>\n" * (n // 10),
    "suppression comments": lambda n: HEAD + "---\n" + "<!-- agentls-disable T001 -->\n" * (n // 30),
    "nested flow collections": lambda n: HEAD + "x: " + "[" * 60 + "a, " * (n // 3) + "]" * 60 + "\n---\nB\n",
    "anchors and aliases": lambda n: HEAD + "".join(f"k{i}: &a{i} [x]\nl{i}: *a{i}\n" for i in range(n // 24)) + "---\nB\n",
    "no frontmatter, one long line": lambda n: "x" * n,
    "CR-only line ends": lambda n: _fill("k: v\r", n).replace("\n", "\r"),
}


def _time(text: str) -> float:
    parse_frontmatter.cache_clear()
    parse_body.cache_clear()
    t = time.perf_counter()
    analyze(parse_document(text, path="/w/.claude/agents/a.md"))
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.9, help="full size in MB (default 1.9, under the 2 MB limit)")
    args = ap.parse_args()
    full = int(args.mb * 1024 * 1024)
    print(f"{'shape':52} {'size':>9} {'quarter':>9} {'full':>9} {'ratio':>6}")
    worst = 0.0
    for name, make in SHAPES.items():
        small, big = make(full // 4), make(full)
        a, b = _time(small), _time(big)
        worst = max(worst, b)
        print(f"{name:52} {len(big) / 1048576:8.2f}M {a:8.3f}s {b:8.3f}s {b / max(a, 1e-6):6.1f}", flush=True)
    print(f"slowest full-size input: {worst:.2f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
