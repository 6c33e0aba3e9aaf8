"""Read the catalog facts out of a Claude Code release and compare them with agentls' schema.

    python scripts/sync_catalog.py                      # the newest release: diff against the schema
    python scripts/sync_catalog.py --version 2.1.332 --snapshot tests/fixtures/catalog
    python scripts/sync_catalog.py --history 2.1.240..2.1.332   # when each difference appeared

A release is `npm pack`ed from the registry (the `@anthropic-ai/claude-code-linux-x64` package holds
the executable, whose embedded JavaScript is plain text). Extraction goes by structure, not by the
minifier's names: the array of built-in tool names (the one that holds Read, Write, Bash, Glob...),
the object that maps old tool names to new ones (`Task: "Agent"`), the array of agent-definition keys
(`name, description, prompt, tools, disallowedTools...`), the keys of the agent schema object (the
one that says "Description cannot be empty"), the skill and command keys, and the enum arrays the
agent loader checks. A release whose shape changed gives a clear error, never an empty result.

The extracted facts are written as a small text snapshot (`--snapshot DIR`); the test suite holds
the schema against the newest snapshot checked in (tests/unit/test_catalog_snapshot.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

PACKAGE = "@anthropic-ai/claude-code"
BINARY_PACKAGE = "@anthropic-ai/claude-code-linux-x64"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "agentls" / "claude-code"

_STRING_ARRAY = re.compile(rb'\[(?:"[A-Za-z_][A-Za-z0-9_-]*",){2,}"[A-Za-z_][A-Za-z0-9_-]*"\]')
_NAME_MAP = re.compile(rb'\{(?:[A-Za-z_][A-Za-z0-9_]*:"[A-Za-z_][A-Za-z0-9_]*",){2,}[A-Za-z_][A-Za-z0-9_]*:"[A-Za-z_][A-Za-z0-9_]*"\}')


class ShapeError(RuntimeError):
    """The release no longer has the structure the extraction looks for."""


@dataclass
class Snapshot:
    """What one release says, in agentls' terms."""

    version: str
    tools: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    agent_keys: list[str] = field(default_factory=list)
    skill_keys: list[str] = field(default_factory=list)
    enums: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # section -> why it could not be read

    def text(self) -> str:
        out = [f"# Claude Code {self.version}: extracted by scripts/sync_catalog.py"]
        out += [f"# missing {name}: {why}" for name, why in sorted(self.missing.items())]
        out += ["", "[tools]", *self.tools, "",
               "[aliases]", *(f"{old} -> {new}" for old, new in sorted(self.aliases.items())), "",
               "[agent-keys]", *self.agent_keys, "", "[skill-keys]", *self.skill_keys]
        for name, values in sorted(self.enums.items()):
            out += ["", f"[enum {name}]", *values]
        return "\n".join(out) + "\n"

    @classmethod
    def parse(cls, text: str) -> "Snapshot":
        m = re.match(r"# Claude Code (\S+):", text)
        snap = cls(m.group(1) if m else "?")
        section = None
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("# missing "):
                name, _, why = line[len("# missing "):].partition(": ")
                snap.missing[name] = why
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                section = line[1:-1]
                continue
            if section == "tools":
                snap.tools.append(line)
            elif section == "aliases":
                old, new = (s.strip() for s in line.split("->"))
                snap.aliases[old] = new
            elif section == "agent-keys":
                snap.agent_keys.append(line)
            elif section == "skill-keys":
                snap.skill_keys.append(line)
            elif section and section.startswith("enum "):
                snap.enums.setdefault(section[5:], []).append(line)
        return snap


# ---- extraction --------------------------------------------------------------------------------

def _arrays(js: bytes) -> list[list[str]]:
    return [json.loads(m.group(0)) for m in _STRING_ARRAY.finditer(js)]


def _best(arrays: list[list[str]], must: set[str], what: str) -> list[str]:
    """The largest array holding every name of `must`."""
    fits = [a for a in arrays if must <= set(a)]
    if not fits:
        raise ShapeError(f"no array of {what} holding {sorted(must)}: the release changed shape; extract by hand")
    return max(fits, key=len)


def _values_of(js: bytes, key: str) -> list[str]:
    """The valid values the agent loader checks a frontmatter key against: the array it declares
    just before it reads the key (`V=["user","project","local"],M=o.memory`)."""
    m = re.search(rb'(\[(?:"[A-Za-z_-]+",)*"[A-Za-z_-]+"\]),[\w$]+=[\w$]+\.' + key.encode() + rb'\b', js)
    if m is None:
        raise ShapeError(f"no array of valid `{key}` values read beside the key: the release changed shape")
    return json.loads(m.group(1))


def _object_keys(js: bytes, anchor: bytes, what: str) -> list[str]:
    """The top-level keys of the object literal that encloses `anchor`."""
    at = js.find(anchor)
    if at < 0:
        raise ShapeError(f"{what}: {anchor.decode()!r} not found: the release changed shape")
    start = js.rfind(b"({", 0, at)
    if start < 0 or at - start > 4000:
        raise ShapeError(f"{what}: no object literal around {anchor.decode()!r}")
    keys, depth, i, quote = [], 0, start + 1, None
    while i < len(js):
        c = js[i:i + 1]
        if quote:
            if c == b"\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in (b'"', b"'", b"`"):
            quote = c
        elif c in (b"{", b"(", b"["):
            depth += 1
            if depth == 1:
                m = re.match(rb"([A-Za-z_$][\w$]*):", js[i + 1:i + 80])
                if m:
                    keys.append(m.group(1).decode())
        elif c in (b"}", b")", b"]"):
            depth -= 1
            if depth == 0:
                break
        elif c == b"," and depth == 1:
            m = re.match(rb"([A-Za-z_$][\w$]*):", js[i + 1:i + 80])
            if m:
                keys.append(m.group(1).decode())
        i += 1
    if len(keys) < 5:
        raise ShapeError(f"{what}: the object around {anchor.decode()!r} has {len(keys)} keys")
    return keys


def _tools_and_aliases(js: bytes, snap: Snapshot) -> None:
    renames = [m for m in _NAME_MAP.finditer(js) if b'Task:"Agent"' in m.group(0) or b'KillBash:' in m.group(0)]
    if not renames:
        raise ShapeError("no map of old tool names (Task -> Agent): the release changed shape")
    best = max(renames, key=lambda m: len(m.group(0)))
    snap.aliases = json.loads(re.sub(rb"([A-Za-z_][A-Za-z0-9_]*):", rb'"\1":', best.group(0)))
    # The built-in tool list is declared right before that map (`X=[...tools],Y={Task:"Agent",...}`).
    core = {"Agent", "Read", "Write", "Edit", "Bash", "Glob", "Grep", "WebFetch", "WebSearch"}
    before = [json.loads(m.group(0)) for m in _STRING_ARRAY.finditer(js[max(0, best.start() - 3000):best.start()])]
    beside = [a for a in before if core <= set(a)]
    if not beside:
        raise ShapeError("no list of built-in tool names declared beside the map of old names: the release changed shape")
    snap.tools = sorted(beside[-1], key=str.lower)


def _agent_keys(js: bytes, arrays: list[list[str]], snap: Snapshot) -> None:
    schema = _object_keys(js, b'"Description cannot be empty"', "agent schema")
    definitions = [a for a in arrays if {"name", "description", "prompt", "tools", "disallowedTools"} <= set(a)]
    definition = max(definitions, key=len) if definitions else []  # newer releases list them as well
    # `prompt` is the body of a file (a key of JSON definitions only); `color` is read by the file
    # loader itself, beside the schema.
    keys = {k for k in [*definition, *schema] if k != "prompt"} | {"name", "color"}
    snap.agent_keys = sorted(keys, key=str.lower)


def _skill_keys(arrays: list[list[str]], snap: Snapshot) -> None:
    skill = _best(arrays, {"name", "description", "allowed-tools", "disallowed-tools", "argument-hint", "when_to_use"}, "skill keys")
    snap.skill_keys = sorted(skill, key=str.lower)


def _enums(js: bytes, arrays: list[list[str]], snap: Snapshot) -> None:
    snap.enums["permissionMode"] = sorted(set(_best(arrays, {"default", "acceptEdits", "plan", "bypassPermissions"}, "permission modes")))
    snap.enums["effort"] = _best(arrays, {"low", "medium", "high", "max"}, "efforts")
    snap.enums["memory"] = _values_of(js, "memory")
    snap.enums["isolation"] = _values_of(js, "isolation")


SECTIONS = ("tools", "agent-keys", "skill-keys", "enums")


def extract(js: bytes, version: str) -> Snapshot:
    """Every catalog fact of one release's JavaScript. A section the release does not hold in the
    shape looked for is recorded in `missing` with the reason (never left silently empty)."""
    arrays = _arrays(js)
    snap = Snapshot(version)
    readers = {"tools": lambda: _tools_and_aliases(js, snap), "agent-keys": lambda: _agent_keys(js, arrays, snap),
               "skill-keys": lambda: _skill_keys(arrays, snap), "enums": lambda: _enums(js, arrays, snap)}
    for name, read in readers.items():
        try:
            read()
        except ShapeError as exc:
            snap.missing[name] = str(exc)
    if len(snap.missing) == len(SECTIONS):
        raise ShapeError(f"{version}: nothing could be read: " + "; ".join(snap.missing.values()))
    return snap


def _javascript(binary: Path) -> bytes:
    """The embedded JavaScript: the executable from its `// Version:` banners on (plain text)."""
    data = binary.read_bytes()
    first = data.find(b"// Version: ")
    if first < 0:
        raise ShapeError(f"{binary}: no embedded JavaScript banner")
    return data[first:]


def download(version: str) -> Snapshot:
    """The snapshot of `version`, from the cache or from the registry (the executable is not kept)."""
    cached = CACHE / f"{version}.txt"
    if cached.exists():
        return Snapshot.parse(cached.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", f"{BINARY_PACKAGE}@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tgz) as tar:
            member = next((m for m in tar.getmembers() if m.name.endswith("/claude") or m.name.endswith("/claude.exe")), None)
            if member is None:
                raise ShapeError(f"{BINARY_PACKAGE}@{version}: no executable in the package")
            tar.extract(member, tmp, filter="data")
            binary = Path(tmp) / member.name
        tgz.unlink()
        snap = extract(_javascript(binary), version)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(snap.text(), encoding="utf-8")
    return snap


def releases() -> list[str]:
    out = subprocess.run(["npm", "view", PACKAGE, "versions", "--json"], check=True, capture_output=True, text=True).stdout
    return [v for v in json.loads(out) if re.fullmatch(r"\d+\.\d+\.\d+", v)]


# ---- the schema's side -------------------------------------------------------------------------

def schema_snapshot() -> Snapshot:
    """What agentls' schema says about the newest release it describes."""
    from agentls.schema import fields, skills, tools
    from agentls.schema.versions import LATEST

    snap = Snapshot(LATEST)
    snap.tools = sorted(tools.TOOLS, key=str.lower)
    snap.aliases = {o.name: o.replacement for o in tools.OLD_TOOLS.values() if o.alias and o.replacement}
    snap.agent_keys = sorted(fields.AGENT_FIELDS, key=str.lower)
    snap.skill_keys = sorted(skills.PRODUCT_SKILL_KEYS, key=str.lower)
    snap.enums = {
        "permissionMode": sorted(v.name for v in fields.PERMISSION_MODES if v.name != "manual"),
        "effort": [v.name for v in fields.EFFORTS],
        "memory": [v.name for v in fields.MEMORY],
        "isolation": [v.name for v in fields.ISOLATION],
    }
    return snap


def diff(old: Snapshot, new: Snapshot, old_label: str, new_label: str) -> list[str]:
    """Readable lines: what `new` has that `old` lacks (+) and the reverse (-)."""
    lines = []

    def sets(title: str, a: list[str] | set[str], b: list[str] | set[str]) -> None:
        for x in sorted(set(b) - set(a), key=str.lower):
            lines.append(f"+ {title} {x}   (in {new_label}, not in {old_label})")
        for x in sorted(set(a) - set(b), key=str.lower):
            lines.append(f"- {title} {x}   (in {old_label}, not in {new_label})")

    unread = set(old.missing) | set(new.missing)  # a section one side could not read is not compared
    if "tools" not in unread:
        sets("tool", old.tools, new.tools)
        sets("alias", {f"{k} -> {v}" for k, v in old.aliases.items()}, {f"{k} -> {v}" for k, v in new.aliases.items()})
    if "agent-keys" not in unread:
        sets("agent key", old.agent_keys, new.agent_keys)
    if "skill-keys" not in unread:
        sets("skill key", old.skill_keys, new.skill_keys)
    if "enums" not in unread:
        for name in sorted(set(old.enums) | set(new.enums)):
            sets(f"{name} value", old.enums.get(name, []), new.enums.get(name, []))
    return lines


def _facts(snap: Snapshot) -> dict[str, set[str]]:
    """The facts whose history is looked for, by section; a section the release could not be
    read for is absent (skill keys are not versioned in the schema)."""
    out = {
        "tools": {f"tool {t}" for t in snap.tools} | {f"alias {k} -> {v}" for k, v in snap.aliases.items()},
        "agent-keys": {f"agent key {k}" for k in snap.agent_keys},
        "enums": {f"{n} value {v}" for n, vs in snap.enums.items() for v in vs},
    }
    return {k: v for k, v in out.items() if k not in snap.missing}


def history(versions: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """For each fact that differs between the first and the last release that can be read for
    its section: the release it appeared in, or the one it disappeared in, found by bisection
    (a fact is assumed to change once)."""
    snaps: dict[int, dict[str, set[str]]] = {}

    def at(i: int) -> dict[str, set[str]]:
        if i not in snaps:
            print(f"  reading {versions[i]}", file=sys.stderr)
            try:
                snaps[i] = _facts(download(versions[i]))
            except ShapeError as exc:
                print(f"  {versions[i]}: {exc}", file=sys.stderr)
                snaps[i] = {}
        return snaps[i]

    last = len(versions) - 1
    out: dict[str, tuple[str | None, str | None]] = {}
    for section, final in at(last).items():
        lo, hi = 0, last
        if section not in at(0):  # older releases keep it in another shape: start where it can be read
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if section in at(mid) else (mid, hi)
            print(f"{section}: history from {versions[hi]} on (older releases keep it in another shape)", file=sys.stderr)
            lo = hi
        first = at(lo)[section]
        for fact in sorted(first ^ final):
            present_at_end = fact in final
            a, b = lo, last  # invariant: the fact differs between a and b
            while b - a > 1:
                mid = (a + b) // 2
                facts = at(mid).get(section)
                if facts is None:  # unreadable in between: narrow from the readable side
                    a = mid
                    continue
                if (fact in facts) == present_at_end:
                    b = mid
                else:
                    a = mid
            out[fact] = (versions[b], None) if present_at_end else (None, versions[b])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--version", help="the release to read (default: the newest)")
    ap.add_argument("--snapshot", metavar="DIR", help="write the extracted facts to DIR/claude-code-VERSION.txt")
    ap.add_argument("--history", metavar="FROM..TO", help="find the release in which each difference appeared")
    args = ap.parse_args()
    try:
        if args.history:
            lo, _, hi = args.history.partition("..")
            every = releases()
            span = every[every.index(lo):every.index(hi) + 1]
            for fact, (added, removed) in history(span).items():
                print(f"{fact}: {'since ' + added if added else 'removed in ' + str(removed)}")
            return 0
        version = args.version or releases()[-1]
        snap = download(version)
    except ShapeError as exc:
        print(f"sync_catalog: {exc}", file=sys.stderr)
        return 2
    for name, why in snap.missing.items():
        print(f"sync_catalog: {version}: {name} not read: {why}", file=sys.stderr)
    if args.snapshot:
        out = Path(args.snapshot) / f"claude-code-{version}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(snap.text(), encoding="utf-8")
        print(f"wrote {out}")
    ours = schema_snapshot()
    lines = diff(ours, snap, f"agentls ({ours.version})", f"Claude Code {version}")
    print("\n".join(lines) if lines else f"the schema matches Claude Code {version}")
    return 2 if snap.missing else 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
