"""Agents, skills and files the prompt relies on and the workspace does not have (R001-R003).

Reported only when the workspace is known: the file sits in a `.claude/agents` folder (or a
plugin's `agents` folder) of a workspace whose root agentls knows. Information, not warnings:
a reference may be satisfied by something agentls cannot see (another machine's user folder).
"""

from __future__ import annotations

import os
import re

from agentls.analysis.actions import Act, is_path, tokenize
from agentls.analysis.context import Context
from agentls.analysis.delegations import delegations
from agentls.schema import profile_for
from agentls.schema.fields import MEMORY_FILES
from agentls.analysis.directives import Directive, extract, prompt_servers
from agentls.analysis.finding import Related
from agentls.document.entries import list_items
from agentls.schema import parse_specifier
from agentls.schema.names import split_agents_argument
from agentls.schema.agents import BUILTIN_AGENTS

CODES = ("R001", "R002", "R003")

_PLACEHOLDER = re.compile(r"[\[\]{}<>*$|]|\bYYYY\b|\.\.\.")
_MANIFESTS = frozenset(
    "package.json package-lock.json requirements.txt pyproject.toml setup.py Pipfile go.mod Cargo.toml pom.xml "
    "build.gradle Gemfile composer.json tsconfig.json yarn.lock pnpm-lock.yaml".split()
)


def known_workspace(ctx: Context) -> bool:
    ws = ctx.workspace
    path = ctx.doc.path
    if ws is None or not ws.root or path is None:
        return False
    full = os.path.abspath(path)
    if not full.startswith(os.path.join(os.path.abspath(ws.root), "")):
        return False
    parts = full.split(os.sep)
    in_agents = any(parts[i] == ".claude" and parts[i + 1] == "agents" for i in range(len(parts) - 1))
    return in_agents or ctx.doc.kind == "plugin-agent"


def check(ctx: Context) -> None:
    if not known_workspace(ctx) or profile_for(ctx.doc.kind).family not in ("claude-agent", "claude-skill"):
        return
    doc = ctx.doc
    ex = extract(doc, prompt_servers(doc, ctx.version, ctx.workspace))
    if getattr(ctx.workspace, "scanned", True):  # the agents on disk are all known
        _agents(ctx, ex.directives)
    _skills(ctx)
    _files(ctx, ex.directives)


def _agent_names(ctx: Context) -> frozenset[str]:
    """The names an agent can delegate to: the workspace's agents and the built-in ones."""
    ws = ctx.workspace
    assert ws is not None
    return ws.agent_names().union(BUILTIN_AGENTS)


def _agents(ctx: Context, directives: list[Directive]) -> None:
    known = _agent_names(ctx)
    fm = ctx.doc.frontmatter
    own = ""
    if fm is not None and fm.get("name") is not None:
        own = getattr(fm.get("name").value, "value", "") or ""
    seen: set[tuple[int, str]] = set()
    for m in delegations(directives):
        if m.negative or m.name in known or m.name == own:
            continue
        r = ctx.doc.range(m.start, m.end)
        if (r.start.line, m.name) in seen:
            continue
        seen.add((r.start.line, m.name))
        ctx.report("R001", r, f"The prompt delegates to an agent named `{m.name}`, but no agent of that name is in this workspace (nor built in), so the delegation fails. Create it in `.claude/agents/`, or correct the name.",
                   related=_agent_hint(ctx, m.name))
    # `tools: Agent(a, b)` names the agents it may spawn
    if fm is None or fm.get("tools") is None:
        return
    for item in list_items(fm, fm.get("tools")):
        spec = parse_specifier(item.text)
        if spec is None or spec.tool not in ("Agent", "Task"):
            continue
        for name in split_agents_argument(spec.argument):
            if name in known or name == own or not re.fullmatch(r"[A-Za-z0-9_-]+", name):
                continue
            at = ctx.doc.frontmatter.parsed.text.find(name, item.start, item.end)
            r = fm.range(at, at + len(name)) if at >= 0 else fm.range(item.start, item.end)
            ctx.report("R001", r, f"`{item.text}` allows spawning `{name}`, but no agent of that name is in this workspace (nor built in). Create it, or correct the name.")


def _agent_hint(ctx: Context, name: str) -> list[Related]:
    import difflib

    assert ctx.workspace is not None
    infos = list(ctx.workspace.agents.values())
    close = difflib.get_close_matches(name, [a.name for a in infos], n=1, cutoff=0.75)
    if not close:
        return []
    info = next(a for a in infos if a.name == close[0])
    return [Related(info.name_range, f"did you mean `{info.name}`?", info.path)]


def _skills(ctx: Context) -> None:
    fm = ctx.doc.frontmatter
    ws = ctx.workspace
    assert ws is not None
    if fm is None or fm.get("skills") is None or fm.get("skills").swallowed:
        return
    for item in list_items(fm, fm.get("skills")):
        name = item.text.strip()
        if not name or name in ws.skills or ":" in name:
            continue
        ctx.report("R002", fm.range(item.start, item.end),
                   f"No skill named `{name}` was found (`.claude/skills/{name}/SKILL.md` in this workspace, in your user folder or in a plugin), and Claude Code skips a missing skill silently. Create it, or remove the entry.")


def _files(ctx: Context, directives: list[Directive]) -> None:
    ws = ctx.workspace
    assert ws is not None
    written = set()
    for d in directives:
        for a in d.actions:
            if a.act == Act.MODIFY_FILES and not a.negative:
                written.update(_norm_path(t.text.strip("`")) for t in tokenize(d.text) if is_path(t))
    seen: set[str] = set()
    for d in directives:
        if len(d.reads) >= 3:
            continue  # a list of candidates ("check package.json, go.mod, pom.xml")
        for start, end, path in d.reads:
            clean = _norm_path(path)
            if (not clean or clean in seen or clean in written or os.path.isabs(clean) or clean.startswith("~")
                    or _PLACEHOLDER.search(clean) or os.path.basename(clean) in _MANIFESTS or os.path.basename(clean) in MEMORY_FILES):
                continue
            folder = clean.endswith("/")
            if folder and any(w.startswith(clean) for w in written):
                continue  # the agent writes into it
            exists = ws.file_exists(clean)
            if exists is None or exists:
                continue
            seen.add(clean)
            what = "folder" if folder else "file"
            ctx.report("R003", ctx.doc.range(*d.span(start, end)),
                       f"The prompt tells the agent to read `{clean}`, but the workspace has no such {what}, so the agent starts without it. Create it, or correct the path.")


def _norm_path(path: str) -> str:
    path = path.strip()
    return path[2:] if path.startswith("./") else path
