"""The labelled evaluation set stays within the targets on the part the rules were developed on.

The figures for both parts (and the holdout part, not developed against) come from
`benchmarks/contradictions/evaluate.py`; this only guards against regressions."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from support import REPO, needs_corpus

pytestmark = needs_corpus


def _sets_here(ev, entries: list[dict]) -> set[str]:
    """The label sets whose files are here. The rounds from the third on are fetched a round at a
    time (`fetch_round3.py`): a round none of whose files are here is left out."""
    return {e["_set"] for e in entries if (Path(ev.corpus_of(e["_set"])) / e["file"]).is_file()}


def _present(ev) -> list[dict]:
    """The labels whose files are here."""
    entries = ev.load_labels()
    here = _sets_here(ev, entries)
    return [e for e in entries if e["_set"] in here]


def _evaluate():
    spec = importlib.util.spec_from_file_location("evaluate", REPO / "benchmarks" / "contradictions" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("handwritten, least", [(False, 60), (True, 100)], ids=["collections", "hand-written"])
def test_dev_precision_and_recall(handwritten: bool, least: int):
    """A regression guard on the dev parts (tuned on); the blind part's first run is in the README."""
    ev = _evaluate()
    entries = [e for e in _present(ev) if e["split"] == "dev" and ("handwritten" in e["_set"]) == handwritten]
    assert len(entries) >= least
    s = ev.score(entries)
    tp, fp, found, fn = (sum(s[k].values()) for k in ("tp", "fp", "found", "fn"))
    assert tp / (tp + fp) >= 0.9, (tp, fp)
    assert found / (found + fn) >= 0.75, (found, fn)


def test_labels_are_complete_and_well_formed():
    ev = _evaluate()
    entries = ev.load_labels()
    files = [(e["_set"], e["file"]) for e in entries]
    assert len(files) == len(set(files)) and len(files) >= 300
    kinds = set(ev.KINDS)
    here = _sets_here(ev, entries)
    for e in entries:
        assert e["split"] in ("dev", "holdout", "blind") and e["tools"] in ("explicit", "omitted")
        if "round" in e["_set"]:  # files of public projects, named by repository, commit and path
            assert e["file"] == e["repo"].replace("/", "__") + "/" + e["path"] and len(e["commit"]) == 40
        root = Path(ev.corpus_of(e["_set"]))
        if not root.is_dir() or e["_set"] not in here:
            continue  # a corpus, or a round of it, that is not here
        path = root / e["file"]
        assert path.is_file(), e["file"]
        lines = path.read_text(encoding="utf-8").splitlines()
        for lab in e["findings"] + e.get("maybe", []):
            assert lab["kind"] in kinds, (e["file"], lab)
            assert all(1 <= n <= len(lines) + 1 for n in (lab["line"], *lab.get("also_lines", ()))), (e["file"], lab)


def test_the_blind_part_is_chosen_by_a_hash_of_the_path():
    """Fixed before any run: the hand-written blind part is every file whose path hashes to 0 or 1
    mod 5; the third round's, every file whose "round3:" + path hashes to 0 mod 2; the later rounds', all."""
    ev = _evaluate()
    for e in ev.load_labels():
        if "handwritten" in e["_set"]:
            blind = int(hashlib.sha256(e["file"].encode()).hexdigest(), 16) % 5 < 2
            assert e["split"] == ("blind" if blind else "dev"), e["file"]
        third = e["_set"] == "labels_round3.json"  # not labels_round30.json
        if third:
            blind = int(hashlib.sha256(("round3:" + e["file"]).encode()).hexdigest(), 16) % 2 == 0
            assert e["split"] == ("blind" if blind else "dev"), e["file"]
        if "round" in e["_set"] and not third:
            assert e["split"] == "blind", e["file"]  # gathered after the third round's snapshot, every file blind
