"""Returning freed memory to the system."""

from __future__ import annotations

import gc


def give_back() -> None:
    """Collect, then hand the heap's free pages back to the system: glibc keeps what a large
    parse freed, so a long-lived process would stay as large as its largest moment."""
    import ctypes  # only here: not on start-up's path

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
