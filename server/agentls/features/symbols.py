"""Document symbols: the frontmatter fields (with their list items) and the body's heading outline."""

from __future__ import annotations

from lsprotocol import types

from agentls.document import Document
from agentls.document.entries import list_items
from agentls.document.frontmatter import Field
from agentls.document.yaml_tree import Scalar, Sequence
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import fm_range, lsp_position, lsp_range
from agentls.schema import profile_for

SK = types.SymbolKind


def field_end(doc: Document, f: Field) -> int:
    """Local end offset of a field, without the trailing blank space YAML marks include."""
    assert doc.frontmatter is not None
    text = doc.frontmatter.parsed.text
    end = f.value.end if f.value is not None else f.key_node.end
    while end > f.key_node.end and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _detail(f: Field) -> str:
    v = f.value
    if isinstance(v, Scalar):
        first = v.value.strip().splitlines()[0] if v.value.strip() else ""
        return first if len(first) <= 60 else first[:57] + "..."
    if isinstance(v, Sequence):
        return f"{len(v.items)} item{'s' if len(v.items) != 1 else ''}"
    return ""


def sections(doc: Document) -> list[tuple[int, int, int, str]]:
    """(level, first line, last line, title) of each heading's section, in document lines."""
    body = doc.body
    heads = body.headings
    last_line = body.line_count - 1
    out = []
    for i, h in enumerate(heads):
        end = last_line
        for nxt in heads[i + 1 :]:
            if nxt.level <= h.level:
                end = nxt.line - 1
                break
        while end > h.line and not body.line_text(end).strip():
            end -= 1
        out.append((h.level, body.doc_line(h.line), body.doc_line(end), h.text))
    return out


def document_symbols(doc: Document, caps: ClientCaps) -> list[types.DocumentSymbol] | list[types.SymbolInformation]:
    symbols: list[types.DocumentSymbol] = []
    fm = doc.frontmatter
    if fm is not None:
        for f in fm.fields:
            if f.swallowed:
                continue
            children = None
            spec = profile_for(doc.kind).fields.get(f.key)
            if isinstance(f.value, Sequence) or (spec is not None and spec.type == "tools"):
                children = [types.DocumentSymbol(name=i.text or "(empty)", kind=SK.EnumMember, range=fm_range(doc, i.start, i.end),
                                                 selection_range=fm_range(doc, i.start, i.end))
                            for i in list_items(fm, f)]
            symbols.append(types.DocumentSymbol(
                name=f.key, kind=SK.Property, detail=_detail(f) or None,
                range=fm_range(doc, f.key_node.start, field_end(doc, f)),
                selection_range=fm_range(doc, f.key_node.start, f.key_node.end),
                children=children or None,
            ))
    stack: list[tuple[int, types.DocumentSymbol]] = []
    for level, first, last, title in sections(doc):
        sel = lsp_range(doc.line_range(first))
        line_end = doc.index.starts[last] + len(doc.line_text(last))
        rng = types.Range(start=types.Position(line=first, character=0), end=lsp_position(doc.index.position(line_end)))
        sym = types.DocumentSymbol(name=title or "(untitled)", kind=SK.String, range=rng, selection_range=sel, children=[])
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children.append(sym) if stack else symbols.append(sym))  # type: ignore[union-attr]
        stack.append((level, sym))
    _prune(symbols)
    if caps.hierarchical_symbols:
        return symbols
    flat: list[types.SymbolInformation] = []
    _flatten(doc, symbols, None, flat)
    return flat


def _prune(symbols: list[types.DocumentSymbol]) -> None:
    for s in symbols:
        if s.children is not None:
            _prune(s.children)
            if not s.children:
                s.children = None


def _flatten(doc: Document, symbols: list[types.DocumentSymbol], container: str | None, out: list[types.SymbolInformation]) -> None:
    for s in symbols:
        out.append(types.SymbolInformation(name=s.name, kind=s.kind, location=types.Location(uri=doc.uri or "", range=s.range),
                                           container_name=container))
        _flatten(doc, s.children or [], s.name, out)
