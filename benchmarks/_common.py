"""Helpers shared by the benchmark scripts: paths, inputs, statistics, printing.

The scripts print figures; they assert nothing about speed. Each takes `--quick` to run on a
tiny input (what the test suite does), and reads `../shared` (or `$AGENTLS_SHARED`) when present.
"""

from __future__ import annotations

import contextlib
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVER = REPO / "server"
SHARED = Path(os.environ.get("AGENTLS_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
SEED_004 = SEEDS / "004_38ce5ffa682eb3e1.md"
FIXTURE = REPO / "tests" / "fixtures" / "bench" / "sample-agent.md"
TOOLS_DIR = Path(os.environ.get("AGENTLS_BENCH_TOOLS", REPO.parent / "bench-tools"))

if str(SERVER) not in sys.path:  # this tree's package, whatever is installed
    sys.path.insert(0, str(SERVER))


def env() -> dict[str, str]:
    """Environment for a subprocess running this tree's agentls. Bytecode caching stays on,
    as for an installed package (pygls and lsprotocol come with theirs from pip)."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(SERVER), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


def warm_up() -> None:
    """Compile this tree's modules to bytecode once, so no timed run pays for it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(SERVER / "agentls")], env=env(), capture_output=True)


def agentls_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "agentls", *args]


def corpus_files(limit: int | None = None) -> list[Path]:
    """The corpus agent files (sorted), or the seeds / the bench fixture when it is absent."""
    if CORPUS.is_dir():
        files = sorted(CORPUS.rglob("*.md"))
    elif SEEDS.is_dir():
        files = sorted(p for p in SEEDS.glob("*.md") if p.name != "EXPECTED.md")
    else:
        files = [FIXTURE]
    return files[:limit] if limit else files


def sample_text() -> tuple[str, str]:
    """(name, text) of the keystroke sample: seed 004 when present, else the bench fixture."""
    path = SEED_004 if SEED_004.is_file() else FIXTURE
    return path.name, path.read_text(encoding="utf-8")


def split_body(text: str) -> tuple[str, str]:
    """(frontmatter block with its delimiters, body) of an agent file."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end >= 0:
            nl = text.find("\n", end + 1)
            cut = len(text) if nl < 0 else nl + 1
            return text[:cut], text[cut:]
    return "", text


def generated(size: int) -> str:
    """An agent file of about `size` bytes: seed 004's frontmatter and body, then the bodies
    of corpus files (real markdown of every shape), cut at a line boundary."""
    _, base = sample_text()
    head, body = split_body(base)
    parts = [head, body]
    total = len(head) + len(body)
    files = corpus_files()
    i = 0
    while total < size:
        _, extra = split_body(files[i % len(files)].read_text(encoding="utf-8", errors="replace"))
        extra = f"\n\n## Part {i}\n\n" + extra  # distinct sections, as in a real long prompt
        parts.append(extra)
        total += len(extra)
        i += 1
    text = "".join(parts)
    if len(text) > size:
        cut = text.rfind("\n", 0, size)
        text = text[: cut + 1 if cut > 0 else size]
    return text


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def summary(values_ms: list[float]) -> str:
    return f"p50 {pct(values_ms, 50):.2f} ms  p99 {pct(values_ms, 99):.2f} ms  max {max(values_ms):.2f} ms  (n={len(values_ms)})"


def timed(cmd: list[str], cwd: str | None = None, environ: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command; returns its wall time, and the process with `.cpu` (user + system
    seconds of it and its children, which a busy machine inflates less than wall time)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=environ, capture_output=True, text=True, errors="replace")
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc.cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)  # type: ignore[attr-defined]
    return wall, proc


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, load {load:.2f}"


def header(title: str, command: str) -> None:
    print(f"== {title}")
    print(f"   command: {command}")
    print(f"   machine: {machine()}")


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@contextlib.contextmanager
def client_gc_paused():
    """Keep the measuring client's own garbage collections out of the figures: the client
    structures every notification it receives into objects, and its periodic collections
    (10-25 ms) would otherwise be counted as the server's latency."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

