"""Protocol abuse: broken frames, unknown methods, wrong params, positions far out of range,
requests for documents never opened. The server answers each with an error response or an empty
result, and keeps answering."""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from lsp_support import VSCODE, write
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams, JsonRpcMethodNotFound
from rel_lsp import ask, check_answer, client_errors, probe_session, server_errors, server_text

from support import agentls_cmd, agentls_env

AGENT = "---\nname: reviewer\ndescription: Reviews code 😀.\ntools: Read, grep\n---\n\nReview the diff.\n"
FEATURES = ("hover", "completion", "definition", "symbols", "folding", "links", "lens", "actions")
MAX = 2**31 - 1  # the largest uinteger LSP allows


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    root = tmp_path / "project"
    path = write(root / ".claude" / "agents" / "reviewer.md", AGENT)
    write(root / ".claude" / "agents" / "closed.md", AGENT.replace("reviewer", "closed"))
    home = tmp_path / "home"
    home.mkdir()
    return root, home, path


async def alive(client, uri: str) -> None:
    """The server still answers a real request on an open document."""
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=2)))
    assert hover is not None and "name" in hover.contents.value


async def test_unknown_methods_and_failing_features_get_error_responses(project):
    root, home, path = project
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path)
        with pytest.raises(JsonRpcMethodNotFound):
            await client.protocol.send_request_async("agentls/noSuchMethod", {"x": 1})
        client.protocol.notify("agentls/noSuchNotification", {"x": 1})
        client.protocol.notify("$/noSuchThing", None)
        await alive(client, uri)
        with pytest.raises(JsonRpcInternalError):  # a feature that raises is answered with an error
            await client.protocol.send_request_async("agentlsTest/fail", {})
        await alive(client, uri)
        errors = await server_errors(client)
    unexpected = [e for e in errors if "failed on purpose" not in e]
    assert not unexpected, unexpected
    assert not client_errors(client), client_errors(client)  # nothing popped up in the editor


async def test_positions_far_out_of_range_give_empty_or_valid_answers(project):
    root, home, path = project
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path)
        await client.diagnostics_for(uri, 1)
        tried = 0
        for line, character in [(MAX, MAX), (0, MAX), (6, MAX), (MAX, 0), (7, 0), (2, 23), (2, 24)]:
            for feature in FEATURES:
                result = await ask(client, feature, uri, types.Position(line=line, character=character), AGENT)
                check_answer(feature, result, AGENT)
                tried += 1
        # a code action over a range that runs far past the end
        far = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=MAX, character=MAX))
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=far, context=types.CodeActionContext(diagnostics=[])))
        check_answer("actions", actions, AGENT)
        assert any(a.title.startswith("Fix all safe agentls problems") for a in actions or [])
        assert not await server_errors(client)
        assert tried == 7 * len(FEATURES)


async def test_requests_for_documents_never_opened(project):
    root, home, path = project
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path)
        never = [
            (root / ".claude" / "agents" / "closed.md").resolve().as_uri(),  # on disk, not open
            (root / ".claude" / "agents" / "missing.md").resolve().as_uri(),  # nowhere
            "untitled:Untitled-1",
            "file:///definitely/not/here.md",
            "not a uri at all",
        ]
        for other in never:
            for feature in FEATURES:
                result = await ask(client, feature, other, types.Position(line=0, character=0), "")
                assert not result, f"{feature} on {other} answered {result!r}"
            assert await server_text(client, other) is None
        await alive(client, uri)
        assert not await server_errors(client)


async def test_document_life_cycle_abuse(project):
    root, home, path = project
    closed = (root / ".claude" / "agents" / "closed.md").resolve().as_uri()
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path)
        ident = types.VersionedTextDocumentIdentifier
        # changes and closes for a document that is not open are ignored
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=ident(uri=closed, version=7), content_changes=[types.TextDocumentContentChangeWholeDocument(text="x")]))
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=closed)))
        assert await server_text(client, closed) is None
        # opened twice: the second open wins
        client.open(path, AGENT.replace("grep", "Glob"), version=5)
        assert await server_text(client, uri) == (AGENT.replace("grep", "Glob"), 5)
        diags = await client.diagnostics_for(uri, 5)
        assert not [d for d in diags if d.code == "T001"]
        # an empty change list, then a change that keeps the version number
        client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=ident(uri=uri, version=6), content_changes=[]))
        client.change(uri, 6, AGENT)
        assert await server_text(client, uri) == (AGENT, 6)
        await alive(client, uri)
        # closed, then edited: ignored; reopened: served again
        client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        client.change(uri, 8, "garbage")
        assert await server_text(client, uri) is None
        uri = client.open(path, AGENT, version=1)
        await alive(client, uri)
        errors = await server_errors(client)
    assert not errors, errors
    assert not client_errors(client)


# ---- raw frames over the server's stdio ------------------------------------------------------------

class RawServer:
    """`agentls serve` on pipes, spoken to frame by frame."""

    def __init__(self, root: Path, home: Path) -> None:
        self.proc = subprocess.Popen(agentls_cmd("serve"), cwd=root, env=agentls_env(home),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict] = queue.Queue()
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line in (b"\r\n", b"\n") and length is not None:
                    break
            self.messages.put(json.loads(out.read(length)))

    def frame(self, body: bytes) -> None:
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def send(self, message: dict) -> None:
        self.frame(json.dumps(message).encode())

    def raw(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def shut_down(self, msg_id: Any) -> int:
        """`shutdown`, then `exit`: the process's exit status."""
        assert "result" in self.request(msg_id, "shutdown")
        self.send({"jsonrpc": "2.0", "method": "exit"})
        return self.proc.wait(timeout=30)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def open_agent(self, root: Path, path: Path) -> dict:
        """Initialize, open `path` (the test agent); the params of a hover on its `name` key."""
        init = self.request(1, "initialize", {"capabilities": {}, "rootUri": root.resolve().as_uri(), "processId": os.getpid()})
        assert "capabilities" in init["result"]
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = path.resolve().as_uri()
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": AGENT}}})
        return {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}

    def request(self, msg_id: Any, method: str, params: Any = None, timeout: float = 30) -> dict:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, **({"params": params} if params is not None else {})})
        while True:
            msg = self.messages.get(timeout=timeout)
            if msg.get("id") == msg_id and "method" not in msg:
                return msg


BROKEN_FRAMES = [
    b'{"jsonrpc": "2.0", "id": 90, "method": ',  # cut short
    b'{"jsonrpc": "2.0", "id": 91, "method": "textDocument/hover", "params": {,}}',  # a stray comma
    b"[]", b"42", b'"text"', b"null", b"{}",  # JSON, but not a message
    b'{"foo": 1}',
    b'{"jsonrpc": "1.0", "id": 92, "method": "textDocument/hover"}',  # another protocol version
    b'{"jsonrpc": "2.0", "id": 93, "method": "x\xff\xfe"}',  # not UTF-8
    b"[" * 100_000 + b"]" * 100_000,  # nested past the JSON reader's recursion limit
    b"\x00" * 64,
    b'{"jsonrpc": "2.0", "id": 94, "method": "textDocument/hover", "params": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
]


BAD_PARAMS: list[Any] = [
    {},
    {"position": "nowhere"},
    {"textDocument": {"uri": 5}, "position": {"line": "a", "character": None}},
    {"textDocument": {"uri": "file:///x.md"}, "position": {"line": -1, "character": -5}},
    {"textDocument": {"uri": "file:///x.md"}, "position": {"line": 2**40, "character": 0}},
    [1, 2, 3],
    "params",
]


def test_broken_frames_and_wrong_params_over_stdio(project):
    root, home, path = project
    server = RawServer(root, home)
    try:
        hover = server.open_agent(root, path)
        for i, body in enumerate(BROKEN_FRAMES):
            server.frame(body)
            answer = server.request(1000 + i, "textDocument/hover", hover)
            assert "name" in answer["result"]["contents"]["value"], (body[:60], answer)
        for i, params in enumerate(BAD_PARAMS):
            for j, method in enumerate(("textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/codeAction")):
                bad = server.request(f"bad-{i}-{j}", method, params)
                assert bad["error"]["code"] == JsonRpcInvalidParams.CODE, (method, params, bad)
                assert method in bad["error"]["message"]
        assert "name" in server.request(2002, "textDocument/hover", hover)["result"]["contents"]["value"]
        unknown = server.request(2001, "agentls/nothing", {})
        assert unknown["error"]["code"] == JsonRpcMethodNotFound.CODE
        assert server.shut_down(3000) == 0
    finally:
        server.kill()


def test_params_that_do_not_fit_log_one_line_not_a_traceback(project):
    root, home, path = project
    server = RawServer(root, home)
    try:
        server.open_agent(root, path)
        server.request(0, "textDocument/hover", {"position": {"line": 0, "character": 0}, "textDocument": {"uri": path.resolve().as_uri()}})
        before = len(server.stderr)
        bad = server.request("bad", "textDocument/hover", {"position": "nonsense"})
        assert bad["error"]["code"] == JsonRpcInvalidParams.CODE
        assert server.shut_down(1) == 0
        logged = b"".join(server.stderr[before:]).decode()
        assert "Traceback" not in logged, logged
        [line] = [ln for ln in logged.splitlines() if "textDocument/hover" in ln]
        assert "WARNING" in line and "invalid params for textDocument/hover" in line
    finally:
        server.kill()


UNREADABLE_FRAMES = [
    b'Content-Length: abc\r\n\r\n{"jsonrpc": "2.0", "id": 95, "method": "shutdown"}',  # a length that is not a number
    b'Content-Length:70\r\n\r\n{"jsonrpc": "2.0", "id": 96, "method": "textDocument/hover", "params": {}}',  # no space
    b'Content-Length: 10\n\n{"a": 1}  ',  # LF line breaks
    b"garbage before any header",
    b"\r\n\r\n\r\n",  # blank lines alone
]


def test_frames_after_an_unreadable_one_are_still_read(project):
    """A frame whose header cannot be read is lost, not the frames after it."""
    root, home, path = project
    server = RawServer(root, home)
    try:
        hover = server.open_agent(root, path)
        for i, data in enumerate(UNREADABLE_FRAMES):
            server.raw(data)
            answer = server.request(4000 + i, "textDocument/hover", hover, timeout=20)
            assert "name" in answer["result"]["contents"]["value"], (data[:40], answer)
        assert server.shut_down(5000) == 0
        assert b"dropped" in b"".join(server.stderr)
    finally:
        server.kill()


def test_server_exits_when_the_client_goes_away(project):
    """No shutdown, no exit: the pipe closes, and the server ends by itself."""
    root, home, _ = project
    server = RawServer(root, home)
    try:
        server.request(1, "initialize", {"capabilities": {}, "rootUri": root.resolve().as_uri()})
        server.proc.stdin.close()
        assert server.proc.wait(timeout=30) is not None
    finally:
        server.kill()


def test_one_failing_rule_family_does_not_take_the_others_down(caplog):
    """In-process: a rule that raises is logged, and the other rules still report."""
    from agentls.analysis import CHECKERS, analyze
    from agentls.document import parse_document

    def broken(ctx):
        raise RuntimeError("boom")

    CHECKERS.insert(0, (("S001",), broken))
    try:
        with caplog.at_level(logging.ERROR, logger="agentls"):
            found = analyze(parse_document(AGENT, path="/w/.claude/agents/reviewer.md"))
    finally:
        CHECKERS.pop(0)
    assert "T001" in {f.code for f in found}
    assert any("rule family S001 failed" in r.getMessage() for r in caplog.records)


async def test_shutdown_while_notifications_are_still_handled(project):
    """Shutdown cancels what is still running (indexing the workspace after `initialized`, a
    settings change waiting for the client's answer) and still answers, cleanly."""
    root, home, path = project
    for i in range(300):  # indexing them keeps the `initialized` handler busy
        write(root / ".claude" / "agents" / f"bulk{i}.md", AGENT.replace("reviewer", f"bulk{i}"))
    async with probe_session(root, home, VSCODE):
        pass  # shut down at once, while the workspace is still being indexed
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path)
        for version in range(2, 40):
            client.change(uri, version, AGENT + "x" * version)
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        assert not await server_errors(client)
    # leaving the block shut the session down and failed if shutdown did not answer cleanly
