"""When the server runs Python's cyclic garbage collector: while it is idle, not mid-keystroke.

A keystroke's garbage is freed by reference counting as soon as the next version replaces it;
what the collector finds in a running server is almost nothing. Yet a collection that falls
between an edit and its diagnostics walks every young object (parse trees, caches) and cost
10-20 ms there, several times per hundred edits. So: everything alive once the workspace is
indexed is frozen out of the collector's sight, automatic collections are made rare, and the
young generations are collected once the client has been quiet for `IDLE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import gc

from agentls.memory import give_back

IDLE_SECONDS = 0.5
YOUNG_THRESHOLD = 200_000  # automatic collections still happen in a long burst of edits


class IdleCollector:
    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.enabled = False  # `agentls serve` turns it on (the process is the server's alone)
        self.idle_seconds = idle_seconds
        self._handle: asyncio.TimerHandle | None = None
        self.collections = 0

    def settle(self) -> None:
        """Collect everything once and freeze what survives (call after start-up and indexing)."""
        if not self.enabled:
            return
        give_back()  # collects too; and returns what indexing freed to the system
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, 10, 10)

    def touch(self) -> None:
        """A message arrived: collect once the client has been quiet for a while."""
        if not self.enabled:
            return
        if self._handle is not None:
            self._handle.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(self.idle_seconds, self._collect)

    def _collect(self) -> None:
        self._handle = None
        gc.collect(1)
        self.collections += 1

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
