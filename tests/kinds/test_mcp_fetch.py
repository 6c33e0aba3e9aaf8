"""Opt-in MCP introspection against a real MCP server (written here with the official SDK):
`agentls mcp fetch` starts it, lists and caches its tools; `agentls check` then uses them for
M004 and never starts a server, nor imports the SDK."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support import agentls_cmd, agentls_env

pytest.importorskip("mcp")

SERVER = textwrap.dedent('''
    import pathlib, sys
    pathlib.Path(sys.argv[1]).write_text("started")
    from mcp.server.mcpserver import MCPServer
    app = MCPServer("demo")

    @app.tool()
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    @app.tool(name="search-docs")
    def search(query: str) -> str:
        """Search the project documentation."""
        return query

    app.run()
''')

AGENT = "---\nname: helper\ndescription: Helps.\ntools: Read, mcp__demo__add, mcp__demo__search-doc\n---\n\nAdd the numbers with the demo server.\n"


@pytest.fixture
def project(tmp_path: Path) -> dict:
    ws = tmp_path / "ws"
    (ws / ".claude" / "agents").mkdir(parents=True)
    (ws / ".git").mkdir()
    marker = tmp_path / "started.txt"
    (tmp_path / "server.py").write_text(SERVER, encoding="utf-8")
    (ws / ".mcp.json").write_text(json.dumps({"mcpServers": {"demo": {"command": sys.executable, "args": [str(tmp_path / "server.py"), str(marker)]}}}))
    (ws / ".claude" / "agents" / "helper.md").write_text(AGENT, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    env = agentls_env(home)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return {"ws": ws, "env": env, "marker": marker, "cache": tmp_path / "cache"}


def _check(project: dict) -> list[dict]:
    out = subprocess.run(agentls_cmd("check", "--format", "json", "--fail-on", "never", "."), cwd=project["ws"], env=project["env"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_check_never_starts_a_server(project):
    findings = _check(project)
    assert not project["marker"].exists()
    assert "M004" not in {f["code"] for f in findings}  # nothing is known of `demo` yet


def test_fetch_lists_and_caches_tools_then_check_uses_them(project):
    out = subprocess.run(agentls_cmd("mcp", "fetch", "demo"), cwd=project["ws"], env=project["env"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert project["marker"].exists()
    listed = dict(line.split("\t", 1) for line in out.stdout.splitlines())
    assert listed == {"mcp__demo__add": "Add two numbers.", "mcp__demo__search-docs": "Search the project documentation."}
    cached = list(project["cache"].glob("agentls/mcp-tools/demo-*.json"))
    assert len(cached) == 1 and {t["name"] for t in json.loads(cached[0].read_text())["tools"]} == {"add", "search-docs"}

    project["marker"].unlink()
    findings = _check(project)
    assert not project["marker"].exists()
    m004 = [f for f in findings if f["code"] == "M004"]
    assert len(m004) == 1 and "search-doc" in m004[0]["message"] and "search-docs" in m004[0]["message"]
    assert m004[0]["range"]["start"] == {"line": 3, "character": 29}

    shown = subprocess.run(agentls_cmd("mcp", "tools", "demo"), cwd=project["ws"], env=project["env"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "mcp__demo__search-docs" in shown.stdout


def test_fetch_reports_a_server_that_does_not_start(project):
    (project["ws"] / ".mcp.json").write_text(json.dumps({"mcpServers": {"broken": {"command": str(project["ws"] / "no-such-program")}}}))
    out = subprocess.run(agentls_cmd("mcp", "fetch", "broken", "--timeout", "20"), cwd=project["ws"], env=project["env"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "could not be started" in out.stderr


def test_fetch_unknown_server_names_the_configured_ones(project):
    out = subprocess.run(agentls_cmd("mcp", "fetch", "nosuch"), cwd=project["ws"], env=project["env"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 or out.returncode == 1
    assert "demo" in out.stderr


def test_the_check_path_does_not_import_the_sdk(project):
    code = "import sys; from agentls.cli import main; main(['check', '--fail-on', 'never', '.']); print('mcp' in sys.modules, 'pygls' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=project["ws"], env=project["env"], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "False False", out.stdout + out.stderr
