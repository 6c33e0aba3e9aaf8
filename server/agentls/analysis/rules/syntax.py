"""Frontmatter structure and YAML syntax (S001-S007)."""

from __future__ import annotations

import os
import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Edit, Fix, Related
from agentls.document.frontmatter import Field, Frontmatter, ParsedFrontmatter, swallowed_span
from agentls.document.positions import Position, Range
from agentls.document.yaml_tree import Scalar, YamlError

CODES = ("S001", "S002", "S003", "S004", "S005", "S006", "S007")


# Characters YAML does not allow unescaped (control characters, non-characters, lone surrogates).
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _quote(value: str) -> str:
    """A double-quoted YAML scalar with exactly this value."""
    return '"' + _NON_PRINTABLE.sub(_escape, value.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _quote_fix(ctx: Context, fm: Frontmatter, field: Field) -> Fix | None:
    v = field.value
    if not isinstance(v, Scalar) or not v.plain or "\n" in v.value:
        return None
    if field.broken and v.value[:1] in "\"'[{|>&*!%#@`":  # raw text of an unreadable entry, not a plain value
        return None
    return Fix(f"Quote the value of `{field.key}`", (ctx.fm_edit(v.start, v.end, _quote(v.value)),), safe=True)


def _block_fix(ctx: Context, fm: Frontmatter, field: Field, end_line: int) -> Fix | None:
    """Turn a value that runs over unindented lines into an indented literal block scalar."""
    v = field.value
    idx = fm.parsed.index
    if not isinstance(v, Scalar):
        return None
    end = idx.starts[end_line] + len(idx.line_text(end_line))
    raw = fm.parsed.text[v.start : end]
    lines = raw.replace("\r\n", "\n").split("\n")
    eol = "\r\n" if "\r\n" in raw else "\n"
    body = eol.join(("  " + line) if line.strip() else "" for line in lines)
    return Fix(f"Make `{field.key}` an indented block scalar", (ctx.fm_edit(v.start, end, "|-" + eol + body),), safe=True)


def _field_at_line(parsed: ParsedFrontmatter, line: int) -> Field | None:
    for f in parsed.fields:
        if parsed.index.line_of(f.key_node.start) == line:
            return f
    return None


def _explain(parsed: ParsedFrontmatter, err: YamlError) -> tuple[str, Field | None]:
    """Plain words for a YAML error, and the field whose value causes it (if any)."""
    idx = parsed.index
    line = idx.line_of(err.offset)
    text = idx.line_text(line)
    col = err.offset - idx.starts[line]
    field = _field_at_line(parsed, line)
    msg = err.message
    if "\t" in text[: max(col, 1) + 1] and ("\\t" in msg or "tab" in msg.lower() or text[col : col + 1] == "\t"):
        return "a tab character is used for indentation or spacing here; YAML allows only spaces", None
    if "characters are not allowed" in msg and col < len(text):
        what = f"the control character U+{ord(text[col]):04X}"
        where = f"the value of `{field.key}`" if field is not None else "this line"
        return f"{where} contains {what}, which YAML does not allow unescaped", field
    if "mapping values are not allowed" in msg:
        if field is not None and isinstance(field.value, Scalar) and field.value.plain:
            return (
                f"the unquoted value of `{field.key}` contains `: ` (column {col + 1}), which YAML reads as the start "
                "of a nested key",
                field,
            )
        return "this line looks like a new `key: value` but is not indented under the value it continues", None
    if "quoted scalar" in (err.context or "") or "quoted scalar" in msg:
        return "a quoted value is never closed (the closing quote is missing)", None
    if "could not find expected ':'" in msg:
        return "a line continues the previous value without being indented, or a key lacks its `:`", None
    if "found character '`'" in msg or "found character '@'" in msg:
        return f"an unquoted value cannot start with `{text[col:col + 1]}`", field
    return f"YAML says: {msg}" + (f" ({err.context})" if err.context else ""), field


def check(ctx: Context) -> None:
    doc = ctx.doc
    fm = doc.frontmatter
    if fm is None:
        if doc.kind == "agent":
            _missing_frontmatter(ctx)
        return
    split = fm.split
    open_range = Range(Position(split.open_line, 0), Position(split.open_line, len(doc.line_text(split.open_line))))
    if split.leading_text or split.indented_open:
        start = 1 if doc.text.startswith("\ufeff") else 0
        fix = Fix("Start the frontmatter on the first line", (Edit(doc.range(start, split.open_start + (len(doc.line_text(split.open_line)) - len(doc.line_text(split.open_line).lstrip()))), ""),), safe=True)
        ctx.report("S004", open_range, "The frontmatter does not start on the first line: Claude Code looks for `---` on line 1, so it reads this block as plain text. Remove the lines (or indentation) before it.", fixes=[fix])
    if split.close_line is None:
        at = doc.range(split.content_end, split.content_end)
        eol = "\r\n" if "\r\n" in doc.text else "\n"
        prefix = "" if split.content_end == 0 or doc.text[split.content_end - 1] in "\r\n" else eol
        fix = Fix("Close the frontmatter with `---`", (Edit(at, prefix + "---" + eol),), safe=False)
        ctx.report("S003", open_range, "The frontmatter is never closed: add a `---` line after the last field. Until then the whole block is unreadable and Claude Code skips the agent.", fixes=[fix])
    parsed = fm.parsed
    if parsed.limited:
        ctx.report("S006", open_range, f"The frontmatter YAML was not read in full ({parsed.limited}); Claude Code may hang or refuse it. No agent needs this: simplify it.")
    if parsed.not_a_mapping:
        r = fm.range(0, len(parsed.index.line_text(0)))
        ctx.report("S005", r, "The frontmatter must be `key: value` fields (a YAML mapping), such as `name:` and `description:`.")
    _yaml_errors(ctx, fm)
    _duplicate_keys(ctx, fm)


def _yaml_errors(ctx: Context, fm: Frontmatter) -> None:
    parsed = fm.parsed
    err = parsed.strict_error
    if err is None:
        return
    loads = parsed.claude_loads
    verdict = (
        "Claude Code's own reader still loads this file, but strict YAML tools (and other agent runtimes) reject it."
        if loads
        else "Claude Code cannot read this frontmatter and silently skips the agent."
    )
    severity = "warning" if loads else "error"
    if parsed.mode == "lenient":
        # every value that strict YAML rejects gets its own finding, at its own `: `
        by_start = {f.value.start: f for f in parsed.fields if isinstance(f.value, Scalar)}
        for start, value in sorted(parsed.masked.items()):
            field = by_start.get(start)
            if field is None:
                continue
            colon = value.find(": ")
            at = start + (colon if colon >= 0 else 0)
            fix = _quote_fix(ctx, fm, field)
            msg = (f"Strict YAML rejects this line: the unquoted value of `{field.key}` contains `: `, which YAML reads "
                   f"as a nested key. {verdict} Quote the value.")
            ctx.report("S001", fm.range(at, at + 1), msg, fixes=[fix] if fix else [], severity=severity)
        return
    why, field = _explain(parsed, err)
    fixes: list[Fix] = []
    related: list[Related] = []
    span = swallowed_span(parsed)
    if span is not None:
        owner, end_line = span
        first_swallowed = next(f for f in parsed.fields if f.swallowed)
        why = (f"the value of `{owner.key}` continues on lines that are not indented, so YAML reads "
               f"`{first_swallowed.key}:` (line {fm.position(first_swallowed.key_node.start).line + 1}) as a new key and fails here")
        fix = _block_fix(ctx, fm, owner, end_line)
        fixes = [fix] if fix else []
        related.append(Related(fm.range(owner.key_node.start, owner.key_node.end), f"the value of `{owner.key}` starts here"))
    elif field is not None:
        fix = _quote_fix(ctx, fm, field)
        fixes = [fix] if fix else []
    at = err.offset
    end = min(at + 1, len(parsed.text))
    if end == at and at > 0:
        at -= 1
    ctx.report("S001", fm.range(at, end), f"Invalid YAML: {why}. {verdict}", related=related, fixes=fixes, severity=severity)


def _duplicate_keys(ctx: Context, fm: Frontmatter) -> None:
    seen: dict[str, Field] = {}
    for f in fm.fields:
        if f.key in seen and not f.swallowed:
            first = seen[f.key]
            ctx.report("S007", fm.range(f.key_node.start, f.key_node.end),
                       f"`{f.key}` is set twice: strict YAML readers reject the file, others keep only the last value. Keep one.",
                       related=[Related(fm.range(first.key_node.start, first.key_node.end), f"`{f.key}` is first set here")])
        seen.setdefault(f.key, f)


def _missing_frontmatter(ctx: Context) -> None:
    doc = ctx.doc
    stem = os.path.splitext(os.path.basename(doc.path or "agent"))[0].lower().replace(" ", "-").replace("_", "-") or "agent"
    first = 0
    while first < doc.index.line_count - 1 and not doc.line_text(first).strip():
        first += 1
    eol = "\r\n" if "\r\n" in doc.text else "\n"
    template = f"---{eol}name: {stem}{eol}description: TODO describe when to use this agent{eol}---{eol}{eol}"
    fix = Fix("Add a frontmatter block", (Edit(Range(Position(0, 0), Position(0, 0)), template),), safe=False)
    ctx.report("S002", doc.line_range(first),
               "This file has no frontmatter, so Claude Code does not load it as an agent. Start it with `---`, `name:`, `description:` and a closing `---`.",
               fixes=[fix])
