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

from agentls.document.positions import line_starts

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class LspTextDocument(TextDocument):
    _starts: tuple[str, list[int]] | None = None  # (source, its line starts) of the last edit

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(_LINE.findall(self.source))

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        """Splice an edit into the text (linear in the text, not per line as pygls does). Columns
        past the end of a line mean its end, as LSP says ("a character value greater than the
        line length defaults back to the line length"); lines past the end, the end of the text."""
        src = self.source
        if self._starts is None or self._starts[0] is not src:
            self._starts = (src, line_starts(src))
        starts = self._starts[1]
        a, b = self._offset(src, starts, change.range.start), self._offset(src, starts, change.range.end)
        if b < a:
            a, b = b, a
        self._source = src[:a] + change.text + src[b:]

    def _offset(self, src: str, starts: list[int], pos: types.Position) -> int:
        """The text offset of an LSP position (columns in the client's units)."""
        if pos.line >= len(starts) or pos.line < 0:
            return len(src)
        start = starts[pos.line]
        end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(src)
        line = src[start:end].rstrip("\r\n")
        if line.isascii():  # one unit per character in every encoding
            return start + min(max(pos.character, 0), len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return start + i
            units += self.position_codec.client_num_units(ch)
        return start + len(line)


class LspWorkspace(Workspace):
    """pygls' workspace, holding `LspTextDocument`s."""

    def _create_text_document(self, doc_uri: str, source: str | None = None, version: int | None = None,
                              language_id: str | None = None) -> TextDocument:
        return LspTextDocument(doc_uri, source=source, version=version, language_id=language_id,
                               sync_kind=self._sync_kind, position_codec=self._position_codec)
