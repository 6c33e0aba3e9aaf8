"""Latency of `agentls serve` as an editor sees it, over stdio with a real LSP client.

Opens a large agent file (seed 004 when ../shared is present, otherwise a generated one of the
same shape) with `diagnostics.delay` 0, then measures:
- keystroke to diagnostics: an incremental edit in the body, and one in the frontmatter, until
  the `publishDiagnostics` of that version arrives;
- completion inside `tools`, and hover on a tool name.

Prints p50 / p99 in milliseconds. Run:  AGENTLS_SHARED=../shared python benchmarks/lsp_latency.py [--edits 200]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parent.parent
SEED = Path(os.environ.get("AGENTLS_SHARED", REPO.parent / "shared")) / "seeds" / "004_38ce5ffa682eb3e1.md"


def _sample_text() -> str:
    if SEED.is_file():
        return SEED.read_text("utf-8")
    head = "---\nname: big-agent\ndescription: A long prompt.\ntools: Read, Write, Grep, Glob, Bash, mcp__github__get_me\nmodel: sonnet\n---\n\n"
    section = "## Step {i}\n\n- Read `docs/{i}.md` and summarise it.\n- Use `Grep` to find callers; never run `rm`.\n\n"
    return head + "".join(section.format(i=i) for i in range(700 // 5))


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def main(edits: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="agentls-bench-"))
    root = tmp / "project"
    (root / ".claude" / "agents").mkdir(parents=True)
    path = root / ".claude" / "agents" / "big.md"
    text = _sample_text()
    path.write_text(text, "utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO / "server"), HOME=str(tmp))
    client = LanguageClient("agentls-bench", "1")
    published: dict[int, float] = {}
    waiters: dict[int, asyncio.Future] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _diags(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            published[params.version] = time.perf_counter()
            fut = waiters.pop(params.version, None)
            if fut is not None and not fut.done():
                fut.set_result(None)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params) -> None:
        return None

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def _log(params) -> None:
        return None

    t0 = time.perf_counter()
    await client.start_io(sys.executable, "-m", "agentls", "serve", env=env)
    caps = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)))
    await client.initialize_async(types.InitializeParams(capabilities=caps, root_uri=root.as_uri(),
                                                         initialization_options={"diagnostics": {"delay": 0}}))
    started = time.perf_counter() - t0
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    loop = asyncio.get_running_loop()
    waiters[1] = loop.create_future()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await asyncio.wait_for(waiters[1], 60)

    lines = text.splitlines()
    body_line = len(lines) - 3
    version = 1
    timings: dict[str, list[float]] = {"body edit": [], "frontmatter edit": []}
    for i in range(edits):
        where = "body edit" if i % 2 == 0 else "frontmatter edit"
        line = body_line if where == "body edit" else 2  # the description line
        version += 1
        fut = waiters[version] = loop.create_future()
        start = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)), text="x")]))
        await asyncio.wait_for(fut, 30)
        timings[where].append((published[version] - start) * 1000)

    tools_line = next(i for i, ln in enumerate(lines) if ln.startswith("tools:"))
    requests: dict[str, list[float]] = {"completion in tools": [], "hover on a tool": []}
    for _ in range(max(20, edits // 2)):
        start = time.perf_counter()
        await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=tools_line, character=7)))
        requests["completion in tools"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=tools_line, character=8)))
        requests["hover on a tool"].append((time.perf_counter() - start) * 1000)

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()

    print(f"file: {SEED if SEED.is_file() else 'generated'} ({len(text.encode()) / 1024:.0f} KB, {len(lines)} lines)")
    print(f"start-up to initialize result: {started * 1000:.0f} ms")
    for name, values in {**timings, **requests}.items():
        print(f"{name:>22}: p50 {statistics.median(values):6.1f} ms   p99 {_pct(values, 99):6.1f} ms   (n={len(values)})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    asyncio.run(main(parser.parse_args().edits))
