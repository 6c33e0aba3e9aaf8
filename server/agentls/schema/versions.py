"""Claude Code versions: parsing and comparison."""

from __future__ import annotations

import functools
import re

LATEST = "2.1.332"  # the newest Claude Code version this catalog describes (read from the release itself)

Version = tuple[int, int, int]

_VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)$")


@functools.lru_cache(maxsize=256)
def parse_version(text: str) -> Version | None:
    """`2.1.63` -> (2, 1, 63); None when the text is not a version."""
    m = _VERSION.match(text.strip())
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def at_least(current: Version, since: str | None) -> bool:
    """Whether `current` is at or after `since` (None = always)."""
    if since is None:
        return True
    v = parse_version(since)
    return v is None or current >= v


LATEST_VERSION: Version = parse_version(LATEST)  # type: ignore[assignment]
