"""Between the model and LSP: positions, ranges, locations, markup, URIs.

The server speaks UTF-16 positions (LSP's default, which every client supports), the unit the
model's `Position` already uses, so ranges convert field by field.
"""

from __future__ import annotations

import os

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from agentls.document import Document
from agentls.document.positions import Position, Range


def lsp_position(p: Position) -> types.Position:
    return types.Position(line=p.line, character=p.character)


def lsp_range(r: Range) -> types.Range:
    return types.Range(start=lsp_position(r.start), end=lsp_position(r.end))


def offset_of(doc: Document, pos: types.Position) -> int:
    """The string offset of an LSP position in a document (clamped into it)."""
    return doc.index.offset(Position(pos.line, pos.character))


def doc_range(doc: Document, start: int, end: int) -> types.Range:
    return lsp_range(doc.range(start, end))


def fm_range(doc: Document, start: int, end: int) -> types.Range:
    """An LSP range from local frontmatter offsets."""
    assert doc.frontmatter is not None
    return lsp_range(doc.frontmatter.range(start, end))


def uri_of(path: str) -> str:
    return from_fs_path(os.path.abspath(path)) or path


def path_of(uri: str) -> str | None:
    """The file-system path of a `file:` URI; None for other schemes."""
    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def location(path: str, line: int = 0, start: int = 0, end: int = 0) -> types.Location:
    pos = types.Range(start=types.Position(line=line, character=start), end=types.Position(line=line, character=end))
    return types.Location(uri=uri_of(path), range=pos)


def markup(text: str, markdown: bool) -> types.MarkupContent:
    """Markdown when the client renders it, else the same text without the markup."""
    if markdown:
        return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    plain = text.replace("**", "").replace("`", "")
    return types.MarkupContent(kind=types.MarkupKind.PlainText, value=plain)
