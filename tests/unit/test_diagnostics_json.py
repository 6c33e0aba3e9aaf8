"""Diagnostics are sent in their JSON form, built directly: that form must be exactly what
lsprotocol's types accept and give back (every field name, type and omission)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.protocol import default_converter

from support import REPO

from agentls.analysis import analyze
from agentls.analysis.config import Config
from agentls.document import parse_document
from agentls.features.capabilities import ClientCaps
from agentls.features.diagnostics import diagnostics_json, to_diagnostics

EXAMPLES = sorted((REPO / "examples" / ".claude" / "agents").glob("*.md"))


@pytest.mark.parametrize("caps", [ClientCaps(), ClientCaps(related_information=True, diagnostic_tags=True)], ids=["plain", "rich"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_json_round_trips_through_lsprotocol(path: Path, caps: ClientCaps) -> None:
    doc = parse_document(path.read_text(encoding="utf-8"), path=str(path), uri=path.as_uri(), version=3)
    findings = analyze(doc, Config(), None)
    sent = diagnostics_json(findings, doc, caps)
    assert len(sent) == len(findings)
    conv = default_converter()
    typed = to_diagnostics(findings, doc, caps)
    assert all(isinstance(d, types.Diagnostic) for d in typed)
    assert conv.unstructure(typed) == sent
    if caps.related_information:
        assert any("relatedInformation" in d for d in sent) or not any(f.related for f in findings)
    assert all(d["data"]["version"] == 3 for d in sent if "data" in d)
    assert any("data" in d for d in sent) == any(f.fixes for f in findings)


def test_examples_have_findings_with_fixes_and_related_information() -> None:
    """The round trip above covers every optional field."""
    found = [f for p in EXAMPLES for f in analyze(parse_document(p.read_text(encoding="utf-8"), path=str(p)), Config(), None)]
    assert any(f.fixes for f in found) and any(f.related for f in found) and any(f.tags for f in found)
