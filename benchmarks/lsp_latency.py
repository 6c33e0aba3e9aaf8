"""Latency at the cursor, measured with a real client over stdio against `agentls serve`.

    python benchmarks/lsp_latency.py [--edits 150] [--requests 200] [--sizes 100000,1000000,4000000] [--background 1000]

With `diagnostics.delay` 0, types one character per `didChange` (an incremental edit, as
editors send) into the body and into the frontmatter `description` of seed 004, and times each
edit from sending it to receiving the `publishDiagnostics` of that version: p50 / p99. Then the
same on generated files of the given sizes (fewer edits), then completion and hover requests
on seed 004 (round trip of each request). Then the keystrokes on seed 004 again while the
server checks `--background` other agent files of the workspace (copies of the corpus files) in
the background (`diagnostics.scope: "workspace"`), with how many of them were published while the
keystrokes were timed; and again with a `--big` document (1.9 MB by default) open in the same
server. The client's own garbage collector is paused while it times
(`_common.client_gc_paused`): its collections are not the server's latency.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import _common as c
import _lsp
from lsprotocol import types

PHRASE = "keep every keystroke fast while the whole file is checked again "


def _places(text: str) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]:
    """(body line, col) to type at, (description line, end col), (tools line, end col), (model line, col)."""
    lines = text.split("\n")
    head, _ = c.split_body(text)
    fm_lines = head.count("\n")
    mid = fm_lines + (len(lines) - fm_lines) // 2
    body_line = next((i for i in range(mid, len(lines)) if not lines[i].strip()), len(lines) - 1)
    desc = next((i for i in range(fm_lines) if lines[i].startswith("description:")), 1)
    tools = next((i for i in range(fm_lines) if lines[i].startswith("tools:")), desc)
    model = next((i for i in range(fm_lines) if lines[i].startswith("model:")), tools)
    return (body_line, 0), (desc, len(lines[desc])), (tools, len(lines[tools])), (model, len(lines[model]))


async def keystrokes(client: _lsp.BenchClient, uri: str, version: int, where: tuple[int, int], count: int) -> tuple[list[float], int]:
    line, col = where
    times = []
    for i in range(count):
        version += 1
        ch = PHRASE[i % len(PHRASE)]
        t0 = time.perf_counter()
        client.insert(uri, version, line, col, ch)
        arrived = await client.diagnostics(uri, version)
        times.append((arrived - t0) * 1000)
        col += 1
    return times, version


def _background_files(agents: Path, n: int) -> set[str]:
    """`n` other agent files (copies of the corpus files, each named after its copy): their URIs."""
    sources = c.corpus_files()
    uris = set()
    for i in range(n):
        src = sources[i % len(sources)]
        path = agents / f"bg-{i:05d}-{src.name}"
        path.write_bytes(src.read_bytes())
        uris.add(path.resolve().as_uri())
    return uris


async def sample(name: str, text: str, edits: int, requests: int, home: Path, background: int = 0, big: int = 0) -> None:
    with tempfile.TemporaryDirectory(prefix="agentls-lsp-") as tmp:
        root = Path(tmp)
        path = root / ".claude" / "agents" / "bench.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        others = _background_files(path.parent, background)
        scope = "workspace" if background else "open"
        client, _, _ = await _lsp.start(root, {"diagnostics": {"delay": 0, "scope": scope}}, home)
        try:
            if big:  # a large document open (and checked) in the same server first
                large = path.with_name("large.md")
                big_text = c.generated(big)
                large.write_text(big_text, encoding="utf-8")
                await client.diagnostics(client.open(large, big_text), 1)
            t0 = time.perf_counter()
            uri = client.open(path, text)
            first = await client.diagnostics(uri, 1)
            print(f"   {name:<24} open -> first diagnostics {(first - t0) * 1000:.0f} ms ({client.arrived[(uri, 1)][1]} diagnostics)")
            body, desc, tools, model = _places(text)
            version = 1
            k0 = time.perf_counter()
            with c.client_gc_paused():
                body_t, version = await keystrokes(client, uri, version, body, edits)
            print(f"   {name:<24} keystroke -> diagnostics, body:        {c.summary(body_t)}")
            with c.client_gc_paused():
                fm_t, version = await keystrokes(client, uri, version, desc, edits)
            print(f"   {name:<24} keystroke -> diagnostics, frontmatter: {c.summary(fm_t)}")
            if others:
                # go on typing (in the body) until every other file is published: the reports arriving
                # and pushed are part of the background work
                late: list[float] = []
                while not all((u, None) in client.arrived for u in others) and len(late) < 5000:
                    with c.client_gc_paused():
                        more, version = await keystrokes(client, uri, version, body, 10)
                    late += more
                k1 = time.perf_counter()
                during = sum(1 for (u, v), (when, _) in list(client.arrived.items()) if v is None and u in others and k0 <= when <= k1)
                if late:
                    print(f"   {name:<24} keystroke -> diagnostics, body, until all are published: {c.summary(late)}")
                print(f"   {name:<24} background: {during} of {len(others)} other files published while the keystrokes were timed, "
                      f"all {len(others)} {time.perf_counter() - t0:.1f} s after the open")
            if requests:
                with c.client_gc_paused():
                    await requests_latency(client, uri, tools, model, requests)
        finally:
            await _lsp.stop(client)


async def requests_latency(client: _lsp.BenchClient, uri: str, tools: tuple[int, int], model: tuple[int, int], n: int) -> None:
    doc = types.TextDocumentIdentifier(uri=uri)
    comp, hov = [], []
    got_items = got_hover = 0
    for i in range(n):
        line, col = (tools, model)[i % 2]
        t0 = time.perf_counter()
        res = await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=types.Position(line=line, character=col)))
        comp.append((time.perf_counter() - t0) * 1000)
        items = res.items if isinstance(res, types.CompletionList) else (res or [])
        got_items = max(got_items, len(items))
        # hover on a tool name (tools line) and on the `model` key
        pos = types.Position(line=tools[0], character=len("tools: ") + 1) if i % 2 == 0 else types.Position(line=model[0], character=1)
        t0 = time.perf_counter()
        h = await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
        hov.append((time.perf_counter() - t0) * 1000)
        got_hover += h is not None
    print(f"   completion (tools list, model value):  {c.summary(comp)}  ({got_items} items at most)")
    print(f"   hover (tool name, field key):          {c.summary(hov)}  ({got_hover}/{n} answered)")


async def amain(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="agentls-home-") as home:
        name, text = c.sample_text()
        await sample(f"{name[:12]} ({len(text) // 1000} KB)", text, args.edits, args.requests, Path(home))
        if args.background:
            await sample(f"{name[:12]} + {args.background} bg", text, args.edits, 0, Path(home), args.background)
        if args.big:
            await sample(f"{name[:12]} + {args.big / 1e6:g} MB", text, args.edits, args.requests, Path(home), big=args.big)
        for size in args.size_list:
            n = max(8, min(args.edits, int(args.edits * 100_000 / size))) if size > 100_000 else args.edits
            await sample(f"generated {size / 1e6:g} MB", c.generated(size), n, 0, Path(home))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=150, help="edits per place on seed 004 (fewer on big files)")
    ap.add_argument("--requests", type=int, default=200, help="completion and hover requests")
    ap.add_argument("--sizes", default="100000,1000000,4000000")
    ap.add_argument("--big", type=int, default=1_900_000, help="characters of a document kept open during a second run on seed 004 (0: none)")
    ap.add_argument("--background", type=int, default=1000, help="other agent files checked in the background during the keystrokes (0: none)")
    ap.add_argument("--quick", action="store_true", help="a few edits and requests (for the test suite)")
    args = ap.parse_args()
    if args.quick:
        args.edits, args.requests, args.sizes, args.background, args.big = 6, 6, "30000", 20, 300_000
    args.size_list = [int(s) for s in args.sizes.split(",") if s]
    c.warm_up()
    c.header("keystroke -> diagnostics, completion, hover over stdio (diagnostics.delay 0)",
             "python benchmarks/lsp_latency.py" + (" --quick" if args.quick else f" --edits {args.edits} --requests {args.requests} --sizes {args.sizes} --background {args.background} --big {args.big}"))
    asyncio.run(amain(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
