"""Every rule has a page, generated from the catalog and checked for drift; diagnostics and SARIF
link to it."""

from __future__ import annotations

import json

from agentls.analysis import analyze
from agentls.cli import FileResult, format_sarif
from agentls.document import parse_document
from agentls.features.capabilities import ClientCaps
from agentls.features.diagnostics import diagnostics_json
from agentls.schema.rules import RULES
from support import REPO

PAGES = REPO / "docs" / "rules"


def test_every_rule_has_its_generated_page():
    for r in RULES:
        page = PAGES / f"{r.code}.md"
        assert page.is_file() and page.read_text(encoding="utf-8") == r.page(), f"regenerate: python scripts/sync_generated.py ({r.code})"
    assert {p.stem for p in PAGES.glob("*.md")} == {r.code for r in RULES} | {"README"}
    index = (PAGES / "README.md").read_text(encoding="utf-8")
    assert sum(f"[{r.code}]({r.code}.md)" in index for r in RULES) == len(RULES)


def test_pages_say_how_to_turn_the_rule_off():
    page = (PAGES / "T001.md").read_text(encoding="utf-8")
    assert "<!-- agentls-disable-next-line T001 -->" in page and 'disable = ["T001"]' in page and "--disable T001" in page


def test_diagnostics_and_sarif_link_to_the_page(monkeypatch):
    text = "---\nname: a\ndescription: d\ntools: read\n---\n\nBody.\n"
    doc = parse_document(text, kind="agent")
    found = analyze(doc)
    [t001] = [d for d in diagnostics_json(found, doc, ClientCaps()) if d["code"] == "T001"]
    assert t001["codeDescription"]["href"].endswith("/docs/rules/T001.md")
    monkeypatch.setenv("AGENTLS_DOCS_URL", "https://docs.example/agentls/rules/")
    [t001] = [d for d in diagnostics_json(found, doc, ClientCaps()) if d["code"] == "T001"]
    assert t001["codeDescription"]["href"] == "https://docs.example/agentls/rules/T001.md"
    sarif = json.loads(format_sarif([FileResult("a.md", found, text)]))
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["T001"]["helpUri"] == "https://docs.example/agentls/rules/T001.md"
