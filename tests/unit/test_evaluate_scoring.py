"""How `benchmarks/contradictions/evaluate.py` scores: precision over findings, recall over labels
(a label that two findings touch is found once, not twice)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _evaluate():
    spec = importlib.util.spec_from_file_location("evaluate", REPO / "benchmarks" / "contradictions" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_label_found_twice_counts_once_for_recall(monkeypatch, tmp_path):
    ev = _evaluate()
    kind = "subagent-unavailable"
    # two findings on the lines of one label, one on nothing labelled; a second label is missed
    monkeypatch.setattr(ev, "found", lambda path: ([(kind, 10, ()), (kind, 12, ()), (kind, 40, ())], 0.0))
    monkeypatch.setattr(ev, "corpus_of", lambda label_set: str(tmp_path))
    labels = [{"kind": kind, "line": 10, "also_lines": [12]}, {"kind": kind, "line": 30, "also_lines": []}]
    s = ev.score([{"_set": "labels_x.json", "file": "a.md", "findings": labels, "maybe": []}])
    assert (s["tp"][kind], s["fp"][kind], s["found"][kind], s["fn"][kind]) == (2, 1, 1, 1)
    assert "recall  0.50 (1/2)" in ev._pr(2, 1, 1, 1) and "precision  0.67 (2/3)" in ev._pr(2, 1, 1, 1)
