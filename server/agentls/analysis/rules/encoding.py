"""Mojibake and byte-order marks (E001, E002)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from agentls.analysis.context import Context
from agentls.analysis.finding import Edit, Fix
from agentls.document.positions import Position, Range

CODES = ("E001", "E002")

# Mojibake is a run of non-ASCII characters; ASCII never takes part in a UTF-8 multibyte sequence.
_RUN = re.compile(r"[^\x00-\x7f]{2,}")
ENCODINGS = (("mac_roman", "Mac Roman"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))


def _utf8_len(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _plausible(text: str) -> bool:
    """Decoded text looks like real characters: no controls, unassigned or private code points,
    and no combining mark with nothing to combine with."""
    if unicodedata.category(text[0]) in ("Mn", "Me"):
        return False
    return all(unicodedata.category(ch) not in ("Cc", "Cn", "Co", "Cs") for ch in text)


def find_mojibake(run: str, encoding: str) -> list[tuple[int, int, str]]:
    """Spans of `run` that are UTF-8 bytes decoded as `encoding`: (start, end, restored)."""
    data = []
    for ch in run:
        try:
            b = ch.encode(encoding)
        except UnicodeEncodeError:
            b = b""
        data.append(b[0] if len(b) == 1 else -1)
    spans: list[tuple[int, int, str]] = []
    i = 0
    n = len(data)
    while i < n:
        start = i
        restored = []
        while i < n:
            size = _utf8_len(data[i]) if data[i] >= 0 else 0
            if size == 0 or i + size > n:
                break
            chunk = data[i : i + size]
            if any(c < 0 for c in chunk):
                break
            try:
                restored.append(bytes(chunk).decode("utf-8"))
            except UnicodeDecodeError:
                break
            i += size
        if i > start:
            text = "".join(restored)
            if _plausible(text):
                spans.append((start, i, text))
        else:
            i += 1
    return spans


def scan(text: str) -> list[tuple[int, int, str, str]]:
    """All mojibake in a text: (start offset, end offset, restored text, encoding label)."""
    found = []
    for m in _RUN.finditer(text):
        best, label = _best(m.group())
        for a, b, restored in best:
            found.append((m.start() + a, m.start() + b, restored, label))
    return found


@lru_cache(maxsize=4096)
def _best(run: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """The mojibake of one run of non-ASCII text, by the encoding that explains most of it (cached:
    the runs of a document survive most edits)."""
    best: list[tuple[int, int, str]] = []
    label = ""
    for enc, name in ENCODINGS:
        spans = find_mojibake(run, enc)
        if sum(b - a for a, b, _ in spans) > sum(b - a for a, b, _ in best):
            best, label = spans, name
    return tuple(best), label


def check(ctx: Context) -> None:
    doc = ctx.doc
    if doc.text.startswith("\ufeff"):
        r = Range(Position(0, 0), Position(0, 1))
        ctx.report("E002", r, "The file starts with a byte-order mark (U+FEFF). Some readers then miss the `---` on the first line. Remove it.",
                   fixes=[Fix("Remove the byte-order mark", (Edit(r, ""),), True)])
    if doc.text.isascii():
        return
    for start, end, restored, label in scan(doc.text):
        bad = doc.text[start:end]
        r = doc.range(start, end)
        ctx.report("E001", r, f"`{bad}` is mojibake: UTF-8 text that was read as {label} and saved again. It was `{restored}`.",
                   fixes=[Fix(f"Restore `{restored}`", (Edit(r, restored),), True)])
