"""Throughput: `agentls check` over the corpus, next to the other linters installable here.

    python benchmarks/throughput.py [--runs 3] [--files N]

The corpus files are copied into scratch projects, each laid out the way a tool finds agent
files on its own (the same files and file names for every tool):

- nested: `<folder>/.claude/agents/<file>.md`, one project per source folder (agentls, agnix);
- tree: `.claude/agents/<folder>/<file>.md` (cclint looks only under the root's `.claude/agents`);
- flat: `.claude/agents/<folder>__<file>.md` (claudelint reads `.claude/agents/*.md` only).

Every tool runs with its defaults and machine-readable output; the script prints wall time
(min and median of the runs), files per second, and what each reported, by severity.
The other linters are looked up in $AGENTLS_BENCH_TOOLS (default ../bench-tools beside the repository: a venv
with `agnix`, and node_modules with `claude-code-lint` and `@carlrannaberg/cclint`) or on PATH;
a missing one is skipped.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import _common as c


@dataclass
class Run:
    tool: str
    layout: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    files: int = 0
    counts: Counter = field(default_factory=Counter)
    note: str = ""


def build_layouts(files: list[Path], base: Path, root: Path) -> dict[str, Path]:
    out = {name: root / name for name in ("nested", "tree", "flat")}
    for f in files:
        rel = f.relative_to(base) if f.is_relative_to(base) else Path(f.name)
        group = "__".join(rel.parent.parts) or "root"
        data = f.read_bytes()
        for target in (
            out["nested"] / group / ".claude" / "agents" / f.name,
            out["tree"] / ".claude" / "agents" / group / f.name,
            out["flat"] / ".claude" / "agents" / f"{group}__{f.name}",
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for p in out.values():
        (p / ".git").mkdir(exist_ok=True)  # a project root, as the tools expect
    return out


def find_tool(*candidates: Path | str) -> str | None:
    for cand in candidates:
        if isinstance(cand, Path):
            if cand.is_file():
                return str(cand)
        elif (w := shutil.which(cand)):
            return w
    return None


def count_agentls(stdout: str) -> tuple[int, Counter]:
    items = json.loads(stdout or "[]")
    return len({i["path"] for i in items}), Counter(i["severity"] for i in items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--files", type=int, default=0, help="use only the first N corpus files")
    ap.add_argument("--quick", action="store_true", help="12 files, one run (for the test suite)")
    args = ap.parse_args()
    runs, limit = (1, 12) if args.quick else (args.runs, args.files or None)
    files = c.corpus_files(limit)
    base = c.CORPUS if c.CORPUS.is_dir() else files[0].parent
    c.warm_up()
    c.header(f"throughput over {len(files)} files ({sum(f.stat().st_size for f in files) / 1e6:.1f} MB)",
             "python benchmarks/throughput.py" + (f" --runs {runs}" if runs != 3 else "") + (f" --files {limit}" if limit else ""))
    tools = c.TOOLS_DIR
    agnix = find_tool(tools / "venv" / "bin" / "agnix", "agnix")
    claudelint = find_tool(tools / "node_modules" / ".bin" / "claudelint", "claudelint")
    cclint = find_tool(tools / "node_modules" / ".bin" / "cclint", "cclint")
    _, helpout = c.timed(c.agentls_cmd("check", "--help"), environ=c.env())
    has_jobs = "--jobs" in helpout.stdout
    cold = ["--no-cache"] if "--no-cache" in helpout.stdout else []  # every run checks every file

    with tempfile.TemporaryDirectory(prefix="agentls-bench-") as tmp:
        lay = build_layouts(files, base, Path(tmp))
        results: list[Run] = []

        def agentls(label: str, extra: list[str]) -> None:
            r = Run(label, "nested")
            for _ in range(runs):
                t, proc = c.timed(c.agentls_cmd("check", "--format", "json", *extra, "."), cwd=str(lay["nested"]), environ=c.env())
                if proc.returncode not in (0, 1):
                    raise SystemExit(f"agentls failed: {proc.stderr[-2000:]}")
                r.times.append(t)
                r.cpu.append(proc.cpu)
            r.files, r.counts = count_agentls(proc.stdout)
            r.files = len(files)
            results.append(r)

        if has_jobs:
            agentls("agentls check --jobs 1", ["--jobs", "1", *cold])
            agentls("agentls check (both cores)", cold)
        else:
            agentls("agentls check", [])
        if cold:  # the cache filled by one run, then read by each timed one
            c.timed(c.agentls_cmd("check", "."), cwd=str(lay["nested"]), environ=c.env())
            agentls("agentls check, warm cache", [])

        if agnix:
            r = Run("agnix", "nested")
            for _ in range(runs):
                t, proc = c.timed([agnix, "--format", "json", "."], cwd=str(lay["nested"]))
                r.times.append(t)
                r.cpu.append(proc.cpu)
            data = json.loads(proc.stdout)
            r.files = data.get("files_checked", 0)
            r.counts = Counter({"error": data["summary"]["errors"], "warning": data["summary"]["warnings"], "information": data["summary"]["info"]})
            results.append(r)
        else:
            print("   agnix: not installed, skipped (pip install agnix)")

        if cclint:
            r = Run("cclint", "tree")
            out = Path(tmp) / "cclint.json"
            for _ in range(runs):
                t, proc = c.timed([cclint, "--format", "json", "-o", str(out)], cwd=str(lay["tree"]))
                r.times.append(t)
                r.cpu.append(proc.cpu)
            data = json.loads(out.read_text())
            r.files = data.get("totalFiles", 0)
            r.counts = Counter({"error": data.get("totalErrors", 0), "warning": data.get("totalWarnings", 0), "information": data.get("totalSuggestions", 0)})
            results.append(r)
        else:
            print("   cclint: not installed, skipped (npm install @carlrannaberg/cclint)")

        if claudelint:
            r = Run("claudelint", "flat")
            out = Path(tmp) / "claudelint.json"
            for _ in range(runs):
                t, proc = c.timed([claudelint, "check-all", "--no-cache", "--format", "json", "-o", str(out)], cwd=str(lay["flat"]))
                r.times.append(t)
                r.cpu.append(proc.cpu)
            data = json.loads(out.read_text())
            aborted = []
            for v in data.get("validators", []):
                for e in v.get("errors", []):
                    r.counts["error"] += 1
                    if str(e.get("message", "")).startswith("Validator failed"):
                        aborted.append(v["name"])
                r.counts["warning"] += len(v.get("warnings", []))
            r.files = len(files)
            if aborted:
                r.note = f"{', '.join(aborted)} stopped at the first file its YAML reader rejects"
            results.append(r)
        else:
            print("   claudelint: not installed, skipped (npm install claude-code-lint)")

    ref = min(min(r.times) for r in results if r.tool.startswith("agentls"))
    print(f"   {'tool':<28} {'layout':<7} {'wall min':>9} {'median':>9} {'cpu min':>8} {'files/s':>8} {'vs agentls':>10}  findings (error/warning/info)")
    for r in results:
        best = min(r.times)
        total = sum(r.counts.values())
        sev = f"{r.counts['error']}/{r.counts['warning']}/{r.counts['information'] + r.counts['hint']}"
        print(f"   {r.tool:<28} {r.layout:<7} {best:>8.3f}s {c.median(r.times):>8.3f}s {min(r.cpu):>7.3f}s {len(files) / best:>8.0f} {best / ref:>9.2f}x  {total} ({sev})"
              + (f"; {r.note}" if r.note else ""))
    print("   (vs agentls: the tool's best wall time over agentls' best; above 1 means agentls is faster;")
    print("    cpu: user + system time of the tool's processes, which a busy machine inflates less)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
