"""The five seed files together in one `.claude/agents/`, opened in a real client session as
VS Code and as Neovim would: the diagnostics `EXPECTED.md` marks **must** (outside the
contradiction analysis), at their exact ranges, and nothing it marks **never**."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio
from lsp_support import PROFILES, copy_seeds, session
from lsprotocol import types

from support import needs_seeds

pytestmark = [needs_seeds, pytest.mark.asyncio(loop_scope="module")]

Sev = types.DiagnosticSeverity


def _col(path: Path, line: int, needle: str, nth: int = 0) -> tuple[int, int]:
    """UTF-16 start and end columns of the nth `needle` on a 1-based line of the file."""
    text = path.read_text("utf-8").splitlines()[line - 1]
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def _on(diags: list[types.Diagnostic], code: str, line: int, cols: tuple[int, int] | None = None) -> types.Diagnostic:
    """The one diagnostic with that code on that (1-based) line (and exact columns)."""
    found = [d for d in diags if d.code == code and d.range.start.line == line - 1
             and (cols is None or (d.range.start.character, d.range.end.character, d.range.end.line) == (*cols, line - 1))]
    assert len(found) == 1, f"{code} at line {line} {cols}: {[(d.code, d.range) for d in diags]}"
    return found[0]


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=PROFILES)
async def seeds(request, tmp_path_factory: pytest.TempPathFactory):
    ws = tmp_path_factory.mktemp("seeds") / "project"
    (ws / ".claude" / "agents").mkdir(parents=True)
    home = tmp_path_factory.mktemp("home")
    files = copy_seeds(ws)
    async with session(ws, home, request.param) as client:
        got = {}
        for key, path in files.items():
            uri = client.open(path)
            got[key] = (path, uri)
        diags = {key: await client.diagnostics_for(uri, 1) for key, (path, uri) in got.items()}
        yield files, diags


async def test_000_planning_agent(seeds):
    files, diags = seeds
    path, d = files["000"], diags["000"]
    s001 = _on(d, "S001", 3, (113, 114))
    assert s001.severity == Sev.Warning and "still loads" in s001.message
    fixed = s001.data["fixes"][0]["edits"][0]["newText"]
    assert fixed.startswith('"Use this agent') and "I''ll use" in fixed  # the plain scalar's text kept as it is
    for line, name, want in ((7, "read", "Read"), (8, "grep", "Grep"), (9, "glob", "Glob")):
        t001 = _on(d, "T001", line, _col(path, line, name))
        assert t001.severity == Sev.Error and f"did you mean `{want}`" in t001.message
        assert t001.data["fixes"][0]["edits"][0]["newText"] == want
    assert _on(d, "T007", 6, (0, 5)).severity == Sev.Error
    f003 = _on(d, "F003", 11, (0, 11))
    assert "did you mean `mcpServers`" in f003.message and f003.data["fixes"][0]["edits"][0]["newText"] == "mcpServers"
    for line, server in ((12, "database_mcp"), (13, "postgres_mcp"), (14, "context7_mcp")):
        assert f"`{server}`" in _on(d, "M002", line, _col(path, line, server)).message
    f009 = _on(d, "F009", 1, (0, 3))
    assert f009.severity == Sev.Error and "refuses to launch" in f009.message
    assert f009.related_information[0].location.range.start.line == 5
    # never: the comment on L10 and "Read the central context file" on L55
    assert not [x for x in d if x.range.start.line in (9, 54)]


async def test_001_swallowed_description(seeds):
    files, diags = seeds
    path, d = files["001"], diags["001"]
    s001 = _on(d, "S001", 7, (9, 10))
    assert s001.severity == Sev.Error and "skips the agent" in s001.message
    assert s001.data["fixes"][0]["edits"][0]["newText"].startswith("|-")
    t004 = _on(d, "T004", 38, _col(path, 38, "Task"))
    assert "old name of `Agent`" in t004.message
    assert types.DiagnosticTag.Unnecessary in t004.tags
    assert "cannot be read" in _on(d, "F009", 1, (0, 3)).message
    # never: the <example> dialogues are not findings
    assert not [x for x in d if 7 < x.range.start.line < 37]


async def test_002_stale_tool_names(seeds):
    files, diags = seeds
    path, d = files["002"], diags["002"]
    for code, name, repl in (("T002", "BashOutput", "TaskOutput"), ("T009", "KillBash", "TaskStop"), ("T003", "LS", "Glob"), ("T003", "MultiEdit", "Edit")):
        a, _ = _col(path, 4, f" {name},")  # the whole entry, not a longer name containing it
        x = _on(d, code, 4, (a + 1, a + 1 + len(name)))
        assert repl in x.message and x.data["fixes"]
        assert types.DiagnosticTag.Deprecated in x.tags
    m001 = [x for x in d if x.code == "M001"]
    servers = sorted(x.message.split("`")[1] for x in m001)
    assert servers == sorted(["Ref", "exa", "playwright", "semgrep", "context7"])  # one per server, not per tool
    for x in m001:
        assert x.range.start.line == 3 and x.severity == Sev.Warning
    assert not [x for x in d if x.code == "T001"]  # never: TodoWrite, NotebookEdit, ... are valid


async def test_003_clean(seeds):
    files, diags = seeds
    d = diags["003"]
    assert [x.code for x in d] == ["F007"]
    f007 = d[0]
    others = sorted(Path(r.location.uri).name for r in f007.related_information)
    assert others == ["000_2241310e23451bf0.md", "001_778f8d6350f71607.md", "002_fcf1d91c52c69a3e.md"]


async def test_004_long_prompt(seeds):
    files, diags = seeds
    path, d = files["004"], diags["004"]
    assert "Use `Edit` instead" in _on(d, "T003", 4, _col(path, 4, "MultiEdit")).message
    assert "no agent inheritance" in _on(d, "F008", 7, (0, 7)).message
    mojibake = [x for x in d if x.code == "E001"]
    assert len(mojibake) >= 20 and _on(d, "E001", 12).data["fixes"][0]["edits"][0]["newText"] == "\U0001F534"
    glued = _on(d, "D001", 622)
    assert "## MANDATORY" in glued.message
    dup = _on(d, "D002", 457)
    assert dup.related_information[0].location.range.start.line == 336
    servers = sorted(x.message.split("`")[1] for x in d if x.code == "M001")
    assert servers == sorted(["workspace", "validation", "execution", "docs", "coord", "context7", "logging", "monitoring"])


async def test_duplicate_names(seeds):
    files, diags = seeds
    for key in ("000", "001", "002", "003"):
        f007 = _on(diags[key], "F007", 2, _col(files[key], 2, "backend-engineer"))
        assert len(f007.related_information) == 3
    assert not [x for x in diags["004"] if x.code == "F007"]
