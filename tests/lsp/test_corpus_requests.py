"""Every request of the server over a sample of the real-world corpus: no request fails, and every
range it answers with lies inside the document."""

from __future__ import annotations

import asyncio
import random
import shutil
from pathlib import Path

from lsp_support import VSCODE, session
from lsprotocol import types

from support import CORPUS, needs_corpus

pytestmark = needs_corpus
EVERY = 12  # a deterministic sample: every 12th file of the sorted corpus


def _inside(r: types.Range, lines: list[str]) -> bool:
    def ok(p: types.Position) -> bool:
        return p.line < len(lines) + 1 and p.character <= len((lines[p.line] if p.line < len(lines) else "").encode("utf-16-le")) // 2
    return ok(r.start) and ok(r.end) and (r.start.line, r.start.character) <= (r.end.line, r.end.character)


async def test_corpus_sample(tmp_path: Path):
    ws = tmp_path / "project"
    agents = ws / ".claude" / "agents"
    files = sorted(CORPUS.rglob("*.md"))[::EVERY]
    for i, src in enumerate(files):
        dest = agents / f"{i:03d}-{src.name}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
    home = tmp_path / "home"
    home.mkdir()
    rnd = random.Random(7)
    failures: list[str] = []
    async with session(ws, home, VSCODE) as client:
        for path in sorted(agents.glob("*.md")):
            text = path.read_text("utf-8", errors="replace")
            lines = text.splitlines()
            uri = client.open(path, text)
            ident = types.TextDocumentIdentifier(uri=uri)
            positions = [types.Position(line=ln, character=len(lines[ln])) for ln in range(min(10, len(lines)))]
            positions += [types.Position(line=(ln := rnd.randrange(max(1, len(lines)))), character=rnd.randrange(len(lines[ln]) + 1 if lines else 1))
                          for _ in range(8)]
            requests = [
                client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident)),
                client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident)),
                client.text_document_code_lens_async(types.CodeLensParams(text_document=ident)),
                client.text_document_document_link_async(types.DocumentLinkParams(text_document=ident)),
            ]
            for pos in positions:
                requests.append(client.text_document_completion_async(types.CompletionParams(text_document=ident, position=pos)))
                requests.append(client.text_document_hover_async(types.HoverParams(text_document=ident, position=pos)))
                requests.append(client.text_document_definition_async(types.DefinitionParams(text_document=ident, position=pos)))
            for result in await asyncio.gather(*requests, return_exceptions=True):
                if isinstance(result, Exception):
                    failures.append(f"{path.name}: {result!r}")
            diags = await client.diagnostics_for(uri, 1)
            failures.extend(f"{path.name}: {d.code} {d.range}" for d in diags if not _inside(d.range, lines))
            if diags:
                actions = await client.text_document_code_action_async(types.CodeActionParams(
                    text_document=ident, range=diags[0].range, context=types.CodeActionContext(diagnostics=list(diags))))
                for action in actions or []:
                    edits = action.edit.document_changes[0].edits if action.edit.document_changes else []
                    failures.extend(f"{path.name}: edit {e.range}" for e in edits if not _inside(e.range, lines))
            client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=ident))
    assert len(files) > 50 and failures == []
