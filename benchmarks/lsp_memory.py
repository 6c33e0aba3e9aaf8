"""Resident memory of `agentls serve` with every corpus file open (a real client over stdio).

    python benchmarks/lsp_memory.py [--files N]

The corpus files are copied into one workspace (`<folder>/.claude/agents/<file>.md`), the
server indexes it, then the client opens every file and waits for its diagnostics. Prints the
server's resident memory (VmRSS) after start-up, after indexing, and with everything open,
and the peak (VmHWM). Target: at most 150 MB with the 688 corpus files open.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import _common as c
import _lsp


async def amain(limit: int | None) -> None:
    files = c.corpus_files(limit)
    base = c.CORPUS if c.CORPUS.is_dir() else files[0].parent
    with tempfile.TemporaryDirectory(prefix="agentls-mem-") as tmp:
        root = Path(tmp) / "project"
        home = Path(tmp) / "home"
        home.mkdir()
        targets = []
        for f in files:
            rel = f.relative_to(base) if f.is_relative_to(base) else Path(f.name)
            dest = root / "__".join(rel.parent.parts or ("root",)) / ".claude" / "agents" / f.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, dest)
            targets.append(dest)
        (root / ".git").mkdir()
        client, _, _ = await _lsp.start(root, {"diagnostics": {"delay": 0}}, home)
        try:
            start_rss, _ = _lsp.rss_mb(client.pid)
            # a first file open and checked means the workspace index is built
            uri = client.open(targets[0], targets[0].read_text(encoding="utf-8"))
            await client.diagnostics(uri, 1)
            indexed_rss, _ = _lsp.rss_mb(client.pid)
            t0 = time.perf_counter()
            uris = [client.open(p, p.read_text(encoding="utf-8")) for p in targets[1:]]
            for u in uris:
                await client.diagnostics(u, 1)
            took = time.perf_counter() - t0
            rss, peak = _lsp.rss_mb(client.pid)
            total = sum(n for (u, v), (_, n) in client.arrived.items() if v == 1)
        finally:
            await _lsp.stop(client)
    print(f"   resident memory after initialize:           {start_rss:6.1f} MB")
    print(f"   resident memory with the workspace indexed: {indexed_rss:6.1f} MB")
    print(f"   resident memory with {len(targets)} files open:        {rss:6.1f} MB (peak {peak:.1f} MB); target <= 150 MB")
    print(f"   opening and checking them took {took:.2f} s ({len(targets) / took:.0f} files/s, {total} diagnostics)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=0, help="open only the first N corpus files")
    ap.add_argument("--quick", action="store_true", help="5 files (for the test suite)")
    args = ap.parse_args()
    limit = 5 if args.quick else (args.files or None)
    c.warm_up()
    c.header("resident memory of the server with the corpus open", "python benchmarks/lsp_memory.py" + (f" --files {limit}" if limit else ""))
    asyncio.run(amain(limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
