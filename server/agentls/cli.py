"""The command line: `agentls check | serve | schema | rules | explain`.

The `check` path imports neither pygls nor lsprotocol (the server does, lazily).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Sequence

from agentls import __version__
from agentls.schema.versions import LATEST

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@dataclass(slots=True)
class FileResult:
    """The findings of one checked file."""

    path: str
    findings: list = field(default_factory=list)
    text: str | None = None
    error: str | None = None  # why the file could not be checked
    fixed: int = 0
    original: str | None = None  # the text before the fixes, when they were not written (`--diff`)


def _workspace_root(path: str) -> str:
    """The nearest folder above `path` holding `.claude`, `.mcp.json` or `.git`; else the cwd."""
    from agentls.workspace.discovery import workspace_root

    return workspace_root(path) or os.getcwd()


def _collect(paths: list[str], notes: list[str], complete: set[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Files to check, grouped by workspace root: {root: [(path, kind)]}. Roots whose whole
    tree was discovered go into `complete`."""
    from agentls.workspace.discovery import discover, kind_for_path

    groups: dict[str, list[tuple[str, str]]] = {}
    for p in paths or ["."]:
        if os.path.isdir(p):
            found = discover(p)
            notes.extend(found.notes)
            root = _workspace_root(p) if not os.path.isdir(os.path.join(p, ".claude")) else os.path.abspath(p)
            if complete is not None and os.path.abspath(p) == root:
                complete.add(root)
            groups.setdefault(root, []).extend(found.files)
        elif os.path.exists(p) or os.path.islink(p):
            groups.setdefault(_workspace_root(p), []).append((p, kind_for_path(p) or "agent"))
        else:
            groups.setdefault(os.getcwd(), []).append((p, "agent"))
    return groups


def run_check(paths: list[str], fix: bool = False, config=None, home: str | None = None, jobs: int = 1,
              cache: bool = False, write: bool = True) -> tuple[list[FileResult], list[str]]:
    """Check files (discovering them under folders); returns results and notes.

    `jobs` > 1 spreads the files of a large run (of all its workspaces together) over that many
    processes (not with `fix`); 0 picks one process per core when there are at least
    PARALLEL_MIN_FILES files. With `cache` (not with `fix`), each workspace's results are kept in
    its `.agentls_cache/` and only what changed is checked again, in this process.
    """
    notes: list[str] = []
    complete: set[str] = set()
    groups = _collect(paths, notes, complete)
    if cache and not fix:
        results = check_cached(groups, config, home, notes, complete)
        results.sort(key=lambda r: r.path)
        return results, notes
    workers = _workers(jobs, sum(len(files) for files in groups.values())) if not fix else 1
    results = _check_parallel(groups, config, home, workers, notes, complete) if workers > 1 else None
    if results is None:  # one process asked for, or processes cannot be used here
        results = _check_serial(groups, fix, config, home, notes, complete, write)
    results.sort(key=lambda r: r.path)
    return results, notes


def _check_serial(groups: dict[str, list[tuple[str, str]]], fix: bool, config, home: str | None, notes: list[str],
                  complete: set[str], write: bool = True) -> list[FileResult]:
    """Check (and with `fix`, fix) the files of every workspace in this process; the fixed
    texts are written unless `write` is false (then each result keeps its `original`)."""
    from agentls.analysis import analyze
    from agentls.analysis.fixes import apply_edits, safe_edits
    from agentls.document import parse_document
    from agentls.workspace.discovery import read_text
    from agentls.workspace.index import index_facts

    results: list[FileResult] = []
    frozen = gc.get_freeze_count()
    try:
        for root, files in groups.items():
            docs = []
            for path, kind in files:
                text, why = read_text(path)
                if text is None:
                    results.append(FileResult(path, error=why))
                    continue
                docs.append((parse_document(text, path=path, kind=kind), path))
                _settled()
            cfg, ws = _workspace(root, [p for _, p in docs], [index_facts(d) for d, _ in docs], config, home, root not in complete, notes)
            for doc, path in docs:
                findings = analyze(doc, cfg, ws)
                res = FileResult(path, findings, doc.text)
                if fix:
                    text = doc.text
                    for _ in range(5):  # fixes can uncover others; stop when stable
                        edits = safe_edits(findings)
                        if not edits:
                            break
                        text = apply_edits(text, edits)
                        res.fixed += len(edits)
                        doc = parse_document(text, path=path, kind=doc.kind)
                        ws.update(doc)
                        findings = analyze(doc, cfg, ws)
                    if res.fixed and not write:
                        res.original = res.text
                    elif res.fixed:
                        why = _write_fixed(path, res.text or "", text)
                        if why is not None:  # keep what is on disk, and say so
                            notes.append(f"{path}: not fixed ({why})")
                            res.fixed = 0
                            results.append(res)
                            continue
                    res.findings, res.text = findings, text
                results.append(res)
    finally:
        if gc.get_freeze_count() > frozen:
            gc.unfreeze()  # back in the collector's sight: this may be a long-lived process
    return results


def check_cached(groups: dict[str, list[tuple[str, str]]], config, home: str | None, notes: list[str],
                 complete: set[str], save: bool = True, kept: dict | None = None) -> list[FileResult]:
    """Check the files of every workspace, reusing the facts and findings of `check_cache`
    whose keys still hold; parse and analyse only the rest, and keep them for the next run
    (unless not `save`). A long-lived caller passes `kept` to keep each workspace's cache in
    memory from one call to the next."""
    from agentls.analysis import analyze
    from agentls.document import parse_document
    from agentls.workspace.check_cache import CheckCache, digest, facts_key, without
    from agentls.workspace.discovery import read_text
    from agentls.workspace.index import index_facts

    results: list[FileResult] = []
    for root, files in groups.items():
        cache = kept.get(root) if kept is not None else None
        if cache is None:
            cache = CheckCache(root)
            if kept is not None:
                kept[root] = cache
        items: list[tuple[str, str, str, str, Any]] = []  # path, kind, text, facts key, parsed document
        facts = []
        keyed: dict[str, str] = {}  # path -> facts key, of each file whose facts the index holds

        def facts_of(path: str, kind: str, cache=cache, keyed=keyed):
            got = cache.facts_of(path, kind)
            if got is None or got[0] is None:
                return None
            keyed[got[0][0]] = got[1]
            return got[0]

        for path, kind in files:
            text, why = read_text(path)
            if text is None:
                results.append(FileResult(path, error=why))
                continue
            key = facts_key(path, kind, text)
            doc = None
            if key in cache.facts:
                fact = cache.facts[key]
            else:
                doc = parse_document(text, path=path, kind=kind)
                fact = index_facts(doc)
                cache.put_facts(key, fact)
            items.append((path, kind, text, key, doc))
            facts.append(fact)
            if fact is not None:
                keyed[fact[0]] = key
        cfg, ws = _workspace(root, [i[0] for i in items], facts, config, home, root not in complete, notes, facts_of)
        # what the cross-file rules read (any change checks every file again): the files' facts
        # by their keys, the rest of the index as it is
        workspace = digest(cfg, without(ws, keyed), sorted(keyed.items()))
        for path, kind, text, key, doc in items:
            found_key = digest(key, workspace)
            found = cache.findings_of(found_key)
            if found is None:
                found = analyze(doc or parse_document(text, path=path, kind=kind), cfg, ws)
                cache.put_findings(found_key, found)
            results.append(FileResult(path, found, text))
        if save:
            cache.save()
    return results


def _settled() -> None:
    """The objects made so far stay alive to the end of the run (parsed files): take them out
    of the collector's sight, so that each full collection does not walk them all again (a
    few percent of a large run)."""
    gc.freeze()


def _workspace(root: str, paths: list[str], facts: list, config, home: str | None, scan_workspace: bool, notes: list[str],
               facts_of=None) -> tuple:
    """The configuration and index of one workspace of a run, from the `index_facts` of its
    files (and of the others, from `facts_of` when given); problems found on the way go to `notes`."""
    from agentls.analysis.config import load_config_file
    from agentls.workspace.index import WorkspaceIndex

    cfg = config
    if cfg is None:
        cfg, _ = load_config_file(root)
        notes.extend(cfg.problems)
    plugins = _plugin_roots(paths)
    ws = WorkspaceIndex.build(root, home=home, extra_mcp=cfg.mcp_config_paths, plugin_roots=plugins, facts=[f for f in facts if f is not None])
    ws.scan(home, workspace=scan_workspace, facts_of=facts_of)  # names of the files not checked here, for cross-file references
    notes.extend(ws.mcp.problems)
    return cfg, ws


def _plugin_roots(paths) -> tuple[str, ...]:
    """The plugin folders holding any of `paths` (looked up once per folder)."""
    from agentls.workspace.discovery import plugin_root

    folders = {os.path.dirname(os.path.abspath(p)) for p in paths}
    return tuple(sorted({r for f in folders if (r := plugin_root(os.path.join(f, "x")))}))


def _write_fixed(path: str, before: str, after: str) -> str | None:
    """Write the fixed text over the file read as `before`; why not, when it cannot. A file
    that changed on disk since it was read is left alone (the user's newer text wins)."""
    from agentls.workspace.discovery import read_text

    current, why = read_text(path)
    if current != before:
        return why or "the file changed on disk while it was checked; run again"
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(after)
    except OSError as exc:
        return f"cannot write it: {exc.strerror or exc.__class__.__name__}"
    return None


PARALLEL_MIN_FILES = 48  # below this, starting processes costs more than it saves


def _workers(jobs: int, n_files: int) -> int:
    """Processes for a run: `jobs`, or for 0 one per core this process may use (at most 8).
    The system's load is not consulted: its average lags by a minute, and counts this tool's
    own previous run."""
    if jobs == 0:
        if n_files < PARALLEL_MIN_FILES:
            return 1
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on this platform
            cores = os.cpu_count() or 1
        return max(1, min(cores, 8))
    return max(1, min(jobs, n_files))


Item = tuple[int, int, str, str]  # (number in the run, workspace number, path, kind)


def _parts(items: list[Item], n: int) -> list[list[Item]]:
    """`items` in `n` shares of about equal size on disk (the largest first, each to the
    smallest share; files of one size, likely copies, stay together for the caches)."""
    sizes: dict[int, list[Item]] = {}
    for item in items:
        try:
            size = os.stat(item[2]).st_size
        except OSError:
            size = 0
        sizes.setdefault(size, []).append(item)
    parts: list[list[Item]] = [[] for _ in range(n)]
    load = [0] * n
    for size, same in sorted(sizes.items(), key=lambda kv: -kv[0] * len(kv[1])):
        k = load.index(min(load))
        parts[k].extend(same)
        load[k] += size * len(same) + 1
    return [sorted(part) for part in parts if part]


def _part_main(conn, part: list[Item]) -> None:
    """A worker: read and parse its share, send what the index needs, receive each
    workspace's (configuration, index), send the findings."""
    from agentls.analysis import analyze
    from agentls.document import parse_document
    from agentls.workspace.discovery import read_text
    from agentls.workspace.index import index_facts

    try:
        docs = []
        heads = []  # (number, text, why, index facts)
        for n, group, path, kind in part:
            text, why = read_text(path)
            if text is None:
                heads.append((n, None, why, None))
                continue
            doc = parse_document(text, path=path, kind=kind)
            docs.append((n, group, doc))
            heads.append((n, text, None, index_facts(doc)))
            _settled()
        conn.send(heads)
        state = conn.recv()
        conn.send([(n, analyze(doc, *state[group])) for n, group, doc in docs])
    except BaseException:  # the parent sees the pipe close and checks in one process
        pass
    finally:
        conn.close()


def _check_parallel(groups: dict[str, list[tuple[str, str]]], config, home: str | None, workers: int, notes: list[str],
                    complete: set[str]) -> list[FileResult] | None:
    """Check the files of every workspace in `workers` processes, with the same results as
    one process; None when processes cannot be used here.

    Each worker reads and parses its share of the files and sends back what the index needs
    (names, kinds, MCP entries); this process builds each workspace's index from that, in the
    files' order, and sends it to every worker, which then analyses the files it parsed."""
    import multiprocessing

    from agentls.analysis import _checkers
    from agentls.document.body import load_parser

    items: list[Item] = []
    roots = list(groups)
    for g, root in enumerate(roots):
        items += [(len(items) + k, g, path, kind) for k, (path, kind) in enumerate(groups[root])]
    load_parser()  # load the markdown parser and the rules once, before the workers fork
    _checkers()
    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # a worker would import and set up everything again
    ctx = multiprocessing.get_context("fork")
    procs, conns = [], []
    try:
        for part in _parts(items, workers):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_part_main, args=(theirs, part), daemon=True)
            proc.start()
            theirs.close()
            procs.append(proc)
            conns.append(mine)
        heads = {n: rest for conn in conns for n, *rest in conn.recv()}
        read: list[list[int]] = [[] for _ in roots]  # by workspace: the files read, in their order
        for n, g, _, _ in items:
            if heads[n][0] is not None:
                read[g].append(n)
        found_notes: list[str] = []
        state = [_workspace(root, [items[n][2] for n in read[g]], [heads[n][2] for n in read[g]], config, home, root not in complete, found_notes)
                 for g, root in enumerate(roots)]
        for conn in conns:
            conn.send(state)
        found = {n: findings for conn in conns for n, findings in conn.recv()}
    except Exception:  # no processes here, or one died: one process does it all
        for proc in procs:
            proc.kill()
        return None
    finally:
        for conn in conns:
            conn.close()
        for proc in procs:
            proc.join()
    notes.extend(found_notes)
    results = []
    for n, g, path, _ in items:
        text, why, _ = heads[n]
        results.append(FileResult(path, error=why) if text is None else FileResult(path, found[n], text))
    return results


# ---- output -----------------------------------------------------------------------------------

def _rel(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _caret(line: str, start: int, end: int) -> str:
    """A caret line under `line` for UTF-16 columns start..end (display by code points)."""
    bmp = line.isascii() or max(line) <= "\uffff"  # then UTF-16 columns are code points

    def cp(col16: int) -> int:
        if bmp:
            return min(col16, len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= col16:
                return i
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(line)

    a, b = cp(start), cp(end)
    b = max(b, a + 1)
    return "".join("\t" if ch == "\t" else " " for ch in line[:a]) + "^" * min(b - a, max(1, len(line) - a) if b > len(line) else b - a)


_COLORS = {"error": "31", "warning": "33", "information": "34", "hint": "2", "path": "1", "code": "36"}


def _paint(text: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{text}\x1b[0m" if color else text


def use_color(stream) -> bool:
    """Colours on a terminal, unless NO_COLOR is set; FORCE_COLOR turns them on anywhere."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def format_statistics(results: list[FileResult]) -> str:
    """Findings per rule, most first: count, code, name (like `ruff --statistics`)."""
    from collections import Counter

    from agentls.schema.rules import RULES_BY_CODE

    counts: Counter[str] = Counter(f.code for r in results for f in r.findings)
    counts.update("E003" for r in results if r.error)
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {code}  {RULES_BY_CODE[code].name}" for code, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]
    return "\n".join(lines)


def format_diff(results: list[FileResult]) -> str:
    """The safe fixes as a unified diff, file by file (nothing is written)."""
    import difflib

    out = []
    for r in results:
        if r.original is None or r.text is None or r.original == r.text:
            continue
        p = _rel(r.path)
        out.extend(difflib.unified_diff(r.original.splitlines(keepends=True), r.text.splitlines(keepends=True), f"a/{p}", f"b/{p}"))
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n\\ No newline at end of file\n"
    return "".join(out)


def format_text(results: list[FileResult], notes: list[str], color: bool = False) -> str:
    out: list[str] = []
    counts = {"error": 0, "warning": 0, "information": 0, "hint": 0}
    fixable = 0
    for r in results:
        p = _rel(r.path)
        if r.error:
            out.append(f"{p}: error E003 cannot check this file: {r.error}")
            counts["error"] += 1
            continue
        if r.fixed:
            out.append(f"{p}: fixed {r.fixed} problem{'s' if r.fixed != 1 else ''}")
        lines = (r.text or "").splitlines()
        for f in r.findings:
            s = f.range.start
            counts[f.severity] = counts.get(f.severity, 0) + 1
            mark = " [fixable]" if f.fixes else ""
            fixable += bool(f.fixes)
            out.append(f"{_paint(f'{p}:{s.line + 1}:{s.character + 1}:', 'path', color)} {_paint(f.severity, f.severity, color)} "
                       f"{_paint(f.code, 'code', color)} {f.message}{mark}")
            if s.line < len(lines):
                src = lines[s.line]
                end = f.range.end.character if f.range.end.line == s.line else len(src)
                shown = src if len(src) <= 200 else src[: max(200, s.character + 40)]
                out.append(f"  {s.line + 1:>4} | {shown}")
                out.append(f"       | {_caret(shown, s.character, end)}")
    for n in notes:
        out.append(f"note: {n}")
    total = sum(counts.values())
    checked = len(results)
    parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}", f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}"]
    info = counts["information"] + counts["hint"]
    if info:
        parts.append(f"{info} note{'s' if info != 1 else ''}")
    summary = f"{', '.join(parts)} in {checked} file{'s' if checked != 1 else ''}"
    if fixable:
        summary += f" ({fixable} fixable with --fix)" if total else ""
    out.append(summary if total else f"No problems in {checked} file{'s' if checked != 1 else ''}.")
    return "\n".join(out)


def format_json(results: list[FileResult]) -> str:
    items = []
    for r in results:
        if r.error:
            items.append({"path": r.path, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                          "severity": "error", "code": "E003", "name": "unreadable-file", "category": "encoding",
                          "message": f"cannot check this file: {r.error}", "related": [], "fixes": []})
        items.extend(f.to_json(r.path) for f in r.findings)
    if not items:
        return "[]"
    # one finding per line: the C encoder (an indenting one is pure Python and ten times slower)
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]"


def format_sarif(results: list[FileResult]) -> str:
    from agentls.schema.rules import RULES

    level = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}
    rules = [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary}, "fullDescription": {"text": r.docs},
              "helpUri": r.url, "defaultConfiguration": {"level": level[r.severity]}, "properties": {"category": r.category}} for r in RULES]
    out = []
    for r in results:
        uri = _rel(r.path).replace(os.sep, "/")
        if r.error:
            out.append({"ruleId": "E003", "level": "error", "message": {"text": f"cannot check this file: {r.error}"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
        for f in r.findings:
            region = {"startLine": f.range.start.line + 1, "startColumn": f.range.start.character + 1,
                      "endLine": f.range.end.line + 1, "endColumn": f.range.end.character + 1}
            res = {"ruleId": f.code, "level": level[f.severity], "message": {"text": f.message},
                   "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}]}
            if f.related:
                res["relatedLocations"] = [{"message": {"text": x.message}, "physicalLocation": {"artifactLocation": {"uri": _rel(x.path or r.path).replace(os.sep, "/")},
                                            "region": {"startLine": x.range.start.line + 1, "startColumn": x.range.start.character + 1}}} for x in f.related]
            out.append(res)
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "agentls", "version": __version__, "informationUri": "https://github.com/agentls/agentls", "rules": rules}},
                     "columnKind": "utf16CodeUnits", "results": out}]}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def format_github(results: list[FileResult]) -> str:
    kind = {"error": "error", "warning": "warning", "information": "notice", "hint": "notice"}
    esc = lambda s: s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")  # noqa: E731
    prop = lambda s: esc(s).replace(":", "%3A").replace(",", "%2C")  # noqa: E731
    out = []
    for r in results:
        p = prop(_rel(r.path))
        if r.error:
            out.append(f"::error file={p},title=E003 unreadable-file::{esc('cannot check this file: ' + r.error)}")
        for f in r.findings:
            s, e = f.range.start, f.range.end
            out.append(f"::{kind[f.severity]} file={p},line={s.line + 1},col={s.character + 1},endLine={e.line + 1},endColumn={e.character + 1},title={prop(f.code + ' ' + f.name)}::{esc(f.message)}")
    return "\n".join(out)


# ---- commands ---------------------------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    config = None
    if args.claude_code_version or args.disable:
        from agentls.analysis.config import config_from_dict, load_config_file

        base, _ = load_config_file(args.paths[0] if args.paths else ".")
        data: dict = {}
        if args.claude_code_version:
            data["claudeCodeVersion"] = args.claude_code_version
        if args.disable:
            data["rules"] = {"disable": [c for d in args.disable for c in d.split(",") if c]}
        config = config_from_dict(data, base)
        if config.problems:
            for p in config.problems:
                print(f"agentls: {p}", file=sys.stderr)
            return EXIT_USAGE
    if args.diff:
        results, notes = run_check(args.paths, fix=True, config=config, write=False)
        for n in notes:
            print(f"note: {n}", file=sys.stderr)
        diff = format_diff(results)
        if diff:
            sys.stdout.write(diff)
        else:
            print("agentls: no safe fix to apply", file=sys.stderr)
        return EXIT_FINDINGS if diff else EXIT_OK
    results, notes = run_check(args.paths, fix=args.fix, config=config, jobs=args.jobs, cache=not args.no_cache)
    if not results and not notes:
        print("agentls: no agent files found (looked for .claude/{agents,skills,commands}, plugins, .github/{agents,prompts} and .opencode/agents)", file=sys.stderr)
    if args.format == "json":
        print(format_json(results))
    elif args.format == "sarif":
        print(format_sarif(results))
    elif args.format == "github":
        text = format_github(results)
        if text:
            print(text)
    elif args.statistics:
        stats = format_statistics(results)
        if stats:
            print(stats)
        print(format_text(results, notes).splitlines()[-1])  # the summary line
    else:
        print(format_text(results, notes, color=use_color(sys.stdout)))
    if args.fail_on == "never":
        return EXIT_OK
    worst = {"error": 0, "warning": 1}[args.fail_on]
    rank = {"error": 0, "warning": 1, "information": 2, "hint": 3}
    bad = any(r.error for r in results) or any(rank[f.severity] <= worst for r in results for f in r.findings)
    return EXIT_FINDINGS if bad else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from agentls.schema.rules import RULES

    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity, "summary": r.summary} for r in RULES], indent=2))
        return EXIT_OK
    for r in RULES:
        print(f"{r.code}  {r.name:<32} {r.category:<14} {r.severity:<12} {r.summary}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from agentls.schema.rules import find_rule

    rule = find_rule(args.code)
    if rule is None:
        print(f"agentls: unknown rule {args.code!r}; `agentls rules` lists them", file=sys.stderr)
        return EXIT_USAGE
    print(rule.explain())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from agentls.schema.json_schema import frontmatter_json_schema

    print(json.dumps(frontmatter_json_schema(), indent=2))
    return EXIT_OK


def cmd_mcp(args: argparse.Namespace) -> int:
    """`agentls mcp fetch SERVER`: start that one server, list its tools, cache them."""
    from agentls.analysis.config import load_config_file
    from agentls.workspace.discovery import discover
    from agentls.workspace.mcp_cache import load
    from agentls.workspace.mcp_config import load_mcp_config
    from agentls.workspace.mcp_introspect import FetchError, fetch_tools, pick_entry

    root = os.path.abspath(args.root) if args.root else _workspace_root(os.getcwd())
    cfg, _ = load_config_file(root)
    plugins = tuple(discover(root).plugin_roots) if args.plugins else ()
    config = load_mcp_config(root, None, cfg.mcp_config_paths, plugins)
    if args.action == "tools":
        try:
            entry = pick_entry(config, args.server)
        except FetchError as exc:
            print(f"agentls: {exc}", file=sys.stderr)
            return EXIT_USAGE
        known = load(args.server, entry.config)
        if known is None:
            print(f"agentls: no tools cached for `{args.server}`; run `agentls mcp fetch {args.server}` (it starts the server)", file=sys.stderr)
            return EXIT_FINDINGS
        for t in known.tools.values():
            print(f"mcp__{args.server}__{t.name}\t{t.summary.splitlines()[0] if t.summary else ''}")
        return EXIT_OK
    try:
        entry = pick_entry(config, args.server)
        print(f"agentls: starting `{args.server}` ({entry.scope} scope, {entry.launch}) to list its tools", file=sys.stderr)
        result = fetch_tools(config, args.server, cwd=root, timeout=args.timeout)
    except FetchError as exc:
        print(f"agentls: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    for t in result.tools:
        print(f"mcp__{args.server}__{t.name}\t{t.description.splitlines()[0] if t.description else ''}")
    print(f"agentls: {len(result.tools)} tools of `{args.server}` cached in {result.cache_path}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from agentls.server import serve

    return serve(args) or EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agentls", description="Language server and linter for Claude Code agent files.")
    p.add_argument("--version", action="version", version=f"agentls {__version__} (Claude Code {LATEST})")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="check agent files and report problems")
    c.add_argument("paths", nargs="*", help="files or folders (default: discover under the current folder)")
    c.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text")
    c.add_argument("--fail-on", choices=("error", "warning", "never"), default="error", help="exit 1 when a finding of this severity or worse is found (default: error)")
    c.add_argument("--fix", action="store_true", help="apply safe fixes and report what changed")
    c.add_argument("--no-cache", action="store_true", help="check every file afresh, without reading or writing .agentls_cache/")
    c.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead of each finding")
    c.add_argument("--diff", action="store_true", help="print the safe fixes as a unified diff; nothing is written (exit 1 when there is something to fix)")
    c.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="check in N processes (default: one per core when there are 48 files or more; 1: no extra processes)")
    c.add_argument("--claude-code-version", help="check against this Claude Code version (default: the newest known)")
    c.add_argument("--disable", action="append", help="rule codes or names to disable (comma-separated)")
    c.set_defaults(func=cmd_check)

    m = sub.add_parser("mcp", help="fetch the tools of a configured MCP server (starts it: only when you ask)")
    m.add_argument("action", choices=("fetch", "tools"), help="fetch: start the server, list and cache its tools; tools: show the cached ones")
    m.add_argument("server", help="the server's name in .mcp.json, ~/.claude.json or a plugin")
    m.add_argument("--root", help="the project folder (default: the one around the current folder)")
    m.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the server (default: 30)")
    m.add_argument("--plugins", action="store_true", help="also look in the plugins under the project folder")
    m.set_defaults(func=cmd_mcp)

    s = sub.add_parser("serve", help="run the language server")
    s.add_argument("--stdio", action="store_true", help="speak LSP over stdin/stdout (the default)")
    s.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP address instead")
    s.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    s.set_defaults(func=cmd_serve)

    r = sub.add_parser("rules", help="list every rule")
    r.add_argument("--format", choices=("text", "json"), default="text")
    r.set_defaults(func=cmd_rules)

    e = sub.add_parser("explain", help="explain one rule")
    e.add_argument("code", help="a rule code (T001) or name (unknown-tool)")
    e.set_defaults(func=cmd_explain)

    j = sub.add_parser("schema", help="print the JSON Schema of sub-agent frontmatter")
    j.set_defaults(func=cmd_schema)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    # Fewer young-generation collections: a parse allocates many small objects that all stay
    # alive, and each collection that reaches the oldest generation walks every live object,
    # which made a keystroke in a 1 MB file cost a third more.
    gc.set_threshold(10_000, 10, 10)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    """The `agentls` command: `main`, then, when nothing else runs in this process, exit without
    tearing the interpreter down (freeing every module and object one by one cost a one-file
    check about 20 ms). Output is flushed and exit handlers run first, so nothing written is lost.
    The server (threads, worker processes) exits the ordinary way, which waits for them."""
    code = main()
    if threading.active_count() > 1 or ("multiprocessing" in sys.modules and sys.modules["multiprocessing"].active_children()):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    run()
