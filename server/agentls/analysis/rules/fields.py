"""Frontmatter fields: required, names, unknown keys, types, values, versions (F001-F006, F008)."""

from __future__ import annotations

import difflib
import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Fix
from agentls.document.frontmatter import Field, Frontmatter
from agentls.document.positions import Position, Range
from agentls.document.yaml_tree import Alias, Mapping, Node, Scalar, Sequence
from agentls.schema import IGNORED_NOTES, MODEL_ID, FieldSpec, Profile, at_least, profile_for
from agentls.schema.loader import name_problem

CODES = ("F001", "F002", "F003", "F004", "F005", "F006", "F008", "F010")

# Keys collections add as metadata: ignored by Claude Code, harmless, reported quietly.
METADATA_KEYS = frozenset({"category", "version", "author", "authors", "tags", "capabilities", "priority", "type", "license", "keywords", "created", "updated", "date", "role", "expertise", "specialization", "department", "metadata", "source", "emoji", "icon"})

_TYPE_WORDS = {
    "string": "a text value",
    "integer": "a positive integer",
    "boolean": "`true` or `false`",
    "string-list": "a list of names",
    "mcp-servers": "a list of server names or `{name: config}` entries",
    "hooks": "a mapping of hook events (as in settings.json)",
    "mapping": "a mapping of `key: value` entries",
    "number": "a number",
    "string-or-list": "a text value or a list",
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
    _required(ctx, fm, profile)
    for f in fm.fields:
        if f.swallowed:
            continue
        spec = profile.fields.get(f.key)
        if spec is None:
            _unknown(ctx, fm, f, profile)
            continue
        if spec.deprecated:
            _deprecated(ctx, fm, f, spec, profile)
        if spec.since and not at_least(ctx.version, spec.since):
            ctx.report("F006", fm.range(f.key_node.start, f.key_node.end),
                       f"`{f.key}` needs Claude Code {spec.since} or newer; the configured claudeCodeVersion is {ctx.config.claude_code_version}, which ignores it.")
        if ctx.doc.kind == "plugin-agent" and spec.ignored_in_plugins:
            ctx.report("F008", fm.range(f.key_node.start, f.key_node.end),
                       f"Claude Code ignores `{f.key}` in plugin agents. Move it to a project or user agent, or remove it.",
                       tags=("unnecessary",))
        if f.readable:  # a broken entry's raw text is not its value: the YAML error says what is wrong
            _value(ctx, fm, f, spec, profile)


def _required(ctx: Context, fm: Frontmatter, profile: Profile) -> None:
    line = fm.split.open_line
    open_range = Range(Position(line, 0), Position(line, 3))
    for spec in profile.fields.values():
        if not spec.required:
            continue
        f = fm.get(spec.name)
        why = f"{profile.required_note}" if profile.required_note else f"Claude Code skips an agent without a `{spec.name}`"
        if f is None:
            ctx.report("F001", open_range, f"`{spec.name}` is missing. {why}: add `{spec.name}:` to the frontmatter.")
        elif f.value is None or (isinstance(f.value, Scalar) and not f.value.value.strip()):
            ctx.report("F001", fm.range(f.key_node.start, f.key_node.end), f"`{spec.name}` is empty. {why}: give it a value.")


def _deprecated(ctx: Context, fm: Frontmatter, f: Field, spec: FieldSpec, profile: Profile) -> None:
    """F010: a field that a newer one replaces; a rename fix when the new name is free."""
    import re

    fixes = []
    m = re.match(r"renamed `([\w-]+)`", spec.deprecated or "")
    if m and m.group(1) in profile.fields and fm.get(m.group(1)) is None:
        new = m.group(1)
        fixes.append(Fix(f"Rename `{f.key}` to `{new}`", (ctx.fm_edit(f.key_node.start, f.key_node.end, new),), safe=True))
    elif m and fm.get(m.group(1)) is not None:
        fixes.append(Fix(f"Remove `{f.key}` (`{m.group(1)}` is set)", (ctx.fm_edit(*_field_span(fm, f), ""),), safe=False))
    ctx.report("F010", fm.range(f.key_node.start, f.key_node.end), f"`{f.key}` is deprecated in {profile.product}: {spec.deprecated}",
               fixes=fixes, tags=("deprecated",))


def _field_span(fm: Frontmatter, f: Field) -> tuple[int, int]:
    """Local offsets of a whole top-level entry, its line break included."""
    text = fm.parsed.text
    start = text.rfind("\n", 0, f.key_node.start) + 1
    end_node = f.value if f.value is not None else f.key_node
    end = text.find("\n", end_node.end)
    return start, len(text) if end < 0 else end + 1


def _unknown(ctx: Context, fm: Frontmatter, f: Field, profile: Profile) -> None:
    fields = profile.fields
    if f.key in profile.accepted:
        return
    key_range = fm.range(f.key_node.start, f.key_node.end)
    if f.key in IGNORED_NOTES and profile.family == "claude-agent":
        ctx.report("F008", key_range, f"`{f.key}` is not a Claude Code field and has no effect. {IGNORED_NOTES[f.key]}", tags=("unnecessary",))
        return
    target = profile.mistaken.get(f.key)
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
        ctx.report("F003", key_range, f"`{f.key}` is not a field of {profile.label}, so {_ignored(profile)}: did you mean `{target}`?", fixes=[fix] if fix else [])
    elif f.key.lower() in METADATA_KEYS:
        if profile.family == "opencode":
            ctx.report("F003", key_range, f"`{f.key}` is not an OpenCode field: OpenCode passes it to the model provider as an option. Remove it, or put it under `options` if the provider expects it.")
        else:
            ctx.report("F003", key_range, f"`{f.key}` is not a {profile.product} field: it is ignored (fine as metadata for other tools).", severity="hint", tags=("unnecessary",))
    else:
        known = ", ".join(sorted(fields))
        ctx.report("F003", key_range, f"`{f.key}` is not a field of {profile.label}, so {_ignored(profile)}. Known fields: {known}.")


def _ignored(profile: Profile) -> str:
    if profile.family == "opencode":
        return "OpenCode passes it to the model provider as an option"
    return "it is ignored"


def _value(ctx: Context, fm: Frontmatter, f: Field, spec: FieldSpec, profile: Profile) -> None:
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
            _name(ctx, fm, f, node, profile)
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
    elif t == "mapping":
        if not isinstance(node, Mapping) and not (isinstance(node, Scalar) and not node.value):
            ctx.report("F004", where, f"`{f.key}` must be {_TYPE_WORDS['mapping']}, not {_kind(node)}.")
    elif t == "number":
        v = node.typed() if isinstance(node, Scalar) else None
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            ctx.report("F004", where, f"`{f.key}` must be a number, not `{node.value if isinstance(node, Scalar) else _kind(node)}`.")
    elif t in ("string-or-list", "string-list") and isinstance(node, Mapping):
        ctx.report("F004", where, f"`{f.key}` must be {_TYPE_WORDS['string-or-list']}, not a mapping.")


def _name(ctx: Context, fm: Frontmatter, f: Field, node: Scalar, profile: Profile) -> None:
    name = node.value
    pattern = profile.name_pattern
    if not name or pattern is None:
        return
    too_long = profile.name_max is not None and len(name) > profile.name_max
    if pattern.match(name) and not too_long:
        return
    slug = re.sub(r"[^a-z0-9-]+", "-", name.strip().lower()).strip("-")
    if profile.family != "claude-agent":
        slug = slug[: profile.name_max] if profile.name_max else slug
        why = f"it has {len(name)} characters" if pattern.match(name) else profile.name_rule
        fixes = [Fix(f"Rename to `{slug}`", (ctx.fm_edit(node.start, node.end, slug),), safe=False)] if slug and pattern.match(slug) else []
        ctx.report("F002", fm.range(node.start, node.end), f"`{name}` is not a valid {profile.noun} name: {profile.name_rule if why == profile.name_rule else why + '; ' + profile.name_rule}.", fixes=fixes)
        return
    fixes = [Fix(f"Rename to `{slug}`", (ctx.fm_edit(node.start, node.end, slug),), safe=False)] if slug and pattern.match(slug) else []
    problem = name_problem(name)
    if problem is not None:
        ctx.report("F002", fm.range(node.start, node.end), f"`{name}` is not a valid agent name: {problem}. Claude Code skips the agent.", fixes=fixes)
    else:  # the loader accepts it: the docs' style advice only
        ctx.report("F002", fm.range(node.start, node.end), f"`{name}`: the docs recommend lowercase letters, digits and hyphens for agent names (Claude Code loads this one as it is).",
                   severity="hint", fixes=fixes)


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
