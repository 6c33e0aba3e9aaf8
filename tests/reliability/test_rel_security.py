"""Security: nothing from the workspace is ever executed, only known files are read, and nothing
is written but the files `check --fix` is given.

The workspace is a trap: every command it configures (MCP servers at every scope, hooks in the
agent and in settings, status line, API key helper, `!`-commands in bodies) would leave a marker
file if it ran, every URL points at a listening socket on 127.0.0.1 that records connections, and
the files bodies point at outside the workspace hold secrets. `agentls check` and `agentls serve`
run under a Python audit hook (audit_run.py) that records every file opened and every attempt to
start a process.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from lsprotocol import types
from lsp_support import VSCODE, capabilities, make_client

from support import REPO, agentls_env

AUDIT = Path(__file__).with_name("audit_run.py")


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def _canary(bin_dir: Path, marks: Path, name: str) -> str:
    """An executable that leaves `marks/name` behind if anything runs it."""
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\ntouch '{marks / name}'\n")
    path.chmod(0o755)
    return str(path)


def build_trap(tmp: Path, port: int) -> dict[str, Path]:
    root = tmp / "ws"
    home = tmp / "home"
    marks = tmp / "marks"
    bin_dir = tmp / "bin"
    for d in (root / ".claude" / "agents", home / ".claude" / "agents", marks, bin_dir, tmp / "outside"):
        d.mkdir(parents=True, exist_ok=True)
    c = lambda name: _canary(bin_dir, marks, name)  # noqa: E731
    url = f"http://127.0.0.1:{port}/mcp"
    (root / ".git").mkdir()
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {
        "github": {"command": c("mcp-project"), "args": ["--stdio"], "env": {"TOKEN": "${HOME}"}},
        "remote": {"type": "http", "url": url},
        "sse": {"type": "sse", "url": url, "headers": {"Authorization": "Bearer x"}},
    }}))
    (home / ".claude.json").write_text(json.dumps({
        "mcpServers": {"user-server": {"command": c("mcp-user")}},
        "projects": {str(root): {"mcpServers": {"local-server": {"command": c("mcp-local")}}}},
    }))
    (root / ".claude" / "settings.json").write_text(json.dumps({
        "enabledMcpjsonServers": ["github"],
        "hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": c("settings-hook")}]}]},
        "statusLine": {"type": "command", "command": c("status-line")},
        "apiKeyHelper": c("api-key-helper"),
    }))
    plugin = root / "plugins" / "trap"
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / "agents").mkdir()
    (plugin / "hooks").mkdir()
    (plugin / ".claude-plugin" / "plugin.json").write_text(json.dumps({"name": "trap", "mcpServers": {"pl": {"command": c("mcp-plugin-json")}}}))
    (plugin / ".mcp.json").write_text(json.dumps({"mcpServers": {"pm": {"command": c("mcp-plugin")}}}))
    (plugin / "hooks" / "hooks.json").write_text(json.dumps({"hooks": {"Stop": [{"hooks": [{"type": "command", "command": c("plugin-hook")}]}]}}))
    (plugin / "agents" / "p.md").write_text("---\nname: p\ndescription: Plugin agent.\ntools: mcp__pm__x, mcp__pl__y\n---\n\nRun it.\n")
    secret = tmp / "outside" / "secret.md"
    secret.write_text("TOP SECRET\n")
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# Guide\n")
    (root / "private.env").write_text("API_KEY=do-not-read\n")
    agent = root / ".claude" / "agents" / "trap.md"
    agent.write_text(
        "---\nname: trap\ndescription: Reviews code. See ../../outside/secret.md and ~/.ssh/id_rsa.\n"
        "tools: read, Bash(rm -rf *), mcp__github__get_me, mcp__remote__x, mcp__user-server__y, mcp__local-server__z, mcp__nowhere__q\n"
        "mcpServers:\n  - inline:\n      command: " + c("mcp-inline") + "\n  - github\n"
        "hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: " + c("agent-hook") + "\n"
        "---\n\n# Trap\n\nRead [the guide](docs/guide.md), [the secret](../outside/secret.md), [abs](" + str(secret) + "),\n"
        "[passwd](/etc/passwd) and @private.env, then run !`" + c("bang") + "` and `" + c("backtick") + "`.\n"
        "Use the trap agent via Agent(trap). Fetch " + url + " with WebFetch.\n"
    )
    (root / ".claude" / "commands").mkdir()
    (root / ".claude" / "commands" / "go.md").write_text("---\ndescription: Go.\nallowed-tools: Bash(*)\n---\n\nContext: !`" + c("command-bang") + "`\n")
    (root / ".claude" / "skills" / "s").mkdir(parents=True)
    (root / ".claude" / "skills" / "s" / "SKILL.md").write_text("---\nname: s\ndescription: A skill.\n---\n\nRun !`" + c("skill-bang") + "`.\n")
    return {"root": root, "home": home, "marks": marks, "bin": bin_dir, "agent": agent, "secret": secret}


def _env(trap: dict[str, Path]) -> dict[str, str]:
    env = agentls_env(trap["home"])
    env["PATH"] = f"{trap['bin']}{os.pathsep}{env.get('PATH', '')}"  # shims first: `npx`, `uvx` ... would be ours
    for name in ("npx", "uvx", "node", "docker", "deno", "bunx"):
        _canary(trap["bin"], trap["marks"], name)
    return env


def _events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def _allowed_read(path: str, trap: dict[str, Path]) -> bool:
    """Python's own files, agentls' package, the workspace (except the planted secret), and the
    configuration files Claude Code itself reads in HOME."""
    p = os.path.realpath(os.path.join(trap["root"], path))
    runtime = {os.path.realpath(x) for x in (sys.prefix, sys.base_prefix, sys.exec_prefix, str(REPO / "server"))}
    runtime |= {os.path.realpath(x) for x in sys.path if x and os.path.isdir(x) and not x.startswith(str(REPO / "tests"))}
    if any(p == r or p.startswith(r + os.sep) for r in runtime):
        return True
    if p in ("/dev/null", "/dev/urandom") or p.startswith("/proc/"):
        return True
    root = os.path.realpath(trap["root"])
    home = os.path.realpath(trap["home"])
    if p.startswith(root + os.sep):
        return not p.endswith(("private.env",))
    if p.startswith(_pattern_store(trap) + os.sep):
        return True  # agentls' own store of compiled patterns (agentls/pattern_store.py)
    return p == os.path.join(home, ".claude.json") or p.startswith(os.path.join(home, ".claude") + os.sep)


def _pattern_store(trap: dict[str, Path]) -> str:
    return os.path.join(os.path.realpath(trap["home"]), ".cache", "agentls", "patterns")


def _assert_clean(trap: dict[str, Path], log: Path, listener: Listener, writes: set[str] = frozenset(), cache: bool = False) -> None:
    """Nothing run, nothing connected, only known files read, only `writes` written (and, with
    `cache`, `check`'s own cache: files in a `.agentls_cache/` folder inside the workspace)."""
    events = _events(log)
    assert events, "the audit hook recorded nothing"
    execs = [e for e in events if e["event"] == "exec"]
    assert not execs, f"agentls tried to start processes: {execs}"
    assert not list(trap["marks"].iterdir()), f"something ran: {sorted(p.name for p in trap['marks'].iterdir())}"
    assert listener.connections == 0, "agentls connected to a URL from the configuration"
    opened = {e["path"] for e in events if e["event"] == "open"}
    bad = sorted(p for p in opened if not _allowed_read(p, trap))
    assert not bad, f"agentls opened files it has no business reading: {bad}"
    written = {os.path.realpath(os.path.join(trap["root"], e["path"])) for e in events if e["event"] == "open" and e["write"]}
    root = os.path.realpath(trap["root"]) + os.sep
    cached = {w for w in written if w.startswith(root) and f"{os.sep}.agentls_cache{os.sep}" in w}
    assert not cached or cache, f"cache written with --no-cache: {sorted(cached)}"
    cached |= {w for w in written if w.startswith(_pattern_store(trap) + os.sep)}
    assert written - cached == {os.path.realpath(w) for w in writes}, f"written: {sorted(written - cached)}"


@pytest.fixture
def trap(tmp_path: Path):
    listener = Listener()
    t = build_trap(tmp_path, listener.port)
    t["env"] = _env(t)  # type: ignore[assignment]
    yield t, listener
    listener.close()


@pytest.mark.parametrize("args", [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "sarif", ".claude/agents/trap.md", "plugins/trap/agents/p.md"],
    ["check", "--format", "github", "--fail-on", "never", "."],
    ["check", "--no-cache"],
])
def test_check_runs_nothing_and_reads_only_known_files(trap, tmp_path: Path, args: list[str]):
    t, listener = trap
    log = tmp_path / "audit.jsonl"
    p = subprocess.run([sys.executable, str(AUDIT), str(log), "agentls", *args], cwd=t["root"], env=t["env"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    assert "trap" in p.stdout  # it did check the trap
    _assert_clean(t, log, listener, cache="--no-cache" not in args)


def test_check_fix_writes_only_the_files_named(trap, tmp_path: Path):
    t, listener = trap
    root = t["root"]
    other = root / ".claude" / "agents" / "other.md"
    other.write_text("---\nname: other\ndescription: Other.\ntools: read\n---\n\nGo.\n")  # fixable too
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    log = tmp_path / "audit.jsonl"
    p = subprocess.run([sys.executable, str(AUDIT), str(log), "agentls", "check", "--fix", ".claude/agents/trap.md"],
                       cwd=root, env=t["env"], capture_output=True, text=True, timeout=120)
    assert p.returncode in (0, 1), p.stderr
    assert ".claude/agents/trap.md: fixed" in p.stdout
    changed = {q for q, (data, mtime) in before.items() if (q.read_bytes(), q.stat().st_mtime_ns) != (data, mtime)}
    assert changed == {t["agent"]}, changed
    assert "tools: Read, Bash(rm -rf *)" in t["agent"].read_text()
    _assert_clean(t, log, listener, writes={str(t["agent"])})


def test_check_fix_leaves_a_file_that_changed_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The text on disk changed between reading and writing (an editor saved it): keep it."""
    from agentls import cli
    from agentls.workspace import discovery

    path = tmp_path / ".claude" / "agents" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nname: a\ndescription: A.\ntools: read\n---\n\nGo.\n")
    real = discovery.read_text
    calls = []

    def read_then_edit(p, *a, **k):
        calls.append(p)
        got = real(p, *a, **k)
        if len(calls) == 1:  # the user saves a new version right after agentls read it
            Path(p).write_text("---\nname: a\ndescription: Edited meanwhile.\ntools: read\n---\n\nGo.\n")
        return got

    monkeypatch.setattr(discovery, "read_text", read_then_edit)
    results, notes = cli.run_check([str(path)], fix=True, home=str(tmp_path))
    assert "Edited meanwhile" in path.read_text()
    assert any("not fixed (the file changed on disk while it was checked" in n for n in notes), notes
    assert results[0].fixed == 0 and any(f.code == "T001" for f in results[0].findings)


async def test_server_runs_nothing_and_reads_only_known_files(trap, tmp_path: Path):
    t, listener = trap
    root = t["root"]
    log = tmp_path / "audit.jsonl"
    client = make_client()
    await client.start_io(sys.executable, str(AUDIT), str(log), "agentls", "serve", env=t["env"], cwd=str(root))
    files = [t["agent"], root / "plugins/trap/agents/p.md", root / ".claude/commands/go.md", root / ".claude/skills/s/SKILL.md"]
    asked = 0
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(VSCODE), root_uri=root.resolve().as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.resolve().as_uri(), name="ws")]))
        for path in files:
            text = path.read_text()
            uri = client.open(path, text)
            await client.diagnostics_for(uri, 1)
            ident = types.TextDocumentIdentifier(uri=uri)
            lines = text.split("\n")
            for line_no, line in enumerate(lines):
                for col in sorted({0, len(line) // 2, max(0, len(line) - 3), *(i + 2 for i in range(len(line)) if line.startswith(("](", "mcp__", "@", "!`", "Agent(", "http"), i))}):
                    pos = types.Position(line=line_no, character=min(col, len(line)))
                    await client.text_document_hover_async(types.HoverParams(text_document=ident, position=pos))
                    await client.text_document_definition_async(types.DefinitionParams(text_document=ident, position=pos))
                    await client.text_document_completion_async(types.CompletionParams(text_document=ident, position=pos))
                    asked += 3
            await client.text_document_document_link_async(types.DocumentLinkParams(text_document=ident))
            await client.text_document_code_lens_async(types.CodeLensParams(text_document=ident))
            await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
            everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(lines), character=0))
            await client.text_document_code_action_async(types.CodeActionParams(
                text_document=ident, range=everything, context=types.CodeActionContext(diagnostics=[])))
        await asyncio.sleep(2.5)  # the server's file polling runs too
    finally:
        await client.shutdown_session()
        await client.stop()
    assert asked > 100
    _assert_clean(t, log, listener)
