"""One slow document never stalls the others: checks run in a worker thread (issue: a 1.9 MB
file had a hover on another file wait 27 s, and a 20 MB one ended the session)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from lsp_support import VSCODE, codes, rng, session, write
from lsprotocol import types

SMALL = "---\nname: small\ndescription: Reviews code.\ntools: Read\n---\n\nReview the diff.\n"
PARAGRAPH = ("Run the tests with `npm test` before you report. Never edit files outside `src/`. "
             "If the build fails, ask the user whether to continue, and save notes to `notes/run.md`.\n\n")


def _big(target: int) -> str:
    head = "---\nname: big\ndescription: A very large agent.\ntools: Read, Grep\n---\n\n"
    return head + PARAGRAPH * (target // len(PARAGRAPH))


async def _hover_ms(client, uri: str) -> float:
    t0 = time.perf_counter()
    h = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=3, character=2))), 10)
    assert h is not None and "tools" in str(h.contents)
    return (time.perf_counter() - t0) * 1000


async def test_large_documents_do_not_stall_requests_on_another(ws: Path, home: Path):
    small = write(ws / ".claude/agents/small.md", SMALL)
    big = write(ws / ".claude/agents/big.md", _big(1_900_000))
    huge = write(ws / ".claude/agents/huge.md", _big(20_000_000))
    async with session(ws, home, VSCODE) as client:
        su = client.open(small)
        await client.diagnostics_for(su, 1)
        bu = client.open(big)
        hu = client.open(huge)
        waits = [await _hover_ms(client, su) for _ in range(5)]
        # the document over the limit gets its E003 at once; the other one is still being checked
        assert codes(await client.diagnostics_for(hu, 1)) == [(1, "E003")]
        # a storm of edits on the large one
        for v in range(2, 12):
            client.change(bu, v, "x", rng(6, 0, 6, 0))
            waits.append(await _hover_ms(client, su))
        symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
            text_document=types.TextDocumentIdentifier(uri=hu)))
        assert symbols  # the cheap features still work on the part that was read
        final = await asyncio.wait_for(client.diagnostics_for(bu, 11), 120)
        assert final  # and the large one is checked in the end, at its last version
    print("hover on the small document while the large ones are checked (ms):", [round(w) for w in waits])
    assert max(waits) < 1000, waits  # was 27 s; the bar is 1 s
