"""The labelled evaluation set stays within the targets on the part the rules were developed on.

The figures for both parts (and the holdout part, not developed against) come from
`benchmarks/contradictions/evaluate.py`; this only guards against regressions."""

from __future__ import annotations

import importlib.util

from support import CORPUS, REPO, needs_corpus

pytestmark = needs_corpus


def _evaluate():
    spec = importlib.util.spec_from_file_location("evaluate", REPO / "benchmarks" / "contradictions" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_precision_and_recall():
    ev = _evaluate()
    entries = [e for e in ev.load_labels() if e["split"] == "dev"]
    assert len(entries) >= 60
    s = ev.score(entries, str(CORPUS))
    tp, fp, fn = (sum(s[k].values()) for k in ("tp", "fp", "fn"))
    assert tp / (tp + fp) >= 0.9, (tp, fp)
    assert tp / (tp + fn) >= 0.75, (tp, fn)


def test_labels_are_complete_and_well_formed():
    ev = _evaluate()
    entries = ev.load_labels()
    files = [e["file"] for e in entries]
    assert len(files) == len(set(files)) and len(files) >= 100
    kinds = set(ev.KINDS)
    for e in entries:
        assert (CORPUS / e["file"]).is_file(), e["file"]
        assert e["split"] in ("dev", "holdout") and e["tools"] in ("explicit", "omitted")
        lines = (CORPUS / e["file"]).read_text(encoding="utf-8").splitlines()
        for lab in e["findings"] + e.get("maybe", []):
            assert lab["kind"] in kinds and 1 <= lab["line"] <= len(lines), (e["file"], lab)
