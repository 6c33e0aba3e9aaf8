"""Positions in LSP terms: 0-based lines and UTF-16 columns, convertible to other encodings.

Python strings index by code point; LSP counts UTF-16 code units by default. `LineIndex`
converts between string offsets and positions, paying for the conversion only on lines that
hold characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from agentls.pickling import by_arguments

Encoding = Literal["utf-16", "utf-8", "utf-32"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NEWLINE = re.compile("\n")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 code units each


@by_arguments
@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A 0-based line and a column in UTF-16 code units (LSP's default)."""

    line: int
    character: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "character": self.character}


@by_arguments
@dataclass(frozen=True, slots=True)
class Range:
    """A half-open range between two positions."""

    start: Position
    end: Position

    @staticmethod
    def of(line: int, start: int, end_line: int | None = None, end: int | None = None) -> "Range":
        return Range(Position(line, start), Position(line if end_line is None else end_line, start if end is None else end))

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end

    def to_json(self) -> dict[str, dict[str, int]]:
        return {"start": self.start.to_json(), "end": self.end.to_json()}


def utf16_len(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


def line_starts(text: str) -> list[int]:
    """The offset of each line's start: lines break at \\r\\n, \\r and \\n, and a text ending
    with a break has an empty last line (as LSP counts them)."""
    return [0, *[m.end() for m in (_LINE_BREAK if "\r" in text else _NEWLINE).finditer(text)]]


class LineIndex:
    """Maps string offsets to LSP positions and back for one text."""

    __slots__ = ("text", "starts", "_crlf", "_astral")

    def __init__(self, text: str) -> None:
        self.text = text
        self._crlf = "\r" in text  # line breaks of more than one kind (else each is one "\n")
        self.starts = line_starts(text)
        self._astral = not text.isascii() and _ASTRAL.search(text) is not None

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        """The text of a line without its line break."""
        starts = self.starts
        if line < 0 or line >= len(starts):
            return ""
        if line + 1 == len(starts):
            return self.text[starts[line] :]
        if not self._crlf:
            return self.text[starts[line] : starts[line + 1] - 1]
        return self.text[starts[line] : starts[line + 1]].rstrip("\r\n")

    def split_lines(self) -> list[str]:
        """Every line's text, without its line break: for a loop over many lines (a new list, not
        kept: an index lives as long as its document)."""
        return _LINE_BREAK.split(self.text) if self._crlf else self.text.split("\n")

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def position(self, offset: int) -> Position:
        """The LSP position of a string offset (clamped into the text)."""
        offset = max(0, min(offset, len(self.text)))
        if 0 < offset < len(self.text) and self.text[offset] == "\n" and self.text[offset - 1] == "\r":
            offset -= 1  # inside a CRLF: the end of the line
        line = self.line_of(offset)
        start = self.starts[line]
        if not self._astral:
            return Position(line, offset - start)
        return Position(line, utf16_len(self.text[start:offset]))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, pos: Position) -> int:
        """The string offset of an LSP position; columns past the line end clamp to it."""
        if pos.line < 0:
            return 0
        if pos.line >= len(self.starts):
            return len(self.text)
        line = self.line_text(pos.line)
        start = self.starts[pos.line]
        if not self._astral:
            return start + min(max(pos.character, 0), len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return start + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return start + len(line)

    def convert_column(self, line: int, character: int, to: Encoding) -> int:
        """Convert a UTF-16 column on a line to a UTF-8 or UTF-32 column."""
        start = self.starts[line] if 0 <= line < len(self.starts) else len(self.text)
        prefix = self.text[start : self.offset(Position(line, character))]
        if to == "utf-8":
            return len(prefix.encode("utf-8"))
        if to == "utf-32":
            return len(prefix)
        return utf16_len(prefix)

    def from_column(self, line: int, column: int, encoding: Encoding) -> Position:
        """An LSP (UTF-16) position from a column counted in `encoding`."""
        text = self.line_text(line)
        if encoding == "utf-8":
            prefix = text.encode("utf-8")[:column].decode("utf-8", errors="ignore")
        elif encoding == "utf-32":
            prefix = text[:column]
        else:
            return Position(line, column)
        return Position(line, utf16_len(prefix))
