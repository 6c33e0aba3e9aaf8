"""OpenCode agents: `model` as `provider/model`, `permission` maps, the deprecated `tools`
map, colors, the `prompt` key (F004, F005, F008)."""

from __future__ import annotations

from agentls.analysis.context import Context
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Mapping, Node, Scalar, Sequence
from agentls.schema import profile_for
from agentls.schema.opencode import ACTIONS, HEX_COLOR, PERMISSION_KEYS, PROVIDER_MODEL, THEME_COLORS

CODES = ("F004", "F005", "F008")
_ACTIONS = [a.name for a in ACTIONS]


def check(ctx: Context) -> None:
    if profile_for(ctx.doc.kind).family != "opencode":
        return
    fm = ctx.doc.frontmatter
    if fm is None or fm.parsed.not_a_mapping:
        return
    _model(ctx, fm)
    _color(ctx, fm)
    _permission(ctx, fm)
    _tools(ctx, fm)
    p = fm.get("prompt")
    if p is not None and ctx.doc.body.text.strip():
        ctx.report("F008", fm.range(p.key_node.start, p.key_node.end),
                   "OpenCode ignores `prompt` in a markdown agent: the body is the prompt and replaces it. Move the text into the body.",
                   tags=("unnecessary",))


def _model(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("model")
    if f is None or not isinstance(f.value, Scalar) or not f.value.value.strip():
        return
    value = f.value.value.strip()
    if PROVIDER_MODEL.match(value):
        return
    hint = " such as `anthropic/claude-sonnet-4-5`" if value.lower() in ("sonnet", "opus", "haiku", "inherit") or value.startswith("claude") else ""
    ctx.report("F005", fm.node_range(f.value),
               f"`{value}` is not an OpenCode model: write `provider/model-id`{hint}. OpenCode splits the value at the first `/` to find the provider.")


def _color(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("color")
    if f is None:
        return
    v = f.value
    if v is None or (isinstance(v, Scalar) and v.plain and not v.value):
        line_end = fm.parsed.text.find("\n", f.key_node.end)
        rest = fm.parsed.text[f.key_node.end : line_end if line_end >= 0 else len(fm.parsed.text)]
        at = rest.find("#")
        if at >= 0:
            start = f.key_node.end + at
            ctx.report("F005", fm.range(start, start + len(rest[at:].rstrip())),
                       "An unquoted `#` starts a YAML comment, so `color` is empty. Quote it: `color: \"#FF5733\"`.")
        return
    if not isinstance(v, Scalar):
        ctx.report("F004", fm.node_range(v), "`color` must be a hex color (`\"#FF5733\"`) or a theme color.")
        return
    value = v.value.strip()
    themes = [c.name for c in THEME_COLORS]
    if HEX_COLOR.match(value) or value in themes:
        return
    ctx.report("F005", fm.node_range(v), f"`{value}` is not an OpenCode color: use `\"#RRGGBB\"` or one of {', '.join(themes)}.")


def _action(ctx: Context, fm: Frontmatter, node: Node | None, where: str) -> None:
    if isinstance(node, Scalar) and node.value.strip() in _ACTIONS:
        return
    shown = node.value if isinstance(node, Scalar) else "a list" if isinstance(node, Sequence) else "nothing"
    r = fm.node_range(node) if node is not None else None
    if r is not None:
        ctx.report("F005", r, f"`{shown}` is not a permission for {where}: OpenCode accepts {', '.join(_ACTIONS)}.")


def _permission(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("permission")
    if f is None or f.value is None:
        return
    v = f.value
    if isinstance(v, Scalar):
        _action(ctx, fm, v, "every tool")
        return
    if not isinstance(v, Mapping):
        ctx.report("F004", fm.node_range(v), "`permission` must be `ask`, `allow` or `deny`, or a map of tool -> permission.")
        return
    for pair in v.pairs:
        if not isinstance(pair.key, Scalar):
            continue
        key = pair.key.value
        single = PERMISSION_KEYS.get(key, ("", False))[1]
        if isinstance(pair.value, Mapping):
            if single:
                ctx.report("F004", fm.node_range(pair.value), f"`{key}` takes a single permission ({', '.join(_ACTIONS)}), not a map of patterns.")
                continue
            for inner in pair.value.pairs:
                if isinstance(inner.key, Scalar):
                    _action(ctx, fm, inner.value, f"`{key}` `{inner.key.value}`")
        else:
            _action(ctx, fm, pair.value, f"`{key}`")


def _tools(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("tools")
    if f is None or f.value is None or (isinstance(f.value, Scalar) and not f.value.value):
        return
    v = f.value
    if not isinstance(v, Mapping):
        ctx.report("F004", fm.node_range(v),
                   "OpenCode's `tools` is a map of tool name -> `true`/`false` (a Claude Code tool list fails OpenCode's config validation). "
                   "Better, use `permission`: `permission: {edit: deny, bash: ask}`.")
        return
    for pair in v.pairs:
        if isinstance(pair.key, Scalar) and not (isinstance(pair.value, Scalar) and isinstance(pair.value.typed(), bool)):
            r = fm.node_range(pair.value) if pair.value is not None else fm.range(pair.key.start, pair.key.end)
            ctx.report("F004", r, f"`tools.{pair.key.value}` must be `true` or `false`.")
