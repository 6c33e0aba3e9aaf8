"""`agentls check` as a user and a CI pipeline meet it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO, agentls_cmd, agentls_env

WORKSPACE = REPO / "examples"


def run(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(agentls_cmd(*args), cwd=cwd, env=agentls_env(home), capture_output=True, text=True, timeout=60)


@pytest.fixture
def ws(tmp_path):
    dest = tmp_path / "ws"
    shutil.copytree(WORKSPACE, dest)
    home = tmp_path / "home"
    home.mkdir()
    return dest, home


def test_text_output_is_compiler_like(ws):
    root, home = ws
    p = run("check", cwd=root, home=home)
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    i = lines.index(next(line for line in lines if line.startswith(".claude/agents/planner.md:7:5: error T001 ")))
    assert lines[i + 1].endswith("|   - read")
    assert lines[i + 2].replace(" ", "").endswith("|^^^^")
    assert lines[i + 2].index("^") == lines[i + 1].index("read")
    assert lines[-1].startswith("4 errors,") or "error" in lines[-1]


def test_json_output_shape(ws):
    root, home = ws
    p = run("check", "--format", "json", cwd=root, home=home)
    items = json.loads(p.stdout)
    item = next(i for i in items if i["code"] == "T001" and i["path"].endswith("planner.md") and i["range"]["start"]["line"] == 6)
    assert item["range"] == {"start": {"line": 6, "character": 4}, "end": {"line": 6, "character": 8}}
    assert item["severity"] == "error" and item["category"] == "tools"
    assert item["fixes"][0]["safe"] is True and item["fixes"][0]["edits"][0]["newText"] == "Read"
    dup = next(i for i in items if i["code"] == "F007")
    assert dup["related"] and {"path", "range", "message"} <= set(dup["related"][0])
    lines = p.stdout.splitlines()  # one finding per line, between the brackets
    assert lines[0] == "[" and lines[-1] == "]" and [json.loads(line.rstrip(",")) for line in lines[1:-1]] == items


def test_json_output_without_findings(tmp_path):
    from agentls.cli import format_json

    assert json.loads(format_json([])) == []


def test_sarif_and_github_formats(ws):
    root, home = ws
    sarif = json.loads(run("check", "--format", "sarif", cwd=root, home=home).stdout)
    run0 = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and run0["tool"]["driver"]["name"] == "agentls"
    res = next(r for r in run0["results"] if r["ruleId"] == "T001")
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 7
    gh = run("check", "--format", "github", cwd=root, home=home).stdout.splitlines()
    assert any(line.startswith("::error file=.claude/agents/planner.md,line=7,col=5,") for line in gh)


def test_fail_on_levels(ws):
    root, home = ws
    clean = root / ".claude" / "agents" / "clean.md"
    assert run("check", str(clean), "--disable", "F007", cwd=root, home=home).returncode == 0
    legacy = root / ".claude" / "agents" / "legacy-tools.md"
    assert run("check", str(legacy), cwd=root, home=home).returncode == 0  # warnings only
    assert run("check", str(legacy), "--fail-on", "warning", cwd=root, home=home).returncode == 1
    assert run("check", "--fail-on", "never", cwd=root, home=home).returncode == 0


def test_usage_errors_exit_2(ws):
    root, home = ws
    assert run("check", "--format", "xml", cwd=root, home=home).returncode == 2
    assert run("check", "--disable", "NOPE", cwd=root, home=home).returncode == 2
    assert run("explain", "NOPE", cwd=root, home=home).returncode == 2
    assert run(cwd=root, home=home).returncode == 2


def test_fix_applies_safe_fixes_and_reports(ws):
    root, home = ws
    planner = root / ".claude" / "agents" / "planner.md"
    p = run("check", str(planner), "--fix", cwd=root, home=home)
    assert "fixed" in p.stdout
    text = planner.read_text()
    assert "  - Read\n  - Grep\n  - Glob\n" in text and "mcpServers:" in text
    assert 'description: "Plans services' in text
    again = run("check", str(planner), cwd=root, home=home)
    assert " T001 " not in again.stdout and " S001 " not in again.stdout


def test_unreadable_files_get_one_message_and_the_run_goes_on(ws):
    root, home = ws
    agents = root / ".claude" / "agents"
    (agents / "latin1.md").write_bytes("---\nname: caf\xe9\n---\n".encode("latin-1"))
    (agents / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    p = run("check", cwd=root, home=home)
    assert "latin1.md: error E003 cannot check this file: not valid UTF-8 (byte 0xe9 on line 2)" in p.stdout
    assert "binary.md: error E003 cannot check this file: binary file" in p.stdout
    assert "planner.md:7:5" in p.stdout and p.returncode == 1


def test_missing_path(ws):
    root, home = ws
    p = run("check", "nope.md", cwd=root, home=home)
    assert "nope.md: error E003 cannot check this file: no such file" in p.stdout and p.returncode == 1


def test_config_file_changes_severity_and_disables(ws):
    root, home = ws
    (root / ".agentls.toml").write_text('[rules]\ndisable = ["duplicate-agent-name"]\nseverity = { T001 = "warning", T007 = "off" }\n')
    p = run("check", "--format", "json", cwd=root, home=home)
    items = json.loads(p.stdout)
    assert not [i for i in items if i["code"] in ("F007", "T007")]
    assert {i["severity"] for i in items if i["code"] == "T001"} == {"warning"}


def test_claude_code_version_setting(ws):
    root, home = ws
    legacy = root / ".claude" / "agents" / "legacy-tools.md"
    old = json.loads(run("check", str(legacy), "--format", "json", "--claude-code-version", "2.0.10", cwd=root, home=home).stdout)
    assert not [i for i in old if i["code"] in ("T002", "T003")]  # nothing was renamed yet in 2.0.10
    new = json.loads(run("check", str(legacy), "--format", "json", cwd=root, home=home).stdout)
    assert len([i for i in new if i["code"] in ("T002", "T003")]) == 3  # KillBash is still an alias (T009)
    assert [i["code"] for i in new if "KillBash" in i["message"]] == ["T009"]


def test_suppression_comments(ws):
    root, home = ws
    legacy = root / ".claude" / "agents" / "legacy-tools.md"
    text = legacy.read_text().replace("tools:", "# agentls-disable-next-line removed-tool, T002\ntools:")
    legacy.write_text(text)
    items = json.loads(run("check", str(legacy), "--format", "json", cwd=root, home=home).stdout)
    assert not [i for i in items if i["code"] in ("T002", "T003")]
    assert [i for i in items if i["code"] == "M001"]


def test_rules_and_explain_come_from_the_catalog(ws):
    root, home = ws
    from agentls.schema.rules import RULES

    listed = run("rules", cwd=root, home=home).stdout.splitlines()
    assert [line.split()[0] for line in listed] == [r.code for r in RULES]
    out = run("explain", "unknown-tool", cwd=root, home=home).stdout
    assert out.startswith("T001 unknown-tool") and "Fails:" in out


def test_schema_command_prints_json_schema(ws):
    root, home = ws
    schema = json.loads(run("schema", cwd=root, home=home).stdout)
    props = schema["properties"]
    assert schema["required"] == ["name", "description"] and schema["additionalProperties"] is False
    assert set(props["color"]["anyOf"][0]["enum"]) == {"red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"}


def test_check_path_does_not_import_the_server_stack(ws):
    root, home = ws
    code = "import sys; from agentls.cli import main; main(['check', '.']); print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'pydantic')))"
    p = subprocess.run([agentls_cmd()[0], "-c", code], cwd=root, env=agentls_env(home), capture_output=True, text=True, timeout=60)
    assert p.stdout.strip().splitlines()[-1] == "[]"


def test_statistics_count_findings_per_rule(ws):
    root, home = ws
    stats = run("check", "--statistics", cwd=root, home=home)
    full = json.loads(run("check", "--format", "json", cwd=root, home=home).stdout)
    lines = stats.stdout.splitlines()
    rows = [line.split() for line in lines[:-1]]
    assert {code: int(n) for n, code, _ in rows} == {c: sum(1 for i in full if i["code"] == c) for c in {i["code"] for i in full}}
    assert [int(n) for n, _, _ in rows] == sorted((int(n) for n, _, _ in rows), reverse=True)
    assert ("T001", "unknown-tool") in {(code, name) for _, code, name in rows}
    assert lines[-1] == run("check", cwd=root, home=home).stdout.splitlines()[-1]  # the same summary line
    assert stats.returncode == 1  # --fail-on still decides


def test_diff_shows_the_safe_fixes_and_writes_nothing(ws):
    root, home = ws
    before = {p: p.read_bytes() for p in (root / ".claude" / "agents").glob("*.md")}
    p = run("check", "--diff", cwd=root, home=home)
    assert p.returncode == 1
    assert "--- a/.claude/agents/planner.md" in p.stdout and "+++ b/.claude/agents/planner.md" in p.stdout
    assert "-  - read" in p.stdout and "+  - Read" in p.stdout
    assert {p: p.read_bytes() for p in (root / ".claude" / "agents").glob("*.md")} == before  # nothing written
    run("check", "--fix", cwd=root, home=home)
    again = run("check", "--diff", cwd=root, home=home)
    assert again.returncode == 0 and again.stdout == ""  # nothing left to fix


def test_colours_follow_the_terminal_and_the_environment(ws):
    root, home = ws
    env = agentls_env(home)
    plain = subprocess.run(agentls_cmd("check"), cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert "\x1b[" not in plain.stdout  # not a terminal
    forced = subprocess.run(agentls_cmd("check"), cwd=root, env={**env, "FORCE_COLOR": "1"}, capture_output=True, text=True, timeout=60)
    assert "\x1b[31merror\x1b[0m" in forced.stdout
    off = subprocess.run(agentls_cmd("check"), cwd=root, env={**env, "FORCE_COLOR": "1", "NO_COLOR": "1"}, capture_output=True, text=True, timeout=60)
    assert "\x1b[" not in off.stdout


def test_the_server_answers_initialize_before_the_model_and_rules_are_loaded():
    """`agentls serve` imports the document parsers, the catalog's tool table and the rules on first
    use, not to answer `initialize` (its start-up is measured against a bare pygls server)."""
    code = ("import sys; import agentls.server.server as s; s.create_server(); "
            "print(sorted(m for m in sys.modules if m.startswith(('agentls.analysis.rules', 'agentls.document.frontmatter', 'agentls.schema.tools', 'agentls.features.hover'))))")
    p = subprocess.run([agentls_cmd()[0], "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip().splitlines()[-1] == "[]", p.stdout + p.stderr
