"""A code lens on `tools:` (or on the opening `---` when `tools` is omitted): the tools Claude
Code actually gives the agent. Informational: its command does nothing."""

from __future__ import annotations

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.features import kinds
from agentls.features.convert import fm_range
from agentls.features.documents import AGENT_KINDS
from agentls.features.mcp import toolset
from agentls.workspace.index import WorkspaceIndex


def code_lenses(doc: Document, index: WorkspaceIndex | None, config: Config) -> list[types.CodeLens]:
    fm = doc.frontmatter
    if fm is None:
        return []
    fetch = kinds.fetch_lenses(doc, index)
    if doc.kind not in AGENT_KINDS:
        return fetch
    tools = toolset(doc, index, config)
    field = fm.get("tools")
    if field is not None and not field.swallowed:
        rng = fm_range(doc, field.key_node.start, field.key_node.end)
    else:
        line = fm.split.open_line
        rng = types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=3))
    return [types.CodeLens(range=rng, command=types.Command(title=tools.summary(), command="")), *fetch]
