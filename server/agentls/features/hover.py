"""Hover: keys, values, tools, MCP tools, skills and agents, all described by the catalog or the
workspace. On `tools`, what Claude Code actually loads."""

from __future__ import annotations

import os

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.analysis.grants import ToolSet
from agentls.document import Document, parse_document
from agentls.document.cursor import Hit, argument_at, body_word_at, hit_at
from agentls.document.yaml_tree import Scalar
from agentls.features import kinds
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import doc_range, fm_range, markup
from agentls.features.mcp import describe, describe_server, toolset
from agentls.schema import (
    MODEL_ID,
    OLD_TOOLS,
    TOOLS,
    FieldSpec,
    canonical,
    current_tool,
    old_tool,
    parse_specifier,
    profile_for,
)
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.workspace.discovery import read_text
from agentls.workspace.index import WorkspaceIndex


def hover(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config, caps: ClientCaps) -> types.Hover | None:
    fm = doc.frontmatter
    text: str | None = None
    rng: types.Range | None = None
    other = kinds.family(doc) != "claude-agent"
    if fm is not None and fm.split.content_start <= offset <= fm.split.content_end:
        local = offset - fm.split.content_start
        hit = hit_at(fm, local)
        if other and (hit is None or hit.part != "key"):
            nested = kinds.nested_hover(doc, local, index) if hit is None else None
            if nested is not None:
                text, (a, b) = nested[0], nested[1:]
            elif hit is not None:
                spec = profile_for(doc.kind).fields.get(hit.field.key)
                text, a, b = kinds.frontmatter_hover(doc, hit, index, local)
                if text is None and spec is not None and hit.part == "value":
                    text = _value(spec, hit.text)
            else:
                return None
        elif hit is None:
            return None
        else:
            text, (a, b) = _frontmatter(doc, hit, local, index, config)
        rng = fm_range(doc, a, b)
    elif other:
        found_kind = kinds.body_hover(doc, offset)
        if found_kind is None:
            return None
        text, a, b = found_kind
        rng = doc_range(doc, a, b)
    else:
        found = body_word_at(doc, offset)
        if found is None:
            return None
        word, a, b = found
        text = _name(word, doc, index, config)
        rng = doc_range(doc, a, b)
    if not text:
        return None
    return types.Hover(contents=markup(text, caps.hover_markdown), range=rng)


def _frontmatter(doc: Document, hit: Hit, local: int, index: WorkspaceIndex | None, config: Config) -> tuple[str | None, tuple[int, int]]:
    spec = profile_for(doc.kind).fields.get(hit.field.key)
    span = (hit.start, hit.end)
    if spec is None:
        return None, span
    if hit.part == "key":
        text = spec.hover
        if spec.type == "tools":
            text += "\n\n---\n" + toolset_markdown(toolset(doc, index, config))
        return text, span
    if hit.part == "value":
        return _value(spec, hit.text), span
    if spec.type == "tools":
        return _entry(hit, local, doc, index, config)
    if spec.type == "mcp-servers":
        return describe_server(hit.text, doc, index), span
    if spec.name == "skills":
        return _skill(hit.text, index), span
    return None, span


def _value(spec: FieldSpec, value: str) -> str | None:
    for v in spec.values:
        if v.name == value:
            since = f"\n\nSince Claude Code {v.since}." if v.since else ""
            return f"**{spec.name}: {v.name}**: {v.doc}{since}"
    if spec.type == "model" and MODEL_ID.match(value):
        return f"**{value}**: a full model id, used as it is."
    return None


def _entry(hit: Hit, local: int, doc: Document, index: WorkspaceIndex | None, config: Config) -> tuple[str | None, tuple[int, int]]:
    """A `tools` entry; inside `Agent(a, b)` the agent under the cursor."""
    spec = parse_specifier(hit.text)
    if spec is not None and canonical(spec.tool, config.version) == "Agent":
        arg = argument_at(hit, local)
        if arg is not None:
            return _agent(arg[0], index), (arg[1], arg[2])
    return _name(hit.text, doc, index, config), (hit.start, hit.end)


def _name(word: str, doc: Document, index: WorkspaceIndex | None, config: Config) -> str | None:
    """A tool name, specifier or `mcp__` name."""
    if word.startswith("mcp__"):
        return describe(word, doc, index)
    spec = parse_specifier(word)
    name = spec.tool if spec else word
    tool = current_tool(name, config.version)
    if tool is not None:
        lines = [tool.docs]
        if tool.subagent == "yes":
            lines.insert(1, "Sub-agents get it when it is granted.")
        history = [o for o in OLD_TOOLS.values() if o.replacement == name and o.renamed]
        if history:
            lines.append("Formerly " + ", ".join(f"`{o.name}` (renamed in {o.version})" for o in history) + ".")
        if spec is not None:
            lines.insert(0, f"`{word}`: `{name}` limited to `{spec.argument}`.\n")
        return "\n\n".join(lines)
    old = old_tool(name, config.version) or OLD_TOOLS.get(name)
    if old is not None:
        return old.docs
    if name in TOOLS:  # newer than the configured version
        return TOOLS[name].docs + f"\n\nNot available in Claude Code {config.claude_code_version} (the configured version)."
    return None


def _agent(name: str, index: WorkspaceIndex | None) -> str | None:
    if name in BUILTIN_AGENTS:
        return BUILTIN_AGENTS[name].docs
    info = index.agent_named(name) if index is not None else None
    if info is None:
        return None
    rel = os.path.relpath(info.path, index.root) if index is not None and index.root else info.path
    return f"**{name}** (agent in `{rel}`)\n\n{info.description}"


def _skill(name: str, index: WorkspaceIndex | None) -> str | None:
    path = index.skills.get(name) if index is not None else None
    if path is None:
        return None
    text, _ = read_text(path)
    desc = ""
    if text is not None:
        skill = parse_document(text, path=path, kind="skill", with_body=False)
        f = skill.field("description")
        desc = f.value.value if f is not None and isinstance(f.value, Scalar) else ""
    rel = os.path.relpath(path, index.root) if index is not None and index.root else path
    return f"**{name}** (skill in `{rel}`)" + (f"\n\n{desc}" if desc else "")


def toolset_markdown(ts: ToolSet) -> str:
    lines = [f"**What Claude Code loads**: {ts.summary(limit=100, with_dropped=False)}."]
    lost = [d for d in ts.dropped if d.reason != "listed twice"]
    if lost:
        lines.append("")
        lines.extend(f"- `{d.item.text}` dropped: {d.reason}" for d in lost)
    return "\n".join(lines)
