"""Property tests: generated documents through `parse_document` and every rule of `analyze`.

For every generated file: nothing raises and no rule logs a failure; every range (finding,
related place, fix edit) lies inside the document on a valid UTF-16 boundary; every fix applies
cleanly with `apply_edits` and leaves the text outside its edits untouched; safe fixes never make
a file that Claude Code loads unloadable; parsing is deterministic despite the caches.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from rel_gen import Lines, check_range, documents, fuzz_settings, splice

from agentls.analysis import CHECKERS, Config, analyze
from agentls.analysis.fixes import apply_edits, safe_edits
from agentls.document import parse_document
from agentls.document.body import parse_body
from agentls.document.frontmatter import parse_frontmatter
from agentls.schema import LATEST, PROFILES
from agentls.workspace.discovery import kind_for_path
from agentls.workspace.index import WorkspaceIndex

VERSIONS = ["2.0.0", "2.0.30", "2.1.50", LATEST]
# where each kind of file lives in the generated workspace (`plug` is a plugin)
PATHS = [
    ("agent", ".claude/agents/generated.md"),
    ("agent", ".claude/agents/generated.md"),
    ("plugin-agent", "plug/agents/generated.md"),
    ("skill", ".claude/skills/generated/SKILL.md"),
    ("command", ".claude/commands/generated.md"),
    ("plugin-skill", "plug/skills/generated/SKILL.md"),
    ("plugin-command", "plug/commands/generated.md"),
    ("copilot-agent", ".github/agents/generated.agent.md"),
    ("copilot-agent", ".github/chatmodes/generated.chatmode.md"),
    ("copilot-prompt", ".github/prompts/generated.prompt.md"),
    ("opencode-agent", ".opencode/agent/generated.md"),
]


class _Failures(logging.Handler):
    """Collects what `analyze` logs when a rule raises (it keeps going, so the test must look)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WorkspaceIndex]:
    """A workspace with MCP servers configured, a plugin, a skill and a second agent, so workspace
    rules run too."""
    root = tmp_path_factory.mktemp("ws")
    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True)
    (root / "plug" / ".claude-plugin").mkdir(parents=True)
    (root / "plug" / ".claude-plugin" / "plugin.json").write_text(json.dumps({"name": "plug"}))
    (root / ".claude" / "skills" / "writing").mkdir(parents=True)
    (root / ".claude" / "skills" / "writing" / "SKILL.md").write_text("---\nname: writing\ndescription: Writes.\n---\n\nWrite.\n")
    assert set(PROFILES) == {k for k, _ in PATHS}, "a new kind of file: give it a path here"
    for kind, rel in PATHS:
        assert kind_for_path(str(root / rel)) == kind, rel
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": {"github": {"command": "false"}, "context7": {"url": "http://127.0.0.1:9/"}}}))
    other = agents / "other.md"
    other.write_text("---\nname: reviewer\ndescription: Reviews code.\n---\n\nReview.\n")
    home = root / "home"
    home.mkdir()
    ws = WorkspaceIndex.build(str(root), [parse_document(other.read_text(), path=str(other))], home=str(home), plugin_roots=(str(root / "plug"),))
    return root, ws


@pytest.fixture(scope="module")
def failures():
    handler = _Failures()
    logger = logging.getLogger("agentls")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def _analyze(text: str, where: tuple[str, str], version: str, root: Path, ws: WorkspaceIndex):
    kind, rel = where
    path = str(root / rel)
    doc = parse_document(text, path=path, kind=kind)
    ws.update(doc)
    return doc, analyze(doc, Config(claude_code_version=version), ws)


def _assert_ranges(text: str, doc, findings) -> None:
    lines = Lines.of(text)
    for f in findings:
        check_range(lines, f.range, f"{f.code} {f.message[:60]!r}")
        for r in f.related:
            if r.path in (None, doc.path):
                check_range(lines, r.range, f"{f.code} related")
        for fix in f.fixes:
            assert fix.edits, f"{f.code}: fix {fix.title!r} has no edits"
            for e in fix.edits:
                check_range(lines, e.range, f"{f.code} fix {fix.title!r}")


@given(text=documents(), where=st.sampled_from(PATHS), version=st.sampled_from(VERSIONS))
@fuzz_settings()
def test_analysis_never_fails_and_ranges_lie_inside(workspace, failures, text, where, version):
    root, ws = workspace
    failures.records.clear()
    doc, findings = _analyze(text, where, version, root, ws)
    note(f"findings: {[(f.code, f.range) for f in findings]}")
    assert not failures.records, f"a rule raised: {failures.records[0].getMessage()}\n{failures.records[0].exc_text}"
    _assert_ranges(text, doc, findings)
    # the document model itself: frontmatter and body lie inside the text
    lines = Lines.of(text)
    assert doc.index.line_count == len(lines.contents)
    if doc.split is not None:
        assert 0 <= doc.split.content_start <= doc.split.content_end <= doc.split.body_start <= len(text)
        for field in doc.frontmatter.fields:
            check_range(lines, doc.frontmatter.node_range(field), f"field {field.key!r}")
    for block in doc.body.blocks:
        assert 0 <= doc.body.doc_line(block.line) < len(lines.contents)


@given(text=documents(), where=st.sampled_from(PATHS), version=st.sampled_from(VERSIONS))
@fuzz_settings()
def test_every_fix_applies_cleanly_and_keeps_the_rest(workspace, failures, text, where, version):
    root, ws = workspace
    failures.records.clear()
    doc, findings = _analyze(text, where, version, root, ws)
    lines = Lines.of(text)
    for f in findings:
        for fix in f.fixes:
            expected = splice(text, lines, fix.edits)
            got = apply_edits(text, list(fix.edits))
            assert got == expected, f"{f.code} fix {fix.title!r} applied differently by apply_edits"
            spans = [check_range(lines, e.range, "edit") for e in fix.edits]
            first, last = min(a for a, _ in spans), max(b for _, b in spans)
            assert got.startswith(text[:first]) and got.endswith(text[last:]), f"{f.code} fix {fix.title!r} changed text outside its edits"
            fixed_doc, again = _analyze(got, where, version, root, ws)  # the fixed text is analysable too
            _assert_ranges(got, fixed_doc, again)
    assert not failures.records, f"a rule raised: {failures.records[0].getMessage()}\n{failures.records[0].exc_text}"


@given(text=documents(), where=st.sampled_from(PATHS))
@fuzz_settings()
def test_safe_fixes_keep_a_loadable_file_loadable(workspace, failures, text, where):
    """`check --fix` applies safe fixes unattended: they must never break what Claude Code reads."""
    root, ws = workspace
    doc, findings = _analyze(text, where, LATEST, root, ws)
    edits = safe_edits(findings)
    if not edits:
        return
    fixed = apply_edits(text, edits)
    assert fixed == splice(text, Lines.of(text), edits)
    split = doc.split
    # what Claude Code loads: a closed block at the very start, read by its (lenient) reader
    loads = split is not None and split.close_line is not None and not split.leading_text and not split.indented_open
    before = doc.frontmatter.parsed if doc.frontmatter and loads else None
    after_doc, after = _analyze(fixed, where, LATEST, root, ws)
    note(f"fixed text: {fixed!r}")
    if before is not None and before.claude_loads:
        assert after_doc.frontmatter is not None, "a safe fix removed the frontmatter"
        assert after_doc.frontmatter.parsed.claude_loads, f"a safe fix made the frontmatter unreadable: {[f.code for f in findings if f.fixes]}"
        kept = {f.key for f in before.fields}
        now = {f.key for f in after_doc.frontmatter.parsed.fields}
        renamed = {f.range.start for f in findings if f.code == "F003"}
        assert len(now) >= len(kept) - len(renamed), f"a safe fix dropped fields: {kept - now}"
    _assert_ranges(fixed, after_doc, after)


@given(text=documents())
@fuzz_settings(0.5)
def test_parsing_is_deterministic_despite_the_caches(workspace, text):
    root, ws = workspace
    _, first = _analyze(text, PATHS[0], LATEST, root, ws)
    _, second = _analyze(text, PATHS[0], LATEST, root, ws)
    parse_frontmatter.cache_clear()
    parse_body.cache_clear()
    _, fresh = _analyze(text, PATHS[0], LATEST, root, ws)
    as_json = lambda fs: [f.to_json(None) for f in fs]  # noqa: E731
    assert as_json(first) == as_json(second) == as_json(fresh)


def test_every_rule_family_is_exercised():
    """The properties above run whatever `analyze` runs; make sure that is every registered family."""
    assert len(CHECKERS) >= 7
    codes = {c for codes, _ in CHECKERS for c in codes}
    assert {"S001", "F001", "T001", "E001", "D001", "F007", "M001"} <= codes
