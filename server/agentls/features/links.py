"""Document links: relative file paths in the body (code spans, markdown links) that exist in the
workspace."""

from __future__ import annotations

import os
import re

from lsprotocol import types

from agentls.document import Document
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import doc_range, uri_of
from agentls.workspace.index import WorkspaceIndex

_LINK = re.compile(r"\[[^\]\n]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
_PATHISH = re.compile(r"(?:\.{0,2}/)?[\w@.-]+(?:/[\w@.-]+)*/?")


def document_links(doc: Document, index: WorkspaceIndex | None, caps: ClientCaps) -> list[types.DocumentLink]:
    """Links for relative file paths in the body (code spans and markdown links) that exist
    inside the workspace."""
    if doc.path is None:
        return []
    here = os.path.dirname(os.path.abspath(doc.path))
    root = index.root if index is not None and index.root else here
    out: list[types.DocumentLink] = []
    seen: set[tuple[int, int]] = set()
    for text, start in _candidates(doc):
        target = _resolve(text, here, root)
        if target is None or (start, len(text)) in seen:
            continue
        seen.add((start, len(text)))
        rel = os.path.relpath(target, root)
        out.append(types.DocumentLink(range=doc_range(doc, start, start + len(text)), target=uri_of(target),
                                      tooltip=f"Open {rel}" if caps.link_tooltip else None))
    return out


def _candidates(doc: Document) -> list[tuple[str, int]]:
    body = doc.body
    base = doc.split.body_start if doc.split is not None else (1 if doc.text.startswith("\ufeff") else 0)
    starts = body.parsed.index.starts
    out = []
    for span in body.code_spans:
        raw = body.line_text(span.line)[span.start : span.end]
        ticks = len(raw) - len(raw.lstrip("`"))
        inner = raw[ticks : len(raw) - ticks]
        word = inner.strip()
        if _PATHISH.fullmatch(word) and ("/" in word or "." in word.strip(".")):
            out.append((word, base + starts[span.line] + span.start + ticks + inner.index(word)))
    for m in _LINK.finditer(body.text):
        if body.parsed.index.line_of(m.start()) not in body.parsed.code_lines:
            out.append((m.group(1), base + m.start(1)))
    return out


def _resolve(text: str, here: str, root: str) -> str | None:
    if "://" in text or text.startswith(("#", "mailto:")):
        return None
    path = text.split("#")[0]
    if not path:
        return None
    root = os.path.abspath(root)
    for base in (here, root):
        full = os.path.normpath(os.path.join(base, path.lstrip("/") if path.startswith("/") and base == root else path))
        if (full == root or full.startswith(root + os.sep)) and os.path.exists(full):
            return full
    return None
