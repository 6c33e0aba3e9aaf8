"""Precision and recall of the contradiction analysis against the labelled corpus files.

    python benchmarks/contradictions/evaluate.py [--split dev|holdout|blind|all] [--set labels_d.json] [--show]   (reads ../shared, or $AGENTLS_SHARED)

Labels: `labels_*.json` beside this script, one entry per file, each read and labelled completely
before any rule ran on it: {file, split, tools, lines, findings: [{kind, line, also_lines,
related_line, ...}], maybe: [...]}. `labels_handwritten.json` labels ../shared/corpus-handwritten
(split dev / blind by a hash of the path); `labels_[abc].json` label ../shared/corpus (dev / holdout),
and `labels_d.json` 180 more of its files, labelled for the second round (a sample of each
collection; split dev / blind by sha256("round2:" + path) % 5 < 2, fixed before any run).
`labels_round3.json` and later rounds label agent files hand-written in public projects,
named by repository, commit and path (`fetch_round3.py` downloads them to `../round3/files`, or
`$AGENTLS_ROUND3`); round 3 is split by sha256("round3:" + path) % 2, the later rounds are blind.
A finding matches a label of the same kind when its line, or one of its related lines, is the
label's `line` or one of its `also_lines` (a self-contradiction also matches on the label's
related line). Findings of one kind on one line count once. `maybe` labels count neither way.
Only what a user sees counts: error, warning and information; hints are not listed in the
problems view. The analysis runs without a workspace, as on a single file.

`--split blind` is the part kept for one run at the end of a round: run it once, report it as it
came out, and never tune on it afterwards.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "server"))

from agentls.analysis import analyze  # noqa: E402
from agentls.document import parse_document  # noqa: E402
from agentls.schema.rules import RULES  # noqa: E402

KINDS = [r.name for r in RULES if r.category == "contradiction"]
SELF = "self-contradiction"


def shared_root() -> str:
    return os.environ.get("AGENTLS_SHARED") or os.path.join(os.path.dirname(REPO), "shared")


def round3_root() -> str:
    """Where the third and fourth rounds' files are: `$AGENTLS_ROUND3`, or `../round3/files`
    beside the repository (`fetch_round3.py` downloads them there)."""
    return os.environ.get("AGENTLS_ROUND3") or os.path.join(os.path.dirname(REPO), "round3", "files")


def corpus_of(label_set: str) -> str:
    """The corpus folder a labels file describes."""
    if "round" in label_set:  # labels_round3.json and later
        return round3_root()
    name = "corpus-handwritten" if "handwritten" in label_set else "corpus"
    return os.path.join(shared_root(), name)


def load_labels() -> list[dict]:
    entries = []
    for path in sorted(glob.glob(os.path.join(HERE, "labels_*.json"))):
        with open(path, encoding="utf-8") as fh:
            for e in json.load(fh):
                e["_set"] = os.path.basename(path)
                entries.append(e)
    return entries


def found(path: str) -> tuple[list[tuple[str, int, tuple[int, ...]]], float]:
    """(kind, 1-based line, related lines) of each contradiction finding, and the time taken."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    t0 = time.perf_counter()
    doc = parse_document(text, path=path)
    findings = [f for f in analyze(doc) if f.category == "contradiction" and f.severity != "hint"]
    dt = time.perf_counter() - t0
    out = {}
    for f in findings:
        key = (f.name, f.range.start.line + 1)
        out.setdefault(key, tuple(r.range.start.line + 1 for r in f.related))
    return [(k, line, rel) for (k, line), rel in sorted(out.items(), key=lambda x: (x[0][1], x[0][0]))], dt


def _matches(kind: str, line: int, related: tuple[int, ...], label: dict) -> bool:
    if label["kind"] != kind:
        return False
    lines = {label["line"], *label.get("also_lines", ())}
    if line in lines:
        return True
    if kind == SELF:
        return label.get("related_line") == line or bool(lines & set(related))
    return False


def score(entries: list[dict], show: bool = False) -> dict:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    found_labels: dict[str, int] = defaultdict(int)  # labels some finding touches (recall counts labels, not findings)
    times = []
    details = []
    for e in entries:
        path = os.path.join(corpus_of(e["_set"]), e["file"])
        got, dt = found(path)
        times.append(dt)
        labels = e["findings"]
        maybes = e.get("maybe", [])
        hit = [False] * len(labels)
        for kind, line, rel in got:
            match = next((k for k, lab in enumerate(labels) if _matches(kind, line, rel, lab)), None)
            if match is not None:
                tp[kind] += 1
                for k, lab in enumerate(labels):
                    if _matches(kind, line, rel, lab):
                        hit[k] = True
                details.append(("TP", e["file"], kind, line))
            elif any(_matches(kind, line, rel, m) for m in maybes):
                details.append(("maybe", e["file"], kind, line))
            else:
                fp[kind] += 1
                details.append(("FP", e["file"], kind, line))
        for lab, h in zip(labels, hit):
            if h:
                found_labels[lab["kind"]] += 1
            else:
                fn[lab["kind"]] += 1
                details.append(("FN", e["file"], lab["kind"], lab["line"]))
    if show:
        for d in details:
            if d[0] != "TP":
                print("   ", *d)
    return {"tp": tp, "fp": fp, "fn": fn, "found": found_labels, "times": times, "files": len(entries)}


def _pr(tp: int, fp: int, found: int, fn: int) -> str:
    """Precision over findings (right / reported), recall over labels (found / labelled)."""
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = found / (found + fn) if found + fn else float("nan")
    return f"precision {p:5.2f} ({tp}/{tp + fp})  recall {r:5.2f} ({found}/{found + fn})"


def report(name: str, s: dict) -> None:
    print(f"{name}: {s['files']} files")
    for kind in KINDS:
        tp, fp, found, fn = (s[k][kind] for k in ("tp", "fp", "found", "fn"))
        if tp or fp or fn:
            print(f"  {kind:32s} {_pr(tp, fp, found, fn)}")
    tp, fp, found, fn = (sum(s[k].values()) for k in ("tp", "fp", "found", "fn"))
    print(f"  {'overall':32s} {_pr(tp, fp, found, fn)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "holdout", "blind", "all"], default="dev",
                    help="which part to score (default dev; `blind` is run once per round)")
    ap.add_argument("--set", dest="label_set", help="one labels file only (e.g. labels_d.json)")
    ap.add_argument("--show", action="store_true", help="list false positives, misses and maybes")
    args = ap.parse_args()
    if not os.path.isdir(corpus_of("labels_a.json")):
        print(f"corpus not found under {shared_root()} (set AGENTLS_SHARED)", file=sys.stderr)
        return 2
    entries = load_labels()
    times = []
    for label_set in sorted({e["_set"] for e in entries} & ({args.label_set} if args.label_set else {e["_set"] for e in entries})):
        for split in ("dev", "holdout", "blind"):
            if args.split not in (split, "all"):
                continue
            part = [e for e in entries if e["_set"] == label_set and e["split"] == split]
            absent = sum(not os.path.isfile(os.path.join(corpus_of(label_set), e["file"])) for e in part)
            if absent:
                print(f"{label_set} {split}: skipped, {absent} of its {len(part)} files are not in {corpus_of(label_set)}"
                      + (" (python benchmarks/contradictions/fetch_round3.py downloads them)" if "round" in label_set else ""))
                continue
            if not part:
                continue
            s = score(part, args.show)
            report(f"{label_set} {split}", s)
            times += s["times"]
    if times:
        times.sort()
        print(f"time per file (analysis, all rules): median {1000 * times[len(times) // 2]:.1f} ms, max {1000 * times[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
