"""Go to definition (skill -> its SKILL.md, agent -> its file, MCP tool or server -> its entry in
the configuration file) and document links (file paths in the body that exist in the workspace)."""

from __future__ import annotations

import os
import re

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.document.cursor import body_word_at, hit_at
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import doc_range, location, lsp_range, uri_of
from agentls.schema import canonical, parse_mcp, parse_specifier
from agentls.workspace.index import WorkspaceIndex

_LINK = re.compile(r"\[[^\]\n]*\]\(<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
_PATHISH = re.compile(r"(?:\.{0,2}/)?[\w@.-]+(?:/[\w@.-]+)*/?")


def definition(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config) -> list[types.Location] | None:
    if index is None:
        return None
    fm = doc.frontmatter
    if fm is not None and fm.split.content_start <= offset <= fm.split.content_end:
        local = offset - fm.split.content_start
        hit = hit_at(fm, local)
        if hit is None or hit.part != "item":
            return None
        key = hit.field.key
        if key == "skills":
            path = index.skills.get(hit.text)
            return [location(path)] if path else None
        if key == "mcpServers":
            return _server(index, hit.text)
        if key in ("tools", "disallowedTools"):
            spec = parse_specifier(hit.text)
            if spec is not None and canonical(spec.tool, config.version) == "Agent":
                inner = hit.text[hit.text.index("(") + 1 :]
                at = local - (hit.start + hit.text.index("(") + 1)
                for m in re.finditer(r"[^,\s)][^,)]*", inner):
                    if m.start() <= at <= m.end():
                        return _agent(index, m.group(0).strip())
                return None
            return _mcp(index, hit.text)
        return None
    found = body_word_at(doc, offset)
    if found is None:
        return None
    word = found[0]
    return _mcp(index, word) if word.startswith("mcp__") else None


def _mcp(index: WorkspaceIndex, name: str) -> list[types.Location] | None:
    m = parse_mcp(name)
    return _server(index, m.server) if m is not None else None


def _server(index: WorkspaceIndex, server: str) -> list[types.Location] | None:
    entries = index.mcp.servers.get(server, [])
    defined = [e for e in entries if e.scope != "settings"] or entries
    return [location(e.path, e.line) for e in defined] or None


def _agent(index: WorkspaceIndex, name: str) -> list[types.Location] | None:
    out = [types.Location(uri=uri_of(a.path), range=lsp_range(a.name_range)) for a in index.agents.values() if a.name == name]
    return sorted(out, key=lambda loc: loc.uri) or None


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
