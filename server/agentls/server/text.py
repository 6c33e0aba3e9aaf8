"""Open documents' text, cut into lines by LSP's rules.

pygls cuts a document into lines with `str.splitlines`, which also breaks at form feeds,
vertical tabs, U+001C-U+001E, U+0085, U+2028 and U+2029. LSP breaks lines only at `\\n`, `\\r\\n`
and `\\r`: with one of those characters in the text, an incremental edit would land on the wrong
line and the server's text would drift away from the editor's.
"""

from __future__ import annotations

import re

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class LspTextDocument(TextDocument):
    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(_LINE.findall(self.source))

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        """Apply an edit after clamping its columns to their lines, as LSP says ("a character
        value greater than the line length defaults back to the line length"); pygls would put
        such an edit after the line break, or before the last character of the text."""
        lines = self.lines
        change.range = types.Range(start=self._clamp(lines, change.range.start), end=self._clamp(lines, change.range.end))
        super()._apply_incremental_change(change)

    def _clamp(self, lines: tuple[str, ...], pos: types.Position) -> types.Position:
        if pos.line >= len(lines):
            return pos  # past the last line: the end of the text (pygls handles it)
        length = self.position_codec.client_num_units(lines[pos.line].rstrip("\r\n"))
        return pos if pos.character <= length else types.Position(line=pos.line, character=length)


class LspWorkspace(Workspace):
    """pygls' workspace, holding `LspTextDocument`s."""

    def _create_text_document(self, doc_uri: str, source: str | None = None, version: int | None = None,
                              language_id: str | None = None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=self._position_codec)
