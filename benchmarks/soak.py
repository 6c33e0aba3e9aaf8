"""Soak: 10,000 edits through a real client over stdio, sampling memory and latency, and the drift.

    python benchmarks/soak.py [--edits 10000] [--window 1000] [--delay 0]

`agentls serve` runs on a workspace holding seed 004 (or the bundled sample agent). The client
types the way a person does, as incremental `didChange`s: a phrase typed at the end of the
`description`, in the middle of the body, into the `tools` list and on a new body line (with
astral characters and CRLF-free line breaks), each followed by as many backspaces, so the
text comes back to where it started every cycle and memory has no reason to grow. Every tenth
edit also asks for a hover or a completion at the cursor.

For each window of edits it prints the server's resident memory (VmRSS) and the latency from
an edit to the `publishDiagnostics` of that version (p50 / p99 / max, with `diagnostics.delay` 0),
and the request round trip; then the drift between the first window (after warm-up) and the
last, and whether the final diagnostics equal the first ones (the text is the same again). The
client's own garbage collector is paused while it times and runs between windows.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import tempfile
import time
from pathlib import Path

import _common as c
import _lsp
from lsprotocol import types

PHRASES = [
    ("description", " Use it after every change 😀 to the API."),
    ("body", "Check the diff𝔘 line by line, then report."),
    ("tools", ", Grep, WebFetch, mcp__github__get_me"),
    ("newline", "\n## Extra section\n\nMore words here.\n"),
]


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def _anchors(text: str) -> dict[str, tuple[int, int]]:
    """(line, UTF-16 column) where each phrase is typed."""
    lines = text.split("\n")
    fm_end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    desc = next((i for i in range(1, fm_end) if lines[i].startswith("description:")), 1)
    tools = next((i for i in range(1, fm_end) if lines[i].startswith("tools:")), desc)
    mid = fm_end + max(1, (len(lines) - fm_end) // 2)
    body = next((i for i in range(mid, len(lines)) if lines[i].strip()), fm_end + 1)
    return {
        "description": (desc, _utf16(lines[desc])),
        "tools": (tools, _utf16(lines[tools])),
        "body": (body, _utf16(lines[body])),
        "newline": (body, 0),
    }


def _script(text: str, edits: int):
    """(range, new text) of each edit: type a phrase one character at a time, then delete it
    with backspaces, at each anchor in turn; at least `edits` edits, ending with a phrase
    deleted (the text is then the one it started from)."""
    anchors = _anchors(text)
    n = 0
    while True:
        for where, phrase in PHRASES:
            if n >= edits:
                return
            line, col = anchors[where]
            typed: list[tuple[int, int]] = []  # (line, col) before each typed character
            cl, cc = line, col
            for ch in phrase:
                pos = types.Position(line=cl, character=cc)
                yield types.Range(start=pos, end=pos), ch
                n += 1
                typed.append((cl, cc))
                cl, cc = (cl + 1, 0) if ch == "\n" else (cl, cc + _utf16(ch))
            for (sl, sc) in reversed(typed):  # backspace: remove the character before the cursor
                yield types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=cl, character=cc)), ""
                n += 1
                cl, cc = sl, sc


def _ms(values: list[float]) -> str:
    if not values:
        return "      -"
    return f"{statistics.median(values):6.2f} / {c.pct(values, 99):6.2f} / {max(values):7.2f}"


async def amain(edits: int, window: int, delay: int, text: str, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="agentls-soak-") as tmp:
        root = Path(tmp) / "project"
        home = Path(tmp) / "home"
        home.mkdir()
        path = root / ".claude" / "agents" / "soak.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        (root / ".git").mkdir()
        client, _, _ = await _lsp.start(root, {"diagnostics": {"delay": delay}}, home)
        rows = []
        version = 1
        try:
            uri = client.open(path, text)
            await client.diagnostics(uri, 1)
            first_diags = client.arrived[(uri, 1)][1]
            rss0, _ = _lsp.rss_mb(client.pid)
            lat: list[float] = []
            req: list[float] = []
            version = 1
            t_start = time.perf_counter()
            cursor = types.Position(line=0, character=0)
            paused = c.client_gc_paused()  # the client's own collections are not the server's latency
            paused.__enter__()
            for rng, new in _script(text, edits):
                version += 1
                t0 = time.perf_counter()
                client.text_document_did_change(types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)]))
                if delay == 0:
                    lat.append((await client.diagnostics(uri, version) - t0) * 1000)
                cursor = rng.start
                if version % 10 == 0:
                    ident = types.TextDocumentIdentifier(uri=uri)
                    t1 = time.perf_counter()
                    if version % 20 == 0:
                        await client.text_document_hover_async(types.HoverParams(text_document=ident, position=cursor))
                    else:
                        await client.text_document_completion_async(types.CompletionParams(text_document=ident, position=cursor))
                    req.append((time.perf_counter() - t1) * 1000)
                if (version - 1) % window == 0:
                    rss, peak = _lsp.rss_mb(client.pid)
                    rows.append((version - 1, rss, peak, lat, req, time.perf_counter() - t_start))
                    lat, req = [], []
                    gc.collect()  # the client's garbage, between edits: outside every timing
            paused.__exit__(None, None, None)
            if lat or req:
                rss, peak = _lsp.rss_mb(client.pid)
                rows.append((version - 1, rss, peak, lat, req, time.perf_counter() - t_start))
            # the text is back where it started (or close): the last diagnostics, once settled
            await client.diagnostics(uri, version)
            last_diags = client.arrived[(uri, version)][1]
        finally:
            await _lsp.stop(client)
    print(f"   document: {name} ({len(text)} characters); diagnostics.delay {delay} ms; {version - 1} edits")
    print(f"   resident memory after opening: {rss0:6.1f} MB")
    print(f"   {'edits':>7} {'RSS MB':>7} {'peak':>7}   edit -> diagnostics p50 / p99 / max ms   request p50 / p99 / max ms   elapsed")
    for done, rss, peak, lat_w, req_w, el in rows:
        print(f"   {done:7d} {rss:7.1f} {peak:7.1f}   {_ms(lat_w):>34}     {_ms(req_w):>26}   {el:6.1f} s")
    if len(rows) >= 2:
        base = rows[1] if len(rows) > 2 else rows[0]  # the first window warms up caches
        last = rows[-1]
        lat_b = statistics.median(base[3]) if base[3] else float("nan")
        lat_l = statistics.median(last[3]) if last[3] else float("nan")
        req_b = statistics.median(base[4]) if base[4] else float("nan")
        req_l = statistics.median(last[4]) if last[4] else float("nan")
        per_k = (last[1] - base[1]) / max(1, (last[0] - base[0]) / 1000)
        print(f"   drift from {base[0]} to {last[0]} edits: memory {last[1] - base[1]:+.1f} MB ({per_k:+.2f} MB per 1000 edits), "
              f"edit latency p50 {lat_b:.2f} -> {lat_l:.2f} ms, request p50 {req_b:.2f} -> {req_l:.2f} ms")
    print(f"   diagnostics at the start {first_diags}, at the end {last_diags}"
          f" ({'same count' if first_diags == last_diags else 'different: the text did not come back'})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=10_000)
    ap.add_argument("--window", type=int, default=1000, help="edits per sample (default 1000)")
    ap.add_argument("--delay", type=int, default=0, help="diagnostics.delay in ms (0: time every edit)")
    ap.add_argument("--quick", action="store_true", help="300 edits in windows of 100 (for the test suite)")
    args = ap.parse_args()
    if args.quick:
        args.edits, args.window = 300, 100
    source = c.SEED_004 if c.SEED_004.is_file() else c.FIXTURE
    text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
    c.header("soak: edits through a real client, memory and latency drift",
             f"python benchmarks/soak.py --edits {args.edits} --window {args.window} --delay {args.delay}")
    asyncio.run(amain(args.edits, args.window, args.delay, text, source.name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
