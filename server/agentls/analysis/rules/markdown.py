"""The markdown body: glued headings, duplicate sections, an empty body (D001-D003)."""

from __future__ import annotations

import re

from agentls.analysis.context import Context
from agentls.analysis.finding import Edit, Fix, Related
from agentls.document.positions import Position, Range
from agentls.schema import profile_for

CODES = ("D001", "D002", "D003")

# `text.## Heading`: two or more hashes glued after a sentence end, then a capitalised word.
_GLUED = re.compile(r"(?<=[.!?:;)\]*_`'\"a-z0-9])(#{2,6})[ \t]+(?=[A-Z0-9*_`\U0001F300-\U0001FAFF])")


def check(ctx: Context) -> None:
    doc = ctx.doc
    body = doc.body
    if doc.frontmatter is not None and doc.frontmatter.split.close_line is not None and not body.text.strip():
        line = doc.frontmatter.split.close_line
        profile = profile_for(doc.kind)
        if profile.family in ("claude-agent", "opencode"):
            msg = "The agent has no system prompt: the body after the frontmatter is empty, so the agent knows only its description. Write its instructions below this line."
        else:
            msg = f"The {profile.noun} has no instructions: the body after the frontmatter is empty, so running it gives the model nothing to do. Write its instructions below this line."
        ctx.report("D003", Range(Position(line, 0), Position(line, len(doc.line_text(line)))), msg)
        return
    _glued(ctx)
    _duplicates(ctx)


def _glued(ctx: Context) -> None:
    body = ctx.doc.body
    code = body.parsed.code_lines
    eol = "\r\n" if "\r\n" in ctx.doc.text else "\n"  # once: the text is long, the findings many
    for ln in range(body.line_count):
        if ln in code:
            continue
        text = body.line_text(ln)
        if "##" not in text:
            continue
        m = _GLUED.search(text)
        if m is None or text.lstrip().startswith("#") or text.count("`", 0, m.start()) % 2:  # a heading, or in code
            continue
        heading = text[m.start() :].strip()
        r = body.range(ln, m.start(), len(text.rstrip()))
        fix = Fix("Move the heading to its own line", (Edit(Range(r.start, r.start), eol + eol),), True)
        ctx.report("D001", r, f"`{heading[:60]}` is glued to the end of the previous text, so it is not a heading: the agent loses this section. Start it on its own line.", fixes=[fix])


def _norm(title: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`#:]+", "", title)).strip().lower()


_EXAMPLE_TITLE = re.compile(r"\b(example|examples|sample|template)\b", re.IGNORECASE)


def _duplicates(ctx: Context) -> None:
    body = ctx.doc.body
    parents: list[str] = []  # titles of the enclosing headings, by level
    seen: dict[tuple[int, tuple[str, ...], str], int] = {}
    # by level L: the line of the last heading of level <= L titled like "Example Output". Such a
    # heading between two copies means the second illustrates the first (an output template
    # shown filled in), so it is not a duplicate. Tracked as we go: one pass over the headings.
    last_example = [-1] * 8
    for h in body.headings:
        title = _norm(h.text)
        del parents[h.level - 1 :]
        while len(parents) < h.level - 1:
            parents.append("")
        key = (h.level, tuple(parents), title)
        parents.append(title)
        if title and key in seen:
            first = seen[key]
            if last_example[h.level] > first:
                seen[key] = h.line
            else:
                r = body.line_range(h.line)
                ctx.report("D002", r, f"The section `{h.text}` appears twice (first on line {body.doc_line(first) + 1}): the agent gets two versions of these instructions. Merge them or rename one.",
                           related=[Related(body.line_range(first), "first appears here")])
        elif title:
            seen[key] = h.line
        if _EXAMPLE_TITLE.search(h.text):
            for level in range(h.level, len(last_example)):
                last_example[level] = h.line
