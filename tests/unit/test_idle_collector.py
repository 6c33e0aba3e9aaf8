"""The server's garbage collection policy: a collection runs once the client is quiet, and a
new message postpones it."""

from __future__ import annotations

import asyncio
import gc

from agentls.server.collector import IdleCollector


async def test_collects_once_quiet_and_postpones_on_messages() -> None:
    c = IdleCollector(idle_seconds=0.05)
    c.enabled = True
    for _ in range(5):  # a burst of messages, each sooner than the idle time
        c.touch()
        await asyncio.sleep(0.01)
    assert c.collections == 0
    await asyncio.sleep(0.12)
    assert c.collections == 1
    c.stop()


async def test_disabled_collector_leaves_the_process_alone() -> None:
    before = gc.get_threshold()
    c = IdleCollector(idle_seconds=0.01)
    c.settle()
    c.touch()
    await asyncio.sleep(0.05)
    assert c.collections == 0
    assert gc.get_threshold() == before
