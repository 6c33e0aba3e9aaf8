"""Driving the real server for the reliability tests: a session with the probe server (the
shipped server plus read-only introspection, see probe_server.py), and checks on its answers."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any, AsyncIterator

from lsprotocol import types
from lsp_support import capabilities, make_client
from rel_gen import Lines, check_range

from support import agentls_env

PROBE = Path(__file__).with_name("probe_server.py")


@contextlib.asynccontextmanager
async def probe_session(root: Path, home: Path, profile: str, *, pull: bool = False, init: Any = None) -> AsyncIterator[Any]:
    client = make_client()
    await client.start_io(sys.executable, str(PROBE), env=agentls_env(home), cwd=str(root))
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(profile, pull=pull),
            root_uri=root.resolve().as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.resolve().as_uri(), name=root.name)],
            initialization_options=init,
        ))
        yield client
        await asyncio.wait_for(client.shutdown_session(), 30)  # a clean shutdown is part of the contract
    finally:
        try:
            await asyncio.wait_for(client.stop(), 30)
        except asyncio.TimeoutError:
            with contextlib.suppress(Exception):
                client._server.kill()  # never leave a server behind, nor hang the suite
            raise AssertionError("the server did not stop") from None


async def server_text(client, uri: str) -> tuple[str, int] | None:
    got = await client.protocol.send_request_async("agentlsTest/documentText", {"uri": uri})
    return None if got is None else (got.text, got.version)


async def server_errors(client) -> list[str]:
    return list(await client.protocol.send_request_async("agentlsTest/errors", {}))


def client_errors(client) -> list[str]:
    shown = [m.message for m in client.messages if m.type == types.MessageType.Error]
    logged = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    return shown + logged


def _ranges(result: Any) -> list[types.Range]:
    """Every Range inside an LSP result (walking its attributes and lists)."""
    out: list[types.Range] = []
    seen: set[int] = set()

    def walk(x: Any, depth: int = 0) -> None:
        if x is None or depth > 12 or id(x) in seen or isinstance(x, (str, int, float, bool)):
            return
        seen.add(id(x))
        if isinstance(x, types.Range):
            out.append(x)
            return
        if isinstance(x, (list, tuple)):
            for y in x:
                walk(y, depth + 1)
            return
        if isinstance(x, dict):
            for y in x.values():
                walk(y, depth + 1)
            return
        if hasattr(x, "__attrs_attrs__"):
            for a in x.__attrs_attrs__:
                if a.name in ("target_uri", "uri", "data") or a.name.startswith("target"):
                    continue  # ranges of other files (definitions) are not ranges of this text
                walk(getattr(x, a.name), depth + 1)

    walk(result)
    return out


async def ask(client, feature: str, uri: str, pos: types.Position, text: str) -> Any:
    ident = types.TextDocumentIdentifier(uri=uri)
    if feature == "hover":
        return await client.text_document_hover_async(types.HoverParams(text_document=ident, position=pos))
    if feature == "completion":
        return await client.text_document_completion_async(types.CompletionParams(text_document=ident, position=pos))
    if feature == "definition":
        return await client.text_document_definition_async(types.DefinitionParams(text_document=ident, position=pos))
    if feature == "symbols":
        return await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
    if feature == "folding":
        return await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident))
    if feature == "links":
        return await client.text_document_document_link_async(types.DocumentLinkParams(text_document=ident))
    if feature == "lens":
        return await client.text_document_code_lens_async(types.CodeLensParams(text_document=ident))
    rng = types.Range(start=pos, end=pos)
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=ident, range=rng, context=types.CodeActionContext(diagnostics=[])))


def check_answer(feature: str, result: Any, text: str) -> None:
    lines = Lines.of(text)
    if feature == "folding":
        for f in result or []:
            assert 0 <= f.start_line <= f.end_line < len(lines.contents), f"folding range {f} outside {len(lines.contents)} lines"
        return
    if feature == "definition":
        return  # locations in other files
    for r in _ranges(result):
        check_range(lines, r, f"{feature} answer")
