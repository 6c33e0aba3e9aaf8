"""The suppression quick fixes through a real client: offered on every agentls diagnostic, and
applied they silence that finding only."""

from __future__ import annotations

from pathlib import Path

from lsp_support import VSCODE, apply_edits, session, write
from lsprotocol import types

TEXT = "---\nname: reviewer\ndescription: Reviews code changes.\ntools: read, Grep\n---\n\nReview the diff.\n"


async def test_disable_for_this_line_and_in_this_file(ws: Path, home: Path):
    path = write(ws / ".claude/agents/r.md", TEXT)
    async with session(ws, home, VSCODE) as client:
        uri = client.open(path)
        diags = await client.diagnostics_for(uri, 1)
        t001 = next(d for d in diags if d.code == "T001")
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=t001.range,
            context=types.CodeActionContext(diagnostics=[t001])))
        disable = {a.title: a for a in actions if a.kind == "quickfix.agentls.disable"}
        assert set(disable) == {"Disable T001 for this line", "Disable T001 in this file"}
        edits = disable["Disable T001 for this line"].edit.document_changes[0].edits
        fixed = apply_edits(TEXT, edits)
        assert "# agentls-disable-next-line T001\ntools: read" in fixed
        client.change(uri, 2, fixed)
        after = await client.diagnostics_for(uri, 2)
    assert "T001" not in [d.code for d in after]
    assert sorted(d.code for d in after) == sorted(d.code for d in diags if d.code != "T001")
