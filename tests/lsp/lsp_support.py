"""Helpers for the end-to-end tests: the real `agentls serve` over stdio, driven by pytest-lsp's client with the
capability profiles it ships for real editors."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from support import SEEDS, agentls_cmd, agentls_env

VSCODE = "visual-studio-code"
NEOVIM = "neovim"
PROFILES = [VSCODE, NEOVIM]
TIMEOUT = 20.0


class Client(LanguageClient):
    """pytest-lsp's client, also keeping every diagnostics notification in order and the
    registrations the server asked for."""

    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.Registration]
    lens_refreshes: int
    changed: asyncio.Condition
    init_result: types.InitializeResult

    async def until(self, predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
        """Wait until `predicate()` is truthy (re-checked on every notification and every 50 ms)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            got = predicate()
            if got:
                return got
            if loop.time() > deadline:
                raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")
            async with self.changed:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.changed.wait(), 0.05)

    def last(self, uri: str) -> types.PublishDiagnosticsParams | None:
        for p in reversed(self.published):
            if p.uri == uri:
                return p
        return None

    async def diagnostics_for(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for `uri` (for `version`, when given)."""
        def got():
            p = self.last(uri)
            if p is not None and (version is None or p.version == version):
                return p
            return None
        return list((await self.until(got)).diagnostics)

    # ---- documents ---------------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        uri = path.resolve().as_uri()
        self.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="markdown", version=version, text=path.read_text("utf-8") if text is None else text)))
        return uri

    def change(self, uri: str, version: int, text: str, rng: types.Range | None = None) -> None:
        change: Any = types.TextDocumentContentChangeWholeDocument(text=text) if rng is None else \
            types.TextDocumentContentChangePartial(range=rng, text=text)
        self.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))


def _features() -> dict[str, Any]:
    features = dict(DEFAULT_CLIENT_FEATURES)
    publish = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def on_publish(client: Client, params: types.PublishDiagnosticsParams) -> None:
        publish(client, params)
        client.published.append(params)
        _notify(client)

    def on_register(client: Client, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)
        _notify(client)

    def on_unregister(client: Client, params: types.UnregistrationParams) -> None:
        gone = {u.id for u in params.unregisterations}
        client.registrations[:] = [r for r in client.registrations if r.id not in gone]

    def on_lens_refresh(client: Client, params: None) -> None:
        client.lens_refreshes += 1

    def on_diag_refresh(client: Client, params: None) -> None:
        client.diagnostic_refresh_count += 1
        _notify(client)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    features[types.CLIENT_REGISTER_CAPABILITY] = on_register
    features[types.CLIENT_UNREGISTER_CAPABILITY] = on_unregister
    features[types.WORKSPACE_CODE_LENS_REFRESH] = on_lens_refresh
    features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = on_diag_refresh
    return features


def _notify(client: Client) -> None:
    async def wake() -> None:
        async with client.changed:
            client.changed.notify_all()
    asyncio.ensure_future(wake())


def make_client() -> Client:
    client = Client(converter_factory=default_converter)
    client.published = []
    client.registrations = []
    client.lens_refreshes = 0
    client.diagnostic_refresh_count = 0  # pytest-lsp 1.0.1 sets it in Client; 1.0.0 does not
    client.changed = asyncio.Condition()
    register_lsp_features(client, _features())
    return client


def capabilities(profile: str, pull: bool = False) -> types.ClientCapabilities:
    caps = client_capabilities(profile)
    if pull:  # as recent VS Code releases do: pull diagnostics, and refresh on request
        caps.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=False)
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


@contextlib.asynccontextmanager
async def session(root: Path, home: Path, profile: str = VSCODE, *, init: Any = None, settings: dict | None = None,
                  caps: types.ClientCapabilities | None = None) -> AsyncIterator[Client]:
    """Start `agentls serve` for a workspace folder and initialize it as `profile` would."""
    client = make_client()
    if settings is not None:
        client.set_configuration(settings, section="agentls")
    await client.start_io(*agentls_cmd("serve"), env=agentls_env(home), cwd=str(root))
    try:
        client.init_result = await client.initialize_session(types.InitializeParams(
            capabilities=caps or capabilities(profile),
            root_uri=root.resolve().as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.resolve().as_uri(), name=root.name)],
            initialization_options=init,
        ))
        yield client
        errors = [m.message for m in [*client.log_messages, *client.messages] if m.type == types.MessageType.Error]
        assert not errors, f"the server reported errors: {errors}"
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()


# ---- workspaces --------------------------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_mcp(root: Path, servers: dict[str, dict]) -> Path:
    return write(root / ".mcp.json", json.dumps({"mcpServers": servers}, indent=2) + "\n")


def copy_seeds(root: Path) -> dict[str, Path]:
    out = {}
    for seed in sorted(SEEDS.glob("*.md")):
        if seed.name == "EXPECTED.md":
            continue
        dest = root / ".claude" / "agents" / seed.name
        shutil.copyfile(seed, dest)
        out[seed.name[:3]] = dest
    return out


def at(text: str, marker: str = "¦") -> tuple[str, types.Position]:
    """Text without the cursor marker, and the marker's LSP position (UTF-16 columns)."""
    i = text.index(marker)
    before = text[:i]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1 :]
    return text[:i] + text[i + len(marker) :], types.Position(line=line, character=len(col.encode("utf-16-le")) // 2)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply text edits as a client does (UTF-16 positions, last edit first)."""
    lines = text.splitlines(keepends=True) + [""]

    def offset(p: types.Position) -> int:
        base = sum(len(x) for x in lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units = 0
        for i, ch in enumerate(line):
            if units >= p.character:
                return base + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return base + len(line.rstrip("\r\n"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def codes(diags: list[types.Diagnostic]) -> list[tuple[int, str]]:
    """(1-based line, code) of each diagnostic, in order."""
    return sorted((d.range.start.line + 1, str(d.code)) for d in diags)


def rng(l1: int, c1: int, l2: int, c2: int) -> types.Range:
    return types.Range(start=types.Position(line=l1, character=c1), end=types.Position(line=l2, character=c2))


