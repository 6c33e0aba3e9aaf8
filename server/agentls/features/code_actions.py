"""Quick fixes from the fixes carried in `Diagnostic.data`, and `source.fixAll.agentls`."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from agentls.analysis.finding import Finding
from agentls.analysis.fixes import safe_edits
from agentls.document import Document
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import lsp_range
from agentls.features import FIX_ALL, suppress_actions
from agentls.features.diagnostics import SOURCE

DISABLE = "quickfix.agentls.disable"  # a kind of quick fix, shown with the others


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _edit(doc: Document, edits: list[types.TextEdit], caps: ClientCaps) -> types.WorkspaceEdit:
    uri = doc.uri or ""
    if caps.document_changes:
        ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=doc.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=ident, edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def _from_data(data: Any) -> list[tuple[str, bool, list[types.TextEdit]]]:
    out = []
    for fix in data.get("fixes", []) if isinstance(data, dict) else []:
        try:
            edits = [
                types.TextEdit(
                    range=types.Range(
                        start=types.Position(line=e["range"]["start"]["line"], character=e["range"]["start"]["character"]),
                        end=types.Position(line=e["range"]["end"]["line"], character=e["range"]["end"]["character"]),
                    ),
                    new_text=e["newText"],
                )
                for e in fix["edits"]
            ]
        except (KeyError, TypeError):
            continue
        out.append((str(fix.get("title", "Fix")), bool(fix.get("safe")), edits))
    return out


def _from_finding(f: Finding) -> list[tuple[str, bool, list[types.TextEdit]]]:
    return [(x.title, x.safe, [types.TextEdit(range=lsp_range(e.range), new_text=e.new_text) for e in x.edits]) for x in f.fixes]


def _disable(doc: Document, d: types.Diagnostic, caps: ClientCaps) -> list[types.CodeAction]:
    """"Disable CODE for this line" (where a comment line can go) and "Disable CODE in this file"."""
    code = str(d.code or "")
    if not code:
        return []
    out = []
    for title, where in ((f"Disable {code} for this line", suppress_actions.for_line(doc, code, d.range.start.line)),
                         (f"Disable {code} in this file", suppress_actions.for_file(doc, code))):
        if where is not None:
            at = types.Position(line=where[0], character=0)
            edit = types.TextEdit(range=types.Range(start=at, end=at), new_text=where[1])
            out.append(types.CodeAction(title=title, kind=DISABLE, diagnostics=[d], edit=_edit(doc, [edit], caps)))
    return out


def code_actions(doc: Document, params: types.CodeActionParams, findings: list[Finding], caps: ClientCaps) -> list[types.CodeAction]:
    if not caps.code_action_literals:
        return []
    only = list(params.context.only or []) or None
    out: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        for d in params.context.diagnostics:
            if d.source != SOURCE:
                continue
            data = d.data if isinstance(d.data, dict) else None
            if data is not None and data.get("version") == doc.version:
                fixes = _from_data(data)
            else:  # published for an older version: take the fixes of the same finding now
                same = [f for f in findings if f.code == d.code and lsp_range(f.range) == d.range]
                fixes = _from_finding(same[0]) if same else []
            preferred = next((i for i, (_, safe, _) in enumerate(fixes) if safe), None)
            for i, (title, _safe, edits) in enumerate(fixes):
                out.append(types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[d],
                                            edit=_edit(doc, edits, caps), is_preferred=i == preferred or None))
            out.extend(_disable(doc, d, caps))
    if _wanted(FIX_ALL, only):
        edits = safe_edits(findings)
        if edits:
            text_edits = [types.TextEdit(range=lsp_range(e.range), new_text=e.new_text) for e in edits]
            out.append(types.CodeAction(title=f"Fix all safe agentls problems ({len(edits)} edits)", kind=FIX_ALL,
                                        edit=_edit(doc, text_edits, caps)))
    return out
