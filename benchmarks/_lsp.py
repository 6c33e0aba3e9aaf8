"""A real LSP client over stdio for the server benchmarks (pygls' client, lsprotocol types).

It starts `python -m agentls serve` (this tree's code), records when each `publishDiagnostics`
arrives, and sends incremental edits the way an editor does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

import _common as c
from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 120.0


class BenchClient(LanguageClient):
    """Keeps the arrival time of every diagnostics notification, by (uri, version)."""

    def __init__(self) -> None:
        super().__init__("agentls-bench", "1")
        self.arrived: dict[tuple[str, int | None], tuple[float, int]] = {}
        self._waiters: dict[tuple[str, int | None], asyncio.Future] = {}
        self.published = 0

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            key = (params.uri, params.version)
            self.published += 1
            self.arrived[key] = (now, len(params.diagnostics))
            fut = self._waiters.pop(key, None)
            if fut is not None and not fut.done():
                fut.set_result(now)

        @self.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            pass

        @self.feature(types.WINDOW_SHOW_MESSAGE)
        def on_show(params: types.ShowMessageParams) -> None:
            pass

    async def diagnostics(self, uri: str, version: int | None, timeout: float = TIMEOUT) -> float:
        """When the diagnostics of this version arrived (waits for them)."""
        key = (uri, version)
        if key in self.arrived:
            return self.arrived[key][0]
        fut = asyncio.get_running_loop().create_future()
        self._waiters[key] = fut
        return await asyncio.wait_for(fut, timeout)

    async def until_published(self, uris: set[str], timeout: float = TIMEOUT) -> None:
        """Wait until diagnostics of a file on disk (no version) arrived for each of `uris`."""
        deadline = time.perf_counter() + timeout
        while not all((u, None) in self.arrived for u in uris):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{sum((u, None) in self.arrived for u in uris)} of {len(uris)} files published")
            await asyncio.sleep(0.05)

    @property
    def pid(self) -> int:
        return self._server.pid  # type: ignore[attr-defined]

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.resolve().as_uri()
        self.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))
        return uri

    def insert(self, uri: str, version: int, line: int, character: int, text: str) -> None:
        pos = types.Position(line=line, character=character)
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=pos, end=pos), text=text)]))


CAPABILITIES = types.ClientCapabilities(
    text_document=types.TextDocumentClientCapabilities(
        synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True, version_support=True),
        completion=types.CompletionClientCapabilities(completion_item=types.ClientCompletionItemOptions(snippet_support=True)),
        hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]),
    ),
    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
)


async def start(root: Path, settings: dict[str, Any] | None = None, home: Path | None = None,
                cmd: list[str] | None = None) -> tuple[BenchClient, float, float]:
    """Start the server on `root`; returns the client, seconds to spawn the process and
    seconds from before the spawn to the `initialize` result."""
    env = c.env()
    if home is not None:
        env["HOME"] = str(home)
    client = BenchClient()
    argv = cmd or [sys.executable, "-m", "agentls", "serve", "--log-level", "warning"]
    t0 = time.perf_counter()
    await client.start_io(argv[0], *argv[1:], env=env, cwd=str(root))
    spawned = time.perf_counter() - t0
    await asyncio.wait_for(client.initialize_async(types.InitializeParams(
        process_id=os.getpid(), root_uri=root.resolve().as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.resolve().as_uri(), name=root.name)],
        capabilities=CAPABILITIES, initialization_options=settings)), TIMEOUT)
    ready = time.perf_counter() - t0
    client.initialized(types.InitializedParams())
    return client, spawned, ready


async def stop(client: BenchClient) -> None:
    try:
        await asyncio.wait_for(client.shutdown_async(None), 10)
        client.exit(None)
    except Exception:
        pass
    try:
        await asyncio.wait_for(client.stop(), 10)
    except Exception:
        pass


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory (MB) of a process, from /proc (Linux)."""
    vals = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = int(v.split()[0]) / 1024
    except OSError:
        return float("nan"), float("nan")
    return vals.get("VmRSS", float("nan")), vals.get("VmHWM", float("nan"))
