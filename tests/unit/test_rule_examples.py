"""Every rule of the catalog fires on its failing example and not on its passing one,
and every fix it offers round-trips: applied, the finding is gone and the rest is unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentls.analysis import CHECKERS, analyze
from agentls.analysis.config import config_from_dict
from agentls.analysis.fixes import apply_edits
from agentls.document import parse_document
from agentls.schema.rules import RULES
from agentls.workspace.discovery import plugin_root
from agentls.workspace.index import WorkspaceIndex

IMPLEMENTED = {code for codes, _ in CHECKERS for code in codes}
EXAMPLES = [r for r in RULES if r.code in IMPLEMENTED and r.bad]


def check(tmp_path: Path, text: str, twin: bool = False, rule=None, good: bool = False):
    """Check an example as the rule says: its kind, at its path, beside its other files."""
    root = tmp_path / "ws"
    rel = ".claude/agents/example.md"
    if rule is not None and rule.path:
        rel = rule.good_path if good and rule.good_path else rule.path
    for other, content in rule.files if rule is not None else ():
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        (root / other).write_text(content, encoding="utf-8")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    kind = rule.kind if rule is not None else "agent"
    doc = parse_document(text, path=str(path), kind=kind)
    docs = [doc]
    if twin:
        docs.append(parse_document(text, path=str(path.parent / "twin.md"), kind=kind))
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    plugins = tuple(r for r in {plugin_root(str(path))} if r)
    ws = WorkspaceIndex.build(str(root), docs, home=str(home), plugin_roots=plugins, scan=True)
    config = config_from_dict(dict(rule.config)) if rule is not None else None
    return doc, ws, analyze(doc, config, ws)


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_fires_on_failing_example(rule, tmp_path):
    _, _, findings = check(tmp_path, rule.bad, twin=rule.code == "F007", rule=rule)
    assert rule.code in {f.code for f in findings}, [f.code for f in findings]


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: f"{r.code}-{r.name}")
def test_rule_is_quiet_on_passing_example(rule, tmp_path):
    _, _, findings = check(tmp_path, rule.good, rule=rule, good=True)
    assert rule.code not in {f.code for f in findings}, [(f.code, f.message) for f in findings]


@pytest.mark.parametrize("rule", EXAMPLES, ids=lambda r: f"{r.code}-{r.name}")
def test_fixes_round_trip(rule, tmp_path):
    doc, ws, findings = check(tmp_path, rule.bad, twin=rule.code == "F007", rule=rule)
    for finding in [f for f in findings if f.code == rule.code]:
        for fix in finding.fixes:
            fixed = apply_edits(doc.text, list(fix.edits))
            after = analyze(parse_document(fixed, path=doc.path, kind=doc.kind), config_from_dict(dict(rule.config)), ws)
            same_place = [f for f in after if f.code == rule.code and f.range.start.line == finding.range.start.line]
            assert not same_place, (fix.title, fixed)
            # the text outside the edited ranges is unchanged
            first = min(doc.index.offset(e.range.start) for e in fix.edits)
            last = max(doc.index.offset(e.range.end) for e in fix.edits)
            assert fixed[:first] == doc.text[:first]
            assert fixed[len(fixed) - (len(doc.text) - last) :] == doc.text[last:]


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)
