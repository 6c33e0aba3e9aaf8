"""`agentls check` on one file: wall time from process start to exit, and what it imports.

    python benchmarks/check_one_file.py [--runs 20] [FILE]

Prints the wall time (min / median over the runs) next to the interpreter's own floor
(`python -c pass`) and `python -c "import pygls, lsprotocol"` (what the check path must not pay),
then the import list of one run (`python -X importtime`): whether pygls / lsprotocol /
pydantic are loaded and the slowest imports.
"""

from __future__ import annotations

import argparse
import re
import sys

import _common as c


def importtime(path: str) -> list[tuple[str, int, int]]:
    """(module, cumulative microseconds, nesting) for every import of one `agentls check` run."""
    _, proc = c.timed([sys.executable, "-X", "importtime", "-m", "agentls", "check", "--no-cache", path], environ=c.env())
    out = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            out.append((m.group(3), int(m.group(1)), (len(m.group(2)) - 1) // 2))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", help="the file to check (default: seed 004, else the bench fixture)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="3 runs (for the test suite)")
    args = ap.parse_args()
    runs = 3 if args.quick else args.runs
    path = args.file or str(c.SEED_004 if c.SEED_004.is_file() else c.FIXTURE)
    c.warm_up()
    c.header("agentls check on one file", f"python benchmarks/check_one_file.py --runs {runs} {path}")

    def series(cmd: list[str]) -> list[float]:
        times = []
        for _ in range(runs):
            t, proc = c.timed(cmd, environ=c.env())
            if proc.returncode not in (0, 1):
                print(proc.stderr, file=sys.stderr)
                raise SystemExit(f"command failed: {' '.join(cmd)}")
            times.append(t)
        return times

    floor = series([sys.executable, "-c", "pass"])
    lsp = series([sys.executable, "-c", "import pygls.server, lsprotocol.types"])
    check = series(c.agentls_cmd("check", "--no-cache", path))
    for label, times in (("python -c pass", floor), ("import pygls + lsprotocol", lsp), ("agentls check FILE", check)):
        print(f"   {label:<28} min {c.fmt_ms(min(times)):>9}  median {c.fmt_ms(c.median(times)):>9}")
    print(f"   check / interpreter floor: {c.median(check) / c.median(floor):.1f}x (median); target: check <= 200 ms")

    mods = importtime(path)
    if not mods:
        raise SystemExit("python -X importtime printed nothing")
    loaded = {name.split(".")[0] for name, _, _ in mods}
    for pkg in ("pygls", "lsprotocol", "pydantic", "markdown_it", "markdown_it_pyrs", "yaml"):
        print(f"   imports {pkg:<12} {'yes' if pkg in loaded else 'no'}")
    total = sum(us for _, us, depth in mods if depth == 0)
    top = sorted((m for m in mods if m[2] == 0), key=lambda x: -x[1])[:6]
    print(f"   imports in all: {total / 1000:.1f} ms; slowest: " + ", ".join(f"{n} {us / 1000:.1f} ms" for n, us, _ in top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
