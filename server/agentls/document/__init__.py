"""The document model: one parse per text, shared by every feature."""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from agentls.document.positions import LineIndex, Position, Range

if TYPE_CHECKING:  # the parsers are imported by the first parse (see agentls.lazy)
    from agentls.document.body import Body
    from agentls.document.frontmatter import Frontmatter, Split

__all__ = ["Document", "parse_document", "Position", "Range", "LineIndex"]


@dataclass(slots=True)
class Document:
    """A parsed agent file: text, frontmatter and body, with exact ranges."""

    text: str
    path: str | None
    uri: str | None
    version: int | None
    kind: str
    index: LineIndex
    split: Split | None
    frontmatter: Frontmatter | None
    body: Body

    def range(self, start: int, end: int) -> Range:
        return self.index.range(start, end)

    def line_text(self, line: int) -> str:
        return self.index.line_text(line)

    def line_range(self, line: int) -> Range:
        """The range of a line's text, without its leading indentation."""
        text = self.index.line_text(line)
        lead = len(text) - len(text.lstrip())
        start = self.index.starts[line] if line < self.index.line_count else len(self.text)
        return self.index.range(start + lead, start + max(lead, len(text.rstrip())))

    def field(self, key: str):  # -> Field | None
        return self.frontmatter.get(key) if self.frontmatter else None


def parse_document(
    text: str,
    path: str | None = None,
    uri: str | None = None,
    version: int | None = None,
    kind: str = "agent",
    with_body: bool = True,
    previous: Document | None = None,
) -> Document:
    """Parse a document. The frontmatter and the body are each cached by their own text,
    so an edit in one part does not re-parse the other. `with_body=False` leaves the body
    empty (for indexing many files by their frontmatter alone). With `previous` (an earlier
    version of the same document), an edited body is re-parsed only around the change."""
    from agentls.document.body import Body, parse_body, reparse_body
    from agentls.document.frontmatter import Frontmatter, parse_frontmatter, split_frontmatter

    index = LineIndex(text)
    split = split_frontmatter(text, index)
    fm = None
    if split is not None:
        fm = Frontmatter(split, parse_frontmatter(text[split.content_start : split.content_end]))
        body_text = text[split.body_start :]
        line = split.body_line
    else:
        # a byte-order mark stands in as a space, so body columns stay document columns
        body_text = " " + text[1:] if text.startswith("\ufeff") else text
        line = 0
    if not with_body:
        parsed = parse_body("")
    elif previous is not None:
        parsed = reparse_body(body_text, previous.body.parsed)
    else:
        parsed = parse_body(body_text)
    return Document(text, path, uri, version, kind, index, split, fm, Body(parsed, line))
