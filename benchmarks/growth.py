"""Growth: what `agentls check` costs per file as a project grows, and the server's memory with a
large workspace, in one table.

    python benchmarks/growth.py [--sizes 10,100,1000,10000] [--server-files 5000] [--jobs 1]

For each size, a project (`.claude/agents/`, copies of the corpus files, each under a name of its
own) is checked: cold (`--no-cache`), then once to fill `.agentls_cache/` and again, warm; then
one file of it, cold and warm. Each figure is wall time and wall time per file; linear growth
means the per-file figure stays flat. Then `agentls serve` is started on a project of
`--server-files` files and left to index it and check every file in the background
(`diagnostics.scope: "workspace"`): the resident memory of the server and of its worker process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

import _common as c
import _lsp


def make_project(root: Path, n: int) -> list[Path]:
    sources = c.corpus_files()
    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True)
    (root / ".git").mkdir()
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dest = agents / f"{i:05d}-{src.name}"
        dest.write_bytes(src.read_bytes())
        out.append(dest)
    return out


def check(root: Path, *args: str) -> float:
    wall, proc = c.timed(c.agentls_cmd("check", "--jobs", JOBS, *args), cwd=str(root))
    if proc.returncode not in (0, 1):
        raise SystemExit(f"agentls check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall


JOBS = "1"


def row(n: int) -> str:
    with tempfile.TemporaryDirectory(prefix="agentls-growth-") as tmp:
        root = Path(tmp)
        files = make_project(root, n)
        cold = check(root, "--no-cache", ".")
        check(root, ".")
        warm = check(root, ".")
        one = str(files[len(files) // 2].relative_to(root))
        one_cold = check(root, "--no-cache", one)
        check(root, one)
        one_warm = check(root, one)
    per = lambda s: f"{s * 1000 / n:7.2f} ms"  # noqa: E731
    return (f"| {n:>6} | {cold:6.2f} s | {per(cold)} | {warm:6.2f} s | {per(warm)} | "
            f"{one_cold * 1000:5.0f} ms | {one_warm * 1000:5.0f} ms |")


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory (MB) of a process and of its child processes together."""
    own, _ = _lsp.rss_mb(pid)
    children = 0.0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                children += _lsp.rss_mb(int(child))[0]
    except OSError:
        pass
    return own, children


async def server_memory(n: int) -> str:
    with tempfile.TemporaryDirectory(prefix="agentls-growth-") as tmp:
        root = Path(tmp) / "project"
        home = Path(tmp) / "home"
        home.mkdir()
        files = make_project(root, n)
        uris = {p.resolve().as_uri() for p in files}
        t0 = time.perf_counter()
        client, _, _ = await _lsp.start(root, {"diagnostics": {"scope": "workspace"}}, home)
        try:
            await client.until_published(uris, timeout=max(120.0, n / 20))
            took = time.perf_counter() - t0
            own, children = tree_rss_mb(client.pid)
        finally:
            await _lsp.stop(client)
    return (f"   server with {n} agent files in the workspace: every file checked in the background and published "
            f"{took:.1f} s after start; resident memory {own:.1f} MB (server) + {children:.1f} MB (its worker process)")


def main() -> int:
    global JOBS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10,100,1000,10000")
    ap.add_argument("--server-files", type=int, default=5000)
    ap.add_argument("--jobs", default="1", help="`agentls check --jobs` (1: one process, so the per-file figures compare)")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (for the test suite)")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.server_files = "5,10", 10
    JOBS = args.jobs
    c.warm_up()
    c.header("growth: agentls check per file, cold and warm, and the server's memory",
             "python benchmarks/growth.py" + (" --quick" if args.quick else f" --sizes {args.sizes} --server-files {args.server_files} --jobs {args.jobs}"))
    print("| files | cold | per file | warm | per file | one file, cold | one file, warm |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in (int(s) for s in args.sizes.split(",") if s):
        print(row(n), flush=True)
    if args.server_files:
        print(asyncio.run(server_memory(args.server_files)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
