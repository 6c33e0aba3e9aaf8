"""Quick fixes that silence a rule: "Disable CODE for this line" and "Disable CODE in this file".

The comment goes where it cannot change what the file means: in the frontmatter, a YAML comment
line before a field or a list item (never inside a value that spans lines); in the body, an HTML
comment before a heading, the first line of a paragraph or a list item (indented into the list,
so the list stays one list), or a table's header row. Inside a code block, before a table row or
a paragraph's later line, the line cannot be silenced alone: only the file-wide action is offered.
"""

from __future__ import annotations

import re

from agentls.document import Document
from agentls.document.entries import list_items

_MARKER = re.compile(r"^(\s*)([-*+]|\d+[.)])(\s+)")


def _insert(line: int, text: str) -> tuple[int, str]:
    return line, text + "\n"


def for_line(doc: Document, code: str, line: int) -> tuple[int, str] | None:
    """(line to insert before, the comment line) silencing `code` on `line`; None when no comment
    line can go there without changing the file's meaning."""
    split = doc.split
    fm = doc.frontmatter
    if split is not None and line <= split.open_line:
        return None  # the opening `---`: nothing may come before it
    if split is not None and (split.close_line is None or line < split.close_line):
        if fm is None or line not in _frontmatter_starts(doc):
            return None  # inside a value spanning lines (a comment there would be text), or unreadable
        indent = re.match(r"\s*", doc.line_text(line)).group(0)
        return _insert(line, f"{indent}# agentls-disable-next-line {code}")
    if split is not None and line == split.close_line:
        return None
    body = doc.body
    local = line - body.line_offset
    if local < 0 or local in body.parsed.code_lines:
        return None
    blocks = [b for b in body.blocks if b.line <= local < b.end_line]
    if not blocks:
        return None
    items = [b for b in blocks if b.kind == "list_item" and b.line == local]
    block = items[-1] if items else blocks[-1]  # the item starting here, else the innermost block
    comment = f"<!-- agentls-disable-next-line {code} -->"
    text = body.line_text(local)
    if block.kind == "heading" and local == block.line:
        return _insert(line, comment)
    if block.kind == "paragraph" and local == block.line and not text.lstrip().startswith((">", "|")):
        if any(b.kind == "list_item" for b in blocks[:-1]):
            return None  # a paragraph inside a list item: the item's own line is the place
        return _insert(line, re.match(r"\s*", text).group(0) + comment)
    if block.kind == "list_item" and local == block.line:
        m = _MARKER.match(text)
        if m is None:
            return None
        previous = body.line_text(local - 1) if local > 0 else ""
        inside_list = bool(previous.strip()) and any(b.kind == "list_item" and b.line <= local - 1 < b.end_line for b in body.blocks)
        # after an item, indent the comment into that item (an HTML block there keeps the list whole)
        indent = m.group(1) + " " * (len(m.group(2)) + len(m.group(3))) if inside_list else m.group(1)
        return _insert(line, indent + comment)
    if block.kind == "table_row" and (local == 0 or "|" not in body.line_text(local - 1)):
        return _insert(line, comment)  # before the header row: the table starts after it
    return None


def _frontmatter_starts(doc: Document) -> set[int]:
    """Document lines where a field or a list item starts."""
    fm = doc.frontmatter
    assert fm is not None
    lines = set()
    for f in fm.fields:
        lines.add(fm.range(f.key_node.start, f.key_node.start).start.line)
        for item in list_items(fm, f):
            if item.form == "block":
                lines.add(fm.range(item.start, item.start).start.line)
    return lines


def for_file(doc: Document, code: str) -> tuple[int, str]:
    """(line to insert before, the comment line) silencing `code` in the whole file: a YAML comment
    right after the opening `---`, or an HTML comment on the first line when there is no frontmatter."""
    split = doc.split
    if split is not None and split.close_line is not None:
        return _insert(split.open_line + 1, f"# agentls-disable {code}")
    return _insert(0, f"<!-- agentls-disable {code} -->")
