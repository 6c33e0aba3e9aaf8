"""Cost of one keystroke in the core, in-process: re-parse the edited text and re-analyse it.

    python benchmarks/keystroke_core.py [--edits 200] [--sizes 100000,1000000,4000000]

For seed 004 (23 KB) and for generated agent files of the given sizes, types a sentence into
the body and into the `description` of the frontmatter, one character per edit, and times
`parse_document` + `analyze` for each edit: wall p50 / p99, CPU p50, and the CPU cost per
100 KB, which stays flat when the cost grows linearly with the size. The previous version of
the document is handed to `parse_document`, as the server does.
"""

from __future__ import annotations

import argparse
import inspect
import tempfile
import time

import _common as c

from agentls.analysis import analyze
from agentls.analysis.config import Config
from agentls.document import parse_document
from agentls.workspace.index import WorkspaceIndex

PHRASE = "keep every keystroke fast while the whole file is checked again "
INCREMENTAL = "previous" in inspect.signature(parse_document).parameters


def edits(text: str, where: str, count: int) -> list[str]:
    """`count` successive texts, each one character longer: a sentence typed into the middle of
    the body, or at the end of the `description` value (no text repeats, so no cache helps)."""
    head, body = c.split_body(text)
    if where == "body":
        mid = body.find("\n\n", len(body) // 2)
        at = len(head) + (mid + 2 if mid >= 0 else len(body))
        typed = ""
    else:
        key = head.find("\ndescription:")
        at = head.find("\n", key + 1) if key >= 0 else 4
        typed = " "
    out = []
    for i in range(count):
        typed += PHRASE[i % len(PHRASE)]
        out.append(text[:at] + typed + ("\n\n" if where == "body" else "") + text[at:])
    return out


def run(name: str, text: str, count: int, ws: WorkspaceIndex, cfg: Config) -> dict[str, list[float]]:
    out = {}
    for where in ("body", "frontmatter"):
        texts = edits(text, where, count)
        prev = parse_document(text, path="/bench/.claude/agents/bench.md")
        times, cpu = [], []
        for i, t in enumerate(texts):
            t0, c0 = time.perf_counter(), time.process_time()
            kw = {"previous": prev} if INCREMENTAL else {}
            doc = parse_document(t, path="/bench/.claude/agents/bench.md", version=i + 1, **kw)
            ws.update(doc)
            analyze(doc, cfg, ws)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            prev = doc
        out[where] = times
        print(f"   {name:<22} {where:<11} wall {c.summary(times)}; cpu p50 {c.pct(cpu, 50):.2f} ms, {pct100k(cpu, len(text))}")
    return out


def pct100k(times: list[float], size: int) -> str:
    return f"per 100 KB {c.pct(times, 50) / (size / 100_000):.2f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=200, help="edits per sample and place (seed 004)")
    ap.add_argument("--sizes", default="100000,1000000,4000000", help="generated file sizes in bytes")
    ap.add_argument("--quick", action="store_true", help="few edits on small files (for the test suite)")
    args = ap.parse_args()
    count = 10 if args.quick else args.edits
    sizes = [20_000, 60_000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    c.header("keystroke cost in the core (parse_document + analyze)", "python benchmarks/keystroke_core.py"
             + (" --quick" if args.quick else f" --edits {count} --sizes {args.sizes}"))
    print(f"   incremental parse (previous=): {'yes' if INCREMENTAL else 'no'}")
    cfg = Config(delay_ms=0)
    with tempfile.TemporaryDirectory() as home:
        ws = WorkspaceIndex.build(None, [], home=home)
        name, text = c.sample_text()
        run(f"{name[:14]} ({len(text) // 1000} KB)", text, count, ws, cfg)
        for size in sizes:
            big = c.generated(size)
            n = max(5, min(count, int(count * 100_000 / size) if size > 100_000 else count))
            t0 = time.perf_counter()
            parse_document(big, path="/bench/cold.md")
            cold = (time.perf_counter() - t0) * 1000
            print(f"   generated {size / 1e6:g} MB: first parse {cold:.0f} ms")
            run(f"generated {size / 1e6:g} MB", big, n, ws, cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
