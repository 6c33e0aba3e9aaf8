"""Start-up: process start to the `initialize` result, agentls next to a minimal pygls server.

    python benchmarks/lsp_startup.py [--runs 15]

The floor is a pygls server that registers nothing (it imports pygls and lsprotocol and
answers `initialize`), started the same way by the same client. Prints min / median of each,
the CPU time each server process used until it answered (steadier than wall time on a busy
machine), and the ratios (target: agentls within 1.2x of the floor).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import _common as c
import _lsp

MINIMAL = '''
from pygls.lsp.server import LanguageServer
LanguageServer("minimal", "1").start_io()
'''


async def series(cmd: list[str], root: Path, home: Path, runs: int, cpu: list[float]) -> list[float]:
    times = []
    for _ in range(runs):
        client, _, ready = await _lsp.start(root, None, home, cmd=cmd)
        cpu.append(_lsp.cpu_seconds(client.pid))  # the server's own CPU time up to its answer
        times.append(ready)
        await _lsp.stop(client)
    return times


async def amain(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="agentls-start-") as tmp:
        root = Path(tmp) / "project"
        (root / ".claude" / "agents").mkdir(parents=True)
        home = Path(tmp) / "home"
        home.mkdir()
        minimal = Path(tmp) / "minimal_server.py"
        minimal.write_text(MINIMAL)
        fcpu: list[float] = []
        ocpu: list[float] = []
        agentls = [sys.executable, "-m", "agentls", "serve", "--log-level", "warning"]
        floor = await series([sys.executable, str(minimal)], root, home, runs, fcpu)
        ours = await series(agentls, root, home, runs, ocpu)
        # interleave a second round, so a burst of load on the machine hits both alike
        floor += await series([sys.executable, str(minimal)], root, home, runs, fcpu)
        ours += await series(agentls, root, home, runs, ocpu)
    for label, t, u in (("minimal pygls server", floor, fcpu), ("agentls serve", ours, ocpu)):
        print(f"   {label:<22} process start -> initialize result: min {c.fmt_ms(min(t)):>9}  median {c.fmt_ms(c.median(t)):>9};"
              f"  server CPU until then: median {c.fmt_ms(c.median(u))}")
    print(f"   agentls / minimal pygls server: wall {c.median(ours) / c.median(floor):.2f}x (medians), {min(ours) / min(floor):.2f}x (minima);"
          f" CPU {c.median(ocpu) / c.median(fcpu):.2f}x (medians); target <= 1.2x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="runs of each server, twice over")
    ap.add_argument("--quick", action="store_true", help="2 runs (for the test suite)")
    args = ap.parse_args()
    runs = 1 if args.quick else args.runs
    c.warm_up()
    c.header("start-up: process start to the initialize result", f"python benchmarks/lsp_startup.py --runs {runs}")
    asyncio.run(amain(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
