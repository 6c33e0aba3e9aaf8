"""`agentls serve --tcp HOST:PORT`, and logs that never reach stdout."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from pathlib import Path

from lsp_support import capabilities, make_client, write
from lsprotocol import types

from support import agentls_cmd, agentls_env

AGENT = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read\n---\n\nReview.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_tcp(ws: Path, home: Path):
    path = write(ws / ".claude/agents/r.md", AGENT)
    port = _free_port()
    proc = subprocess.Popen(agentls_cmd("serve", "--tcp", f"127.0.0.1:{port}"), env=agentls_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    client = make_client()
    try:
        for _ in range(400):  # until it listens (it serves one connection: no probing)
            try:
                await client.start_tcp("127.0.0.1", port)
                break
            except OSError:
                await asyncio.sleep(0.05)
        await client.initialize_session(types.InitializeParams(capabilities=capabilities("neovim"), root_uri=ws.resolve().as_uri()))
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
        assert sorted(d.code for d in diags) == ["F009", "T001", "T007"]
        await client.shutdown_async(None)
        client.exit(None)
        out, err = proc.communicate(timeout=20)  # it exits with the connection
    finally:
        proc.kill()
        await client.stop()
    assert out == b""  # nothing on stdout, even over TCP
    assert b"indexed" in err  # the log goes to stderr


def test_bad_tcp_address():
    done = subprocess.run(agentls_cmd("serve", "--tcp", "localhost"), env=agentls_env(), capture_output=True, timeout=30)
    assert done.returncode == 2 and b"--tcp expects HOST:PORT" in done.stderr
