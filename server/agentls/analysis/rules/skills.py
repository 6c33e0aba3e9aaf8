"""Skills and commands: name and folder, the description cap, `agent`, body substitutions
(F008, F011, F012, D004-D006)."""

from __future__ import annotations

import os
import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Edit, Fix, Related
from agentls.document.entries import list_items
from agentls.document.frontmatter import Frontmatter
from agentls.document.yaml_tree import Scalar
from agentls.schema import profile_for
from agentls.schema.skills import DESCRIPTION_CAP, VARIABLES

CODES = ("F008", "F011", "F012", "D004", "D005", "D006")

_VARIABLE = re.compile(r"\$\{(CLAUDE_[A-Z0-9_]+)\}")
_POSITION = re.compile(r"\$ARGUMENTS\[(\d+)\]|(?<![\w$\\])\$(\d)(?![\w])(?![.,]\d)")
_NAMED = re.compile(r"(?<![\w$\\])\$([A-Za-z_][\w-]*)")


def check(ctx: Context) -> None:
    profile = profile_for(ctx.doc.kind)
    if profile.family != "claude-skill":
        return
    fm = ctx.doc.frontmatter
    if fm is not None and not fm.parsed.not_a_mapping:
        if ctx.doc.kind in ("skill", "plugin-skill"):
            _folder(ctx, fm)
        _cap(ctx, fm)
        _agent_without_fork(ctx, fm)
    _substitutions(ctx, profile.plugin, profile.noun)
    _positions(ctx, fm, profile.noun)


def _folder(ctx: Context, fm: Frontmatter) -> None:
    f = fm.get("name")
    if ctx.doc.path is None or f is None or not isinstance(f.value, Scalar) or not f.value.value.strip():
        return
    folder = os.path.basename(os.path.dirname(os.path.abspath(ctx.doc.path)))
    name = f.value.value.strip()
    if name == folder:
        return
    node = f.value
    ctx.report("F011", fm.range(node.start, node.end),
               f"The skill is named `{name}` but lives in the folder `{folder}`: Claude Code invokes it as `/{folder}`, so the listing and "
               f"the command disagree (and other tools reject the skill). Rename the folder, or set `name: {folder}`.",
               fixes=[Fix(f"Change the name to `{folder}`", (ctx.fm_edit(node.start, node.end, folder),), safe=False)])


def _offset_in(fm: Frontmatter, node: Scalar, index: int) -> int:
    """Local offset of character `index` of a scalar's value (exact for plain and quoted
    single-line values; the value's start otherwise)."""
    raw = fm.parsed.text[node.start : node.end]
    if raw == node.value:
        return node.start + index
    if node.style in ("'", '"') and raw[1:-1] == node.value:
        return node.start + 1 + index
    return node.start


def _cap(ctx: Context, fm: Frontmatter) -> None:
    d, w = fm.get("description"), fm.get("when_to_use")
    desc = d.value if d is not None and isinstance(d.value, Scalar) else None
    when = w.value if w is not None and isinstance(w.value, Scalar) else None
    n_desc = len(desc.value) if desc else 0
    n_when = len(when.value) if when else 0
    total = n_desc + (n_when + 1 if when and n_when else 0)
    if total <= DESCRIPTION_CAP:
        return
    if desc is not None and n_desc > DESCRIPTION_CAP:
        node, at = desc, _offset_in(fm, desc, DESCRIPTION_CAP)
        what = f"`description` has {n_desc:,} characters"
    else:
        assert when is not None
        node, at = when, _offset_in(fm, when, max(0, DESCRIPTION_CAP - n_desc - 1))
        what = f"`description` and `when_to_use` have {total:,} characters together"
    end = node.end if at > node.start else node.end
    ctx.report("F012", fm.range(at, end),
               f"{what}; Claude Code shows the first {DESCRIPTION_CAP:,} in the skill listing, so the rest (from here) never reaches Claude "
               "when it decides which skill to use. Shorten it and move details into the body.")


def _agent_without_fork(ctx: Context, fm: Frontmatter) -> None:
    a = fm.get("agent")
    if a is None or a.value is None:
        return
    c = fm.get("context")
    if c is not None and isinstance(c.value, Scalar) and c.value.value.strip() == "fork":
        return
    ctx.report("F008", fm.range(a.key_node.start, a.key_node.end),
               "`agent` applies only with `context: fork`: without it the skill runs in the conversation and `agent` is ignored. "
               "Add `context: fork`, or remove `agent`.", tags=("unnecessary",))


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _substitutions(ctx: Context, plugin: bool, noun: str) -> None:
    body = ctx.doc.body
    if "${CLAUDE_" not in body.text:
        return
    for ln in range(body.line_count):
        text = body.line_text(ln)
        for m in _VARIABLE.finditer(text):
            var = m.group(1)
            r = body.range(ln, m.start(), m.end())
            known = VARIABLES.get(var)
            if known is None:
                close = min(VARIABLES, key=lambda v: _distance(var, v))
                if _distance(var, close) <= 2:
                    ctx.report("D004", r, f"`${{{var}}}` is not a Claude Code placeholder, so it stays as literal text: did you mean `${{{close}}}`?",
                               fixes=[Fix(f"Change to `${{{close}}}`", (Edit(r, f"${{{close}}}"),), safe=True)])
            elif known.plugin_only and not plugin:
                ctx.report("D005", r, f"`${{{var}}}` is set only for the skills, commands and agents of a plugin; this {noun} is not in one, so it "
                           "expands to nothing. Use `${CLAUDE_SKILL_DIR}` (skills) or `${CLAUDE_PROJECT_DIR}`.")


def _prose_matches(ctx: Context, pattern: re.Pattern[str]):
    """Matches outside code blocks and inline code: (line, match)."""
    body = ctx.doc.body
    code = body.parsed.code_lines
    spans: dict[int, list[tuple[int, int]]] = {}
    for s in body.code_spans:
        spans.setdefault(s.line, []).append((s.start, s.end))
    for ln in range(body.line_count):
        if ln in code:
            continue
        text = body.line_text(ln)
        if "$" not in text:
            continue
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in spans.get(ln, ())):
                continue
            yield ln, m


def _positions(ctx: Context, fm: Frontmatter | None, noun: str) -> None:
    body = ctx.doc.body
    if "$" not in body.text:
        return
    uses = [(ln, m, int(m.group(1) or m.group(2))) for ln, m in _prose_matches(ctx, _POSITION)]
    indices = {i for _, _, i in uses}
    if uses and 0 not in indices and 1 in indices and indices == set(range(1, max(indices) + 1)):
        first = next(u for u in uses if u[2] == 1)
        ln, m, _ = first
        edits = tuple(Edit(body.range(l2, m2.start(), m2.end()), m2.group(0).replace(str(i), str(i - 1))) for l2, m2, i in uses)
        ctx.report("D006", body.range(ln, m.start(), m.end()),
                   f"Argument positions count from 0: `{m.group(0)}` is the second argument, and this {noun} never uses the first (`$0`). "
                   "Shift the positions down by one.",
                   related=[Related(body.range(l2, m2.start(), m2.end()), f"`{m2.group(0)}` is argument {i + 1}") for l2, m2, i in uses[1:6] if (l2, m2) != (ln, m)],
                   fixes=[Fix("Count the argument positions from 0", edits, safe=False)])
    _unused_arguments(ctx, fm, uses)


def _unused_arguments(ctx: Context, fm: Frontmatter | None, uses: list) -> None:
    f = fm.get("arguments") if fm is not None else None
    if fm is None or f is None or f.swallowed:
        return
    text = ctx.doc.body.text
    if uses or "$ARGUMENTS" in text:
        return
    named = {m.group(1) for m in _NAMED.finditer(text)}
    for item in list_items(fm, f, spaces=True):
        if item.text not in named:
            ctx.report("D006", fm.range(item.start, item.end),
                       f"The argument `{item.text}` is declared but the body never uses `${item.text}`, so its value never reaches the prompt. "
                       f"Use `${item.text}` in the body, or remove it.", severity="hint", tags=("unnecessary",))
