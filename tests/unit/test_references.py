"""R001-R003: agents, skills and files the prompt relies on, checked against a real workspace."""

from __future__ import annotations

from pathlib import Path

from agentls.cli import run_check


def workspace(tmp_path: Path, files: dict[str, str]) -> dict[str, list]:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    results, _ = run_check([str(tmp_path)], home=str(home))
    return {r.path.rsplit("/", 1)[-1]: [f for f in r.findings if f.category == "references"] for r in results}


def agent(name: str, body: str, extra: str = "") -> str:
    return f"---\nname: {name}\ndescription: Does {name} work.\n{extra}---\n\n{body}\n"


def test_missing_and_present_agents(tmp_path):
    found = workspace(tmp_path, {
        ".claude/agents/lead.md": agent("lead", "Delegate the fixes to the `fixer-bot` agent.\n\nDelegate reviews to the `code-checker` agent.\n\nUse the `general-purpose` agent for research."),
        ".claude/agents/checker.md": agent("code-checker", "Check code."),
    })
    lead = found["lead.md"]
    assert [(f.code, f.range.start.line + 1) for f in lead] == [("R001", 6)]
    assert "`fixer-bot`" in lead[0].message and lead[0].severity == "information"


def test_agent_specifier_in_tools(tmp_path):
    found = workspace(tmp_path, {".claude/agents/lead.md": agent("lead", "Coordinate.", "tools: Read, Agent(worker-one, lead)\n")})
    assert [f.code for f in found["lead.md"]] == ["R001"] and "`worker-one`" in found["lead.md"][0].message


def test_skills_of_the_project_and_of_the_user(tmp_path):
    (tmp_path / "home" / ".claude" / "skills" / "user-skill").mkdir(parents=True)
    (tmp_path / "home" / ".claude" / "skills" / "user-skill" / "SKILL.md").write_text("---\nname: user-skill\n---\n")
    found = workspace(tmp_path, {
        ".claude/skills/pdf/SKILL.md": "---\nname: pdf\ndescription: PDFs\n---\n",
        ".claude/agents/a.md": agent("a", "Work.", "skills:\n  - pdf\n  - user-skill\n  - nosuch\n"),
    })
    [f] = found["a.md"]
    assert f.code == "R002" and f.range.start.line == 6 and "`nosuch`" in f.message


def test_files_read_but_missing(tmp_path):
    found = workspace(tmp_path, {
        "docs/present.md": "here",
        ".claude/agents/a.md": agent("a", "Read `docs/present.md` first.\n\nRead `docs/missing.md` before you start.\n\n"
                                     "Read the notes (`notes/state.md`) and update the notes file (`notes/state.md`) at the end.\n\n"
                                     "Check package.json, requirements.txt or go.mod for versions.\n\nRead `docs/[topic].md`.\n\n"
                                     "Follow the conventions in CLAUDE.md."),
    })
    assert [(f.code, f.range.start.line + 1) for f in found["a.md"]] == [("R003", 8)]
    assert "`docs/missing.md`" in found["a.md"][0].message


def test_not_reported_without_a_workspace_folder(tmp_path):
    p = tmp_path / "loose.md"
    p.write_text(agent("loose", "Read `docs/missing.md`.\n\nDelegate to the `nobody-here` agent."), encoding="utf-8")
    results, _ = run_check([str(p)], home=str(tmp_path))
    assert not [f for f in results[0].findings if f.category == "references"]
