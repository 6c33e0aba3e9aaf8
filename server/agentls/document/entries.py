"""List-valued fields in all their forms: comma string, block list, flow list.

`tools: Read, Bash(git *), Agent(a, b)` and `tools:\n  - Read` give the same items, each with
its own exact range. Commas inside parentheses do not split.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agentls.document.frontmatter import Field, Frontmatter
from agentls.document.yaml_tree import Scalar, Sequence

Form = Literal["string", "block", "flow"]


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a list value (comma string or YAML list), with its offsets."""

    text: str
    start: int  # local offsets in the frontmatter content
    end: int
    form: Form
    position: int  # index within the list
    node: Scalar | None = None  # the list item node (block / flow forms)


def split_commas(text: str, spaces: bool = False) -> list[tuple[str, int, int]]:
    """Split on commas (and, with `spaces`, whitespace) outside parentheses: (item, start, end)
    with surrounding spaces trimmed."""
    out: list[tuple[str, int, int]] = []
    if not spaces and "(" not in text and ")" not in text:  # every comma splits: C-speed split
        start = 0
        for raw in text.split(","):
            item = raw.strip()
            if item:
                lead = len(raw) - len(raw.lstrip())
                out.append((item, start + lead, start + lead + len(item)))
            start += len(raw) + 1
        return out
    depth = 0
    start = 0
    for i, ch in enumerate(text + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (ch == "," or (spaces and ch in " \t\r\n")) and (depth == 0 or i == len(text)):
            raw = text[start:i]
            lead = len(raw) - len(raw.lstrip())
            item = raw.strip()
            if item:
                out.append((item, start + lead, start + lead + len(item)))
            start = i + 1
    return out


def _scalar_items(fm_text: str, node: Scalar, form: Form, spaces: bool = False) -> list[Item]:
    raw = fm_text[node.start : node.end]
    if node.plain and raw == node.value:
        base = node.start
        parts = split_commas(node.value, spaces)
        return [Item(t, base + a, base + b, form, i) for i, (t, a, b) in enumerate(parts)]
    # quoted or multi-line: find each item's text in the source, in order
    items: list[Item] = []
    cursor = node.start
    for i, (t, _, _) in enumerate(split_commas(node.value, spaces)):
        at = fm_text.find(t, cursor, node.end)
        if at < 0:
            items.append(Item(t, node.start, node.end, form, i))
        else:
            items.append(Item(t, at, at + len(t), form, i))
            cursor = at + len(t)
    return items


def list_items(fm: Frontmatter, field: Field | None, spaces: bool = False) -> list[Item]:
    """The items of a list-valued field, whatever its form (`spaces`: a string value also
    separates items by whitespace, as skills' `allowed-tools` does)."""
    if field is None or field.value is None:
        return []
    text = fm.parsed.text
    value = field.value
    if isinstance(value, Scalar):
        if value.value == "" and value.plain:
            return []
        return _scalar_items(text, value, "string", spaces)
    if isinstance(value, Sequence):
        form: Form = "flow" if value.flow else "block"
        items: list[Item] = []
        for i, node in enumerate(value.items):
            if isinstance(node, Scalar):
                items.append(Item(node.value, node.start, node.end, form, i, node))
        return items
    return []


def item_removal(fm: Frontmatter, items: list[Item], i: int) -> tuple[int, int]:
    """Local offsets to delete to remove item `i` together with its separator."""
    text = fm.parsed.text
    item = items[i]
    if item.form == "block":
        line_start = text.rfind("\n", 0, item.start) + 1
        line_end = text.find("\n", item.end)
        return line_start, len(text) if line_end < 0 else line_end + 1
    if i > 0:  # delete from the end of the previous item: ", X"
        return items[i - 1].end if items[i - 1].form == item.form else item.start, item.end
    if len(items) > 1:  # first item: "X, "
        return item.start, items[1].start
    return item.start, item.end
