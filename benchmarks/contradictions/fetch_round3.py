"""Download the agent files of the third and later rounds (hand-written, from public projects) for `evaluate.py`.

    python benchmarks/contradictions/fetch_round3.py [--to ../round3/files]

`labels_round3.json` and the later rounds' labels name each file by repository, commit and path; the files are
not kept in this repository (they belong to their projects). This fetches each one at its
commit from raw.githubusercontent.com and checks that its line count is the labelled one.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from evaluate import round3_root  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--to", default=round3_root(), help="folder to write the files to (default %(default)s)")
    args = ap.parse_args()
    entries = []
    for name in sorted(glob.glob(os.path.join(HERE, "labels_round*.json"))):
        with open(name, encoding="utf-8") as fh:
            entries += json.load(fh)
    failed = 0
    for e in entries:
        target = os.path.join(args.to, e["file"])
        if os.path.exists(target):
            continue
        url = f"https://raw.githubusercontent.com/{e['repo']}/{e['commit']}/{e['path']}"
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                data = resp.read()
        except OSError as exc:
            print(f"{e['file']}: {exc}", file=sys.stderr)
            failed += 1
            continue
        lines = data.decode("utf-8", "replace").count("\n") + (not data.endswith(b"\n"))
        if lines != e["lines"]:
            print(f"{e['file']}: {lines} lines, labelled with {e['lines']}", file=sys.stderr)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(data)
    print(f"{len(entries) - failed} of {len(entries)} files in {args.to}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
