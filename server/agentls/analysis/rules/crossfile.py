"""References between files: a skill's `agent`, Copilot handoffs, `agents` and a prompt file's
`agent` (R004). Reported only when the workspace is indexed. (An agent's `skills`: R002 in
references.py.)"""

from __future__ import annotations

import difflib

from agentls.analysis.context import Context
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Mapping, Scalar, Sequence
from agentls.schema import profile_for
from agentls.schema.copilot import BUILTIN_CHAT_AGENTS
from agentls.schema.agents import BUILTIN_AGENTS

CODES = ("R004",)
SKILL_KINDS = ("skill", "plugin-skill", "command", "plugin-command")


def check(ctx: Context) -> None:
    ws = ctx.workspace
    fm = ctx.doc.frontmatter
    if ws is None or not ws.root or not ws.scanned or fm is None or fm.parsed.not_a_mapping:
        return
    family = profile_for(ctx.doc.kind).family
    if family == "claude-skill":
        f = fm.get("agent")
        c = fm.get("context")
        if f is not None and isinstance(f.value, Scalar) and c is not None and isinstance(c.value, Scalar) and c.value.value.strip() == "fork":
            _agent(ctx, fm, f.value, _claude_agents(ctx), "sub-agent type")
    elif family == "copilot":
        names = _copilot_agents(ctx)
        if ctx.doc.kind == "copilot-prompt":
            f = fm.get("agent") or fm.get("mode")
            if f is not None and isinstance(f.value, Scalar):
                _agent(ctx, fm, f.value, names, "agent")
            return
        h = fm.get("handoffs")
        if h is not None and isinstance(h.value, Sequence):
            for node in h.value.items:
                if isinstance(node, Mapping):
                    for p in node.pairs:
                        if isinstance(p.key, Scalar) and p.key.value == "agent" and isinstance(p.value, Scalar):
                            _agent(ctx, fm, p.value, names, "handoff agent")
        a = fm.get("agents")
        if a is not None and isinstance(a.value, Sequence):
            for node in a.value.items:
                if isinstance(node, Scalar) and node.value != "*":
                    _agent(ctx, fm, node, names, "subagent")


def _claude_agents(ctx: Context) -> dict[str, str]:
    ws = ctx.workspace
    assert ws is not None
    out = {n: b.summary for n, b in BUILTIN_AGENTS.items()}
    for e in ws.named(("agent", "plugin-agent")).values():
        out.setdefault(e.name, e.path)
    return out


def _copilot_agents(ctx: Context) -> dict[str, str]:
    ws = ctx.workspace
    assert ws is not None
    out = dict(BUILTIN_CHAT_AGENTS)
    for e in ws.named(("copilot-agent", "agent")).values():
        out.setdefault(e.name, e.path)
    return out


def _agent(ctx: Context, fm: Frontmatter, node: Scalar, known: dict[str, str], what: str) -> None:
    name = node.value.strip()
    if not name or ":" in name or name in known or name.lower() in {k.lower() for k in known}:
        return
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    hint = f" Did you mean `{close[0]}`?" if close else ""
    ctx.report("R004", fm.node_range(node),
               f"No agent named `{name}` exists (built-in, in this workspace or in your user folder), so this {what} fails when it runs.{hint}")

