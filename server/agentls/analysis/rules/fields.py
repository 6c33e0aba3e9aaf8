"""Frontmatter fields: required, names, unknown keys, types, values, versions (F001-F006, F008)."""

from __future__ import annotations

import difflib
import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix
from agentls.document.frontmatter import Field, Frontmatter
from agentls.document.positions import Position, Range
from agentls.document.yaml_tree import Alias, Mapping, Node, Scalar, Sequence
from agentls.schema import IGNORED_NOTES, MISTAKEN_FIELDS, MODEL_ID, NAME_PATTERN, FieldSpec, at_least, profile_for

CODES = ("F001", "F002", "F003", "F004", "F005", "F006", "F008")

# Keys collections add as metadata: ignored by Claude Code, harmless, reported quietly.
METADATA_KEYS = frozenset({"category", "version", "author", "authors", "tags", "capabilities", "priority", "type", "license", "keywords", "created", "updated", "date", "role", "expertise", "specialization", "department", "metadata", "source", "emoji", "icon"})

_TYPE_WORDS = {
    "string": "a text value",
    "integer": "a positive integer",
    "boolean": "`true` or `false`",
    "string-list": "a list of names",
    "mcp-servers": "a list of server names or `{name: config}` entries",
    "hooks": "a mapping of hook events (as in settings.json)",
}


def _kind(node: Node | None) -> str:
    if node is None:
        return "nothing"
    if isinstance(node, Scalar):
        return "text"
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a mapping"
    return "an alias"


def check(ctx: Context) -> None:
    fm = ctx.doc.frontmatter
    if fm is None or fm.parsed.not_a_mapping:
        return
    profile = profile_for(ctx.doc.kind)
    _required(ctx, fm, profile.fields)
    for f in fm.fields:
        if f.swallowed:
            continue
        spec = profile.fields.get(f.key)
        if spec is None:
            _unknown(ctx, fm, f, profile.fields)
            continue
        if spec.since and not at_least(ctx.version, spec.since):
            ctx.report("F006", fm.range(f.key_node.start, f.key_node.end),
                       f"`{f.key}` needs Claude Code {spec.since} or newer; the configured claudeCodeVersion is {ctx.config.claude_code_version}, which ignores it.")
        if ctx.doc.kind == "plugin-agent" and spec.ignored_in_plugins:
            ctx.report("F008", fm.range(f.key_node.start, f.key_node.end),
                       f"Claude Code ignores `{f.key}` in plugin agents. Move it to a project or user agent, or remove it.",
                       tags=("unnecessary",))
        _value(ctx, fm, f, spec)


def _required(ctx: Context, fm: Frontmatter, fields: dict[str, FieldSpec]) -> None:
    line = fm.split.open_line
    open_range = Range(Position(line, 0), Position(line, 3))
    for spec in fields.values():
        if not spec.required:
            continue
        f = fm.get(spec.name)
        if f is None:
            ctx.report("F001", open_range, f"`{spec.name}` is missing. Claude Code skips an agent without a `{spec.name}`: add `{spec.name}:` to the frontmatter.")
        elif f.value is None or (isinstance(f.value, Scalar) and not f.value.value.strip()):
            ctx.report("F001", fm.range(f.key_node.start, f.key_node.end), f"`{spec.name}` is empty. Claude Code skips an agent without a `{spec.name}`: give it a value.")


def _unknown(ctx: Context, fm: Frontmatter, f: Field, fields: dict[str, FieldSpec]) -> None:
    key_range = fm.range(f.key_node.start, f.key_node.end)
    if f.key in IGNORED_NOTES:
        ctx.report("F008", key_range, f"`{f.key}` is not a Claude Code field and has no effect. {IGNORED_NOTES[f.key]}", tags=("unnecessary",))
        return
    target = MISTAKEN_FIELDS.get(f.key)
    if target is not None and target not in fields:
        target = None
    if target is None:
        lowered = {k.lower().replace("-", "").replace("_", ""): k for k in fields}
        target = lowered.get(f.key.lower().replace("-", "").replace("_", ""))
    if target is None:
        close = difflib.get_close_matches(f.key, list(fields), n=1, cutoff=0.8)
        target = close[0] if close else None
    if target is not None:
        fix = None
        if fm.get(target) is None:
            fix = Fix(f"Rename `{f.key}` to `{target}`", (ctx.fm_edit(f.key_node.start, f.key_node.end, target),), safe=True)
        ctx.report("F003", key_range, f"`{f.key}` is not a field of Claude Code agents, so it is ignored: did you mean `{target}`?", fixes=[fix] if fix else [])
    elif f.key.lower() in METADATA_KEYS:
        ctx.report("F003", key_range, f"`{f.key}` is not a Claude Code field: it is ignored (fine as metadata for other tools).", severity="hint", tags=("unnecessary",))
    else:
        known = ", ".join(sorted(fields))
        ctx.report("F003", key_range, f"`{f.key}` is not a field of Claude Code agents, so it is ignored. Known fields: {known}.")


def _value(ctx: Context, fm: Frontmatter, f: Field, spec: FieldSpec) -> None:
    node = f.value
    where = fm.range(node.start, node.end) if node is not None else fm.range(f.key_node.start, f.key_node.end)
    t = spec.type
    if node is None or isinstance(node, Alias):
        return
    if t in ("string", "model", "enum"):
        if not isinstance(node, Scalar):
            ctx.report("F004", where, f"`{f.key}` must be {_TYPE_WORDS['string']}, not {_kind(node)}.")
            return
        if t == "string" and f.key == "name":
            _name(ctx, fm, f, node)
        elif t == "model":
            _model(ctx, fm, f, node, spec)
        elif t == "enum":
            _enum(ctx, fm, f, node, spec)
    elif t == "integer":
        v = node.typed() if isinstance(node, Scalar) else None
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            ctx.report("F004", where, f"`{f.key}` must be {_TYPE_WORDS['integer']}, not `{node.value if isinstance(node, Scalar) else _kind(node)}`.")
    elif t == "boolean":
        v = node.typed() if isinstance(node, Scalar) else None
        if not isinstance(v, bool):
            ctx.report("F004", where, f"`{f.key}` must be `true` or `false`, not `{node.value if isinstance(node, Scalar) else _kind(node)}`.")
    elif t == "string-list":
        if isinstance(node, Scalar) and node.value.strip():
            ctx.report("F004", where, f"`{f.key}` must be a YAML list of names; a single text value is not read as a list. Write `- {node.value}` on the next line.")
        elif isinstance(node, Mapping):
            ctx.report("F004", where, f"`{f.key}` must be a list of names, not a mapping.")
    elif t == "mcp-servers":
        if isinstance(node, Scalar) and node.value.strip():
            ctx.report("F004", where, f"`{f.key}` must be a YAML list (`- server-name`), not a single text value.")
    elif t == "hooks":
        if not isinstance(node, Mapping) and not (isinstance(node, Scalar) and not node.value):
            ctx.report("F004", where, f"`{f.key}` must be a mapping of hook events, as in settings.json.")
    elif t == "tools":
        if isinstance(node, Mapping):
            ctx.report("F004", where, f"`{f.key}` must be a comma-separated string or a list of tool names, not a mapping (that is OpenCode's format).")


def _name(ctx: Context, fm: Frontmatter, f: Field, node: Scalar) -> None:
    name = node.value
    if not name or NAME_PATTERN.match(name):
        return
    slug = re.sub(r"[^a-z0-9-]+", "-", name.strip().lower()).strip("-")
    why = "`:` is reserved for plugin agents" if ":" in name else "names are lowercase letters, digits and hyphens, not starting with `-`"
    fixes = [Fix(f"Rename to `{slug}`", (ctx.fm_edit(node.start, node.end, slug),), safe=False)] if slug and NAME_PATTERN.match(slug) else []
    ctx.report("F002", fm.range(node.start, node.end), f"`{name}` is not a valid agent name: {why}. Claude Code skips the agent.", fixes=fixes)


def _suggest(ctx: Context, fm: Frontmatter, node: Scalar, allowed: list[str]) -> list[Fix]:
    low = {a.lower(): a for a in allowed}
    if node.value.lower() in low:
        return [Fix(f"Change to `{low[node.value.lower()]}`", (ctx.fm_edit(node.start, node.end, low[node.value.lower()]),), safe=True)]
    close = difflib.get_close_matches(node.value, allowed, n=1, cutoff=0.75)
    return [Fix(f"Change to `{close[0]}`", (ctx.fm_edit(node.start, node.end, close[0]),), safe=False)] if close else []


def _model(ctx: Context, fm: Frontmatter, f: Field, node: Scalar, spec: FieldSpec) -> None:
    value = node.value.strip()
    names = spec.value_names()
    if not value or value in names or MODEL_ID.match(value):
        return
    ctx.report("F005", fm.range(node.start, node.end),
               f"`{value}` is not a model Claude Code knows: use an alias ({', '.join(names)}) or a full model id such as `claude-sonnet-4-5`.",
               fixes=_suggest(ctx, fm, node, names))


def _enum(ctx: Context, fm: Frontmatter, f: Field, node: Scalar, spec: FieldSpec) -> None:
    value = node.value.strip()
    values = {v.name: v for v in spec.values}
    if value in values:
        since = values[value].since
        if since and not at_least(ctx.version, since):
            ctx.report("F006", fm.range(node.start, node.end), f"`{f.key}: {value}` needs Claude Code {since} or newer (configured: {ctx.config.claude_code_version}).")
        return
    if not value:
        return
    ctx.report("F005", fm.range(node.start, node.end),
               f"`{value}` is not a valid `{f.key}`: Claude Code accepts {', '.join(values)}.",
               fixes=_suggest(ctx, fm, node, list(values)))
