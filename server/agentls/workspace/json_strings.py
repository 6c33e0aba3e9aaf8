"""Where each string of a JSON text is written: its path in the document, whether it is a key,
and the offsets of its characters between the quotes (for exact ranges and edits in `.mcp.json`
and the settings files). A text that is not valid JSON gives the strings read before the error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_STRING = re.compile(r'"((?:[^"\\\x00-\x1f]|\\.)*)"', re.DOTALL)
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_SPACE = re.compile(r"\s*")
MAX_DEPTH = 256

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class JsonString:
    """A string of a JSON file with its source offsets."""

    path: Path  # keys and list indexes from the root to this string (a key's path ends with itself)
    key: bool  # a member's key, not a value
    value: str
    start: int  # offset of the first character after the opening quote
    end: int  # offset of the closing quote

    @property
    def raw(self) -> bool:
        """The characters between the quotes are the value itself (no escapes)."""
        return self.end - self.start == len(self.value) and "\\" not in self.value


class _Stop(Exception):
    pass


def json_strings(text: str) -> list[JsonString]:
    """Every string of `text` in document order."""
    out: list[JsonString] = []
    try:
        end = _value(text, _skip(text, 0), (), out, 0)
        if _skip(text, end) != len(text):
            raise _Stop
    except (_Stop, RecursionError):
        pass
    return out


def _skip(text: str, i: int) -> int:
    return _SPACE.match(text, i).end()  # type: ignore[union-attr]


def _string(text: str, i: int) -> tuple[str, int, int]:
    m = _STRING.match(text, i)
    if m is None:
        raise _Stop
    try:
        value = json.loads(m.group(0))
    except ValueError:
        raise _Stop from None
    return value, m.start(1), m.end(1)


def _value(text: str, i: int, path: Path, out: list[JsonString], depth: int) -> int:
    """Read the value at `i` (after blanks); return the offset after it."""
    if depth > MAX_DEPTH or i >= len(text):
        raise _Stop
    ch = text[i]
    if ch == '"':
        value, s, e = _string(text, i)
        out.append(JsonString(path, False, value, s, e))
        return e + 1
    if ch == "{":
        i = _skip(text, i + 1)
        if text.startswith("}", i):
            return i + 1
        while True:
            key, s, e = _string(text, i)
            out.append(JsonString((*path, key), True, key, s, e))
            i = _skip(text, e + 1)
            if not text.startswith(":", i):
                raise _Stop
            i = _skip(text, _value(text, _skip(text, i + 1), (*path, key), out, depth + 1))
            if text.startswith(",", i):
                i = _skip(text, i + 1)
            elif text.startswith("}", i):
                return i + 1
            else:
                raise _Stop
    if ch == "[":
        i = _skip(text, i + 1)
        if text.startswith("]", i):
            return i + 1
        n = 0
        while True:
            i = _skip(text, _value(text, i, (*path, n), out, depth + 1))
            n += 1
            if text.startswith(",", i):
                i = _skip(text, i + 1)
            elif text.startswith("]", i):
                return i + 1
            else:
                raise _Stop
    m = _SCALAR.match(text, i)
    if m is None:
        raise _Stop
    return m.end()
