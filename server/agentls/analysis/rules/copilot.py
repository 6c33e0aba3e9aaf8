"""GitHub Copilot / VS Code custom agents and prompt files: `target`, `tools`, `handoffs`,
`model`, `#tool:` references, legacy chat modes (F001, F003-F005, F008, F013, T001, T009, T010)."""

from __future__ import annotations

import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix, Related
from agentls.document.entries import Item, list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.positions import Position, Range
from agentls.document.yaml_tree import Mapping, Scalar, Sequence
from agentls.schema import TOOLS, profile_for
from agentls.schema.copilot import GITHUB, HANDOFF_FIELDS, RENAMED_VSCODE_TOOLS, VSCODE, VSCODE_TOOLS, github_alias

CODES = ("F001", "F003", "F004", "F005", "F008", "F013", "T001", "T009", "T010")

TOOL_REF = re.compile(r"#tool:([A-Za-z0-9_][\w./*-]*[\w*])")


def target_of(fm: Frontmatter | None) -> str | None:
    f = fm.get("target") if fm is not None else None
    if f is not None and isinstance(f.value, Scalar) and f.value.value.strip() in (VSCODE, GITHUB):
        return f.value.value.strip()
    return None


def check(ctx: Context) -> None:
    profile = profile_for(ctx.doc.kind)
    if profile.family != "copilot":
        return
    fm = ctx.doc.frontmatter
    path = (ctx.doc.path or "").replace("\\", "/")
    if path.endswith(".chatmode.md"):
        line = fm.split.open_line if fm is not None else 0
        start = ctx.doc.index.starts[line]
        ctx.report("F013", ctx.doc.range(start, start + len(ctx.doc.line_text(line))),
                   "Chat modes were renamed custom agents: VS Code reads `.chatmode.md` files only for compatibility. Move this file to "
                   "`.github/agents/<name>.agent.md`.")
    if fm is None or fm.parsed.not_a_mapping:
        return
    prompt = ctx.doc.kind == "copilot-prompt"
    target = VSCODE if prompt else target_of(fm)
    if not prompt:
        _targets(ctx, fm, profile.fields, target)
        _description(ctx, fm, target)
        _handoffs(ctx, fm)
    _model(ctx, fm, prompt)
    items = _tools(ctx, fm, target, prompt)
    if target != GITHUB:
        _references(ctx, fm, items)


def _targets(ctx: Context, fm: Frontmatter, fields, target: str | None) -> None:
    if target is None:
        return
    where = "GitHub Copilot" if target == GITHUB else "VS Code"
    for f in fm.fields:
        spec = fields.get(f.key)
        if spec is not None and spec.targets and target not in spec.targets:
            ctx.report("F008", fm.range(f.key_node.start, f.key_node.end),
                       f"`{f.key}` is ignored with `target: {target}`: only {'VS Code' if VSCODE in spec.targets else 'GitHub Copilot'} reads it, "
                       f"and {where} does not. Remove it, or remove `target` so the agent serves both.", tags=("unnecessary",))


def _description(ctx: Context, fm: Frontmatter, target: str | None) -> None:
    if target == VSCODE:
        return
    f = fm.get("description")
    if f is None:
        line = fm.split.open_line
        ctx.report("F001", Range(Position(line, 0), Position(line, 3)),
                   "`description` is missing: GitHub Copilot requires it (VS Code does not). Add `description:` to the frontmatter, or set `target: vscode`.",
                   severity="warning")
    elif f.value is None or (isinstance(f.value, Scalar) and not f.value.value.strip()):
        ctx.report("F001", fm.range(f.key_node.start, f.key_node.end), "`description` is empty: GitHub Copilot requires it. Give it a value.", severity="warning")


def _handoffs(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("handoffs")
    if f is None or f.value is None or (isinstance(f.value, Scalar) and not f.value.value):
        return
    if not isinstance(f.value, Sequence):
        ctx.report("F004", fm.node_range(f.value), "`handoffs` must be a list of handoffs, each with `label`, `agent` and `prompt`.")
        return
    for node in f.value.items:
        if not isinstance(node, Mapping):
            ctx.report("F004", fm.node_range(node), "Each handoff must be a mapping with `label`, `agent` and `prompt` (and optional `send`, `model`).")
            continue
        keys = {p.key.value: p for p in node.pairs if isinstance(p.key, Scalar)}
        missing = [k for k, spec in HANDOFF_FIELDS.items() if spec.required and k not in keys]
        if missing:
            first = node.pairs[0].key if node.pairs else node
            ctx.report("F004", fm.range(first.start, first.end),
                       f"This handoff lacks {', '.join(f'`{m}`' for m in missing)}: VS Code needs `label`, `agent` and `prompt` to show it. Add {'it' if len(missing) == 1 else 'them'}.")
        for key, pair in keys.items():
            spec = HANDOFF_FIELDS.get(key)
            kr = fm.range(pair.key.start, pair.key.end)
            if spec is None:
                known = ", ".join(f"`{k}`" for k in HANDOFF_FIELDS)
                ctx.report("F003", kr, f"`{key}` is not a handoff property, so VS Code ignores it. Known: {known}.")
                continue
            v = pair.value
            if spec.type == "boolean" and not (isinstance(v, Scalar) and isinstance(v.typed(), bool)):
                ctx.report("F004", fm.node_range(v) if v is not None else kr, f"`{key}` must be `true` or `false`.")
            elif spec.type == "string" and (not isinstance(v, Scalar) or (spec.required and not v.value.strip())):
                ctx.report("F004", fm.node_range(v) if v is not None else kr, f"`{key}` must be a non-empty text value.")


def _model(ctx: Context, fm: Frontmatter, prompt: bool) -> None:
    f = fm.get("model")
    if f is None or f.value is None:
        return
    v = f.value
    if isinstance(v, Sequence) and not prompt:
        if not v.items:
            ctx.report("F004", fm.node_range(v), "`model` is an empty list: give at least one model name, or remove `model`.")
        for item in v.items:
            if not isinstance(item, Scalar) or not item.value.strip():
                ctx.report("F004", fm.node_range(item), "Each `model` entry must be a model name such as `Claude Sonnet 4.5 (copilot)`.")
    elif isinstance(v, Mapping) or (isinstance(v, Sequence) and prompt):
        ctx.report("F004", fm.node_range(v), f"`model` must be a model name{'' if prompt else ' or a list of them'}.")


def _tools(ctx: Context, fm: Frontmatter, target: str | None, prompt: bool) -> list[Item]:
    f = fm.get("tools")
    if f is None or f.value is None or f.swallowed:
        return []
    v = f.value
    if isinstance(v, Mapping):
        ctx.report("F004", fm.node_range(v), "`tools` must be a YAML list of tool names, not a mapping.")
        return []
    items = list_items(fm, f)
    if isinstance(v, Scalar) and v.value.strip() and target != GITHUB:
        flow = "[" + ", ".join(f"'{i.text}'" for i in items) + "]"
        fix = Fix("Write `tools` as a YAML list", (ctx.fm_edit(v.start, v.end, flow),), safe=True)
        if target == VSCODE:
            ctx.report("F004", fm.node_range(v), "VS Code reads `tools` only as a YAML list, so this string gives the agent no tools. Write it as a list.", fixes=[fix])
        else:
            ctx.report("F004", fm.node_range(v), "GitHub Copilot accepts a comma-separated `tools` string, but VS Code reads only a YAML list and rejects it. Write it as a list.",
                       fixes=[fix], severity="warning")
    if target == GITHUB:
        return items
    for item in items:
        r = fm.range(item.start, item.end)
        name = item.text
        if name in RENAMED_VSCODE_TOOLS:
            new = RENAMED_VSCODE_TOOLS[name]
            ctx.report("T009", r, f"VS Code renamed the tool `{name}` to `{new}`; the old name still works for now. Prefer `{new}`.",
                       fixes=[Fix(f"Change to `{new}`", (ctx.fm_edit(item.start, item.end, new),), safe=True)], tags=("deprecated",))
        elif name in TOOLS and name not in VSCODE_TOOLS and github_alias(name) is not None:
            alias = github_alias(name)
            both = "VS Code ignores it" if prompt else f"GitHub Copilot maps it to `{alias}`, but VS Code does not know it and ignores it"
            ctx.report("T001", r, f"`{name}` is a Claude Code tool name: {both}. Use `{alias}`{'' if prompt else ', which both understand'}.",
                       fixes=[Fix(f"Change to `{alias}`", (ctx.fm_edit(item.start, item.end, alias),), safe=True)], severity="warning")
    return items


def _enabled(ref: str, names: set[str]) -> bool:
    """Whether a `#tool:` reference is covered by the `tools` list."""
    ref = RENAMED_VSCODE_TOOLS.get(ref, ref)
    if "*" in names or ref in names:
        return True
    head = ref.split("/", 1)[0]
    if head in names or f"{head}/*" in names:
        return True
    return any(n.startswith(ref + "/") for n in names)


def _references(ctx: Context, fm: Frontmatter, items: list[Item]) -> None:
    body = ctx.doc.body
    if "#tool:" not in body.text:
        return
    f = fm.get("tools")
    listed = f is not None and isinstance(f.value, Sequence)
    names = {RENAMED_VSCODE_TOOLS.get(i.text, i.text) for i in items}
    code = body.parsed.code_lines
    for ln in range(body.line_count):
        if ln in code or "#tool:" not in body.line_text(ln):
            continue
        for m in TOOL_REF.finditer(body.line_text(ln)):
            ref = m.group(1)
            r = body.range(ln, m.start(), m.end())
            if ref in RENAMED_VSCODE_TOOLS:
                new = RENAMED_VSCODE_TOOLS[ref]
                from agentls.analysis.finding import Edit

                ctx.report("T009", r, f"VS Code renamed the tool `{ref}` to `{new}`; the old name still works for now. Write `#tool:{new}`.",
                           fixes=[Fix(f"Change to `#tool:{new}`", (Edit(r, f"#tool:{new}"),), safe=True)], tags=("deprecated",))
            if listed and f is not None and not _enabled(ref, names):
                ctx.report("T010", r, f"`#tool:{ref}` refers to a tool that `tools` does not enable, so the agent cannot use it here. Add `{ref}` "
                           f"(or its tool set `{ref.split('/', 1)[0]}`) to `tools`.",
                           related=[Related(fm.range(f.key_node.start, f.key_node.end), "the tools enabled")])
