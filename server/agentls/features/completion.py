"""Completion, decided by the YAML structure at the cursor (`agentls.document.cursor`).

Every name comes from `agentls.schema` or the workspace, and nothing is offered that the
diagnostics would then reject: no unknown or not-yet-released field or tool, no tool that
sub-agents never get, no duplicate, no MCP server that is configured nowhere, no skill the
workspace lacks. Old names that still work are offered, tagged deprecated.
"""

from __future__ import annotations

import os
import re

from lsprotocol import types

from agentls.analysis.config import Config
from agentls.document import Document
from agentls.document.cursor import BodySlot, Slot, body_slot, last_item, slot_at
from agentls.document.entries import list_items
from agentls.document.frontmatter import Frontmatter
from agentls.features import kinds
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import lsp_range, markup
from agentls.features.mcp import server_names, server_tools
from agentls.features.mcp import toolset as effective_toolset
from agentls.schema import (
    NAME_PATTERN,
    OLD_TOOLS,
    TOOLS,
    FieldSpec,
    at_least,
    canonical,
    current_tool,
    old_tool,
    parse_mcp,
    parse_specifier,
    profile_for,
    resolves,
)
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.workspace.index import WorkspaceIndex

Kind = types.CompletionItemKind
_AGENT_ARG = re.compile(r"(?P<tool>[A-Za-z]+)\((?P<args>[^()]*)$")


class _Ctx:
    """What every completion in one request needs."""

    def __init__(self, doc: Document, index: WorkspaceIndex | None, config: Config, caps: ClientCaps) -> None:
        self.doc, self.index, self.config, self.caps = doc, index, config, caps
        self.fm: Frontmatter | None = doc.frontmatter
        self.version = config.version

    def item(self, label: str, kind: Kind, rng: types.Range, *, new_text: str | None = None, detail: str | None = None,
             docs: str | None = None, deprecated: bool = False, sort: str | None = None, snippet: bool = False) -> types.CompletionItem:
        documentation = markup(docs, self.caps.completion_markdown) if docs else None
        return types.CompletionItem(
            label=label,
            kind=kind,
            detail=detail,
            documentation=documentation,
            tags=[types.CompletionItemTag.Deprecated] if deprecated and self.caps.deprecated_tag else None,
            deprecated=True if deprecated and not self.caps.deprecated_tag else None,
            sort_text=sort,
            filter_text=label,
            insert_text_format=types.InsertTextFormat.Snippet if snippet else types.InsertTextFormat.PlainText,
            text_edit=types.TextEdit(range=rng, new_text=label if new_text is None else new_text),
        )


def complete(doc: Document, offset: int, index: WorkspaceIndex | None, config: Config, caps: ClientCaps) -> types.CompletionList | None:
    ctx = _Ctx(doc, index, config, caps)
    fm = doc.frontmatter
    other = kinds.family(doc) != "claude-agent"
    if fm is not None and _in_frontmatter(fm, offset):
        slot = slot_at(fm, offset - fm.split.content_start)
        nested = kinds.nested_items(ctx, offset) if other else None
        if nested is not None:
            items = nested
        elif slot is not None and other and slot.kind != "key":
            got = kinds.frontmatter_items(ctx, slot)
            spec = profile_for(doc.kind).fields.get(slot.field.key) if slot.field is not None else None
            items = got if got is not None else (_values(ctx, slot, spec) if spec is not None and slot.kind == "value" else [])
        else:
            items = _frontmatter(ctx, slot) if slot is not None else []
    elif other:
        items = kinds.body_items(ctx, offset) or []
    else:
        bslot = body_slot(doc, offset)
        items = _body(ctx, bslot) if bslot is not None else []
    return types.CompletionList(is_incomplete=False, items=items)


# ---- frontmatter ---------------------------------------------------------------------------

def _in_frontmatter(fm: Frontmatter, offset: int) -> bool:
    """Inside the frontmatter content, or at the very start of the closing `---` line (where a
    new key goes on a line of its own)."""
    return fm.split.content_start <= offset <= fm.split.content_end


def _before_closing(fm: Frontmatter, slot: Slot) -> bool:
    """The slot is at the start of the closing `---` line: what is inserted needs its own line."""
    return fm.split.close_line is not None and slot.start == len(fm.parsed.text)


def _frontmatter(ctx: _Ctx, slot: Slot) -> list[types.CompletionItem]:
    assert ctx.fm is not None
    if slot.kind == "key":
        return _keys(ctx, slot)
    field = slot.field
    assert field is not None
    spec = profile_for(ctx.doc.kind).fields.get(field.key)
    if spec is None:
        return []
    if spec.type == "tools":
        return _list_entry(ctx, _narrow(ctx.fm, slot) if slot.kind == "value" else slot, field.key)
    if slot.kind == "value":
        return _values(ctx, slot, spec)
    if spec.type == "mcp-servers":
        return _servers(ctx, slot)
    if spec.name == "skills":
        return _skills(ctx, slot)
    return []


def _rng(ctx: _Ctx, slot: Slot) -> types.Range:
    assert ctx.fm is not None
    return lsp_range(ctx.fm.range(slot.start, slot.end))


def _narrow(fm: Frontmatter, slot: Slot) -> Slot:
    """The comma-separated item being typed within a scalar value."""
    prefix, at = last_item(slot.prefix)
    start = slot.start + at
    cursor = slot.start + len(slot.prefix)
    after = fm.parsed.text[cursor : slot.end]
    cut = after.find(",")
    end = cursor + len((after if cut < 0 else after[:cut]).rstrip())
    return Slot("item", slot.field, prefix, start, max(end, cursor), "string")


def _lead(ctx: _Ctx, slot: Slot) -> str:
    """A space to insert when the item starts right after `,` or `-` with no space."""
    assert ctx.fm is not None
    text = ctx.fm.parsed.text
    return " " if slot.start > 0 and text[slot.start - 1] in ",-" else ""


def _keys(ctx: _Ctx, slot: Slot) -> list[types.CompletionItem]:
    fm = ctx.fm
    assert fm is not None
    present = {f.key for f in fm.fields if f is not slot.field}
    rng = _rng(ctx, slot)
    plugin = ctx.doc.kind == "plugin-agent"
    out = []
    specs = sorted(profile_for(ctx.doc.kind).fields.values(), key=lambda s: not s.required)
    for i, spec in enumerate(specs):
        if spec.name in present or (spec.since and not at_least(ctx.version, spec.since)) or (plugin and spec.ignored_in_plugins):
            continue
        if slot.field is not None:  # renaming an existing key: the key only
            text, snippet = spec.name, False
        else:
            text, snippet = _key_insert(spec, ctx)
            text += "\n" if _before_closing(fm, slot) else ""
        out.append(ctx.item(spec.name, Kind.Property, rng, new_text=text, detail=_detail(spec), docs=spec.hover,
                            sort=f"{i:02d}", snippet=snippet))
    return out


def _key_insert(spec: FieldSpec, ctx: _Ctx) -> tuple[str, bool]:
    if not ctx.caps.snippets:
        return f"{spec.name}: ", False
    if spec.snippet:
        return f"{spec.name}:{spec.snippet}", True
    values = _allowed(spec, ctx)
    if spec.type in ("enum", "model") and values:
        return f"{spec.name}: ${{1|{','.join(_choice(v) for v in values)}|}}", True
    if spec.type == "boolean":
        return f"{spec.name}: ${{1|true,false|}}", True
    return f"{spec.name}: $0", True


def _choice(value: str) -> str:
    return re.sub(r"([,|$}\\])", r"\\\1", value)


def _detail(spec: FieldSpec) -> str:
    kinds = {"tools": "tool list", "string-list": "list of names", "mcp-servers": "list of servers", "model": "model"}
    text = kinds.get(spec.type, spec.type)
    return text + (" (required)" if spec.required else "")


def _allowed(spec: FieldSpec, ctx: _Ctx) -> list[str]:
    return [v.name for v in spec.values if not v.since or at_least(ctx.version, v.since)]


def _values(ctx: _Ctx, slot: Slot, spec: FieldSpec) -> list[types.CompletionItem]:
    rng = _rng(ctx, slot)
    if spec.type in ("enum", "model"):
        return [ctx.item(v.name, Kind.EnumMember, rng, detail=spec.name, docs=v.doc, sort=f"{i:02d}")
                for i, v in enumerate(spec.values) if not v.since or at_least(ctx.version, v.since)]
    if spec.type == "boolean":
        return [ctx.item(v, Kind.Value, rng) for v in ("true", "false")]
    if spec.name == "name" and ctx.doc.path:
        stem = re.sub(r"[^a-z0-9-]+", "-", os.path.splitext(os.path.basename(ctx.doc.path))[0].lower()).strip("-")
        taken = {a.name for a in ctx.index.agents.values() if a.path != os.path.abspath(ctx.doc.path)} if ctx.index else set()
        if stem and NAME_PATTERN.match(stem) and stem not in taken:
            return [ctx.item(stem, Kind.Value, rng, detail="from the file name")]
    return []


# ---- tools ---------------------------------------------------------------------------------

def _list_entry(ctx: _Ctx, slot: Slot, key: str) -> list[types.CompletionItem]:
    m = _AGENT_ARG.match(slot.prefix)
    if m is not None:
        if canonical(m.group("tool"), ctx.version) != "Agent":
            return []
        return _agent_args(ctx, slot, m.group("args"), m.start("args"))
    if slot.prefix.startswith("mcp__"):
        return _mcp_entries(ctx, slot, key)
    return _tools(ctx, slot, key)


def _present(ctx: _Ctx, key: str, slot: Slot, base: bool = False) -> set[str]:
    """Entries of a list other than the one being typed, canonical (`Task` -> `Agent`); with
    `base`, by tool name (`Bash(git *)` -> `Bash`), the way duplicates are found."""
    assert ctx.fm is not None
    out = set()
    for i in list_items(ctx.fm, ctx.fm.get(key)):
        if i.start <= slot.start <= i.end:
            continue
        text = i.text.strip("[] ")  # a flow list that is not closed yet is read as text
        spec = parse_specifier(text) if base else None
        out.add(canonical(spec.tool if spec else text, ctx.version))
    return out


def _tools(ctx: _Ctx, slot: Slot, key: str) -> list[types.CompletionItem]:
    fm = ctx.fm
    assert fm is not None
    present = _present(ctx, key, slot, base=True)
    other = _present(ctx, "disallowedTools" if key == "tools" else "tools", slot)
    plan = fm.scalar("permissionMode") == "plan"
    rng = _rng(ctx, slot)
    lead = _lead(ctx, slot)
    out = []
    for name in [*TOOLS, *OLD_TOOLS]:
        if not resolves(name, ctx.version):
            continue
        canon = canonical(name, ctx.version)
        if canon in present or canon in other:
            continue
        tool = current_tool(canon, ctx.version)
        if key == "tools" and tool is not None and (tool.subagent == "never" or (tool.subagent == "plan" and not plan)):
            continue
        old = old_tool(name, ctx.version)  # an alias that still works (`Task`)
        deprecated = old is not None or bool(tool and tool.deprecated)
        docs = old.docs if old is not None else (tool.docs if tool else OLD_TOOLS[name].docs)
        summary = f"old name of {old.replacement}" if old is not None else (tool.summary if tool else f"removed later ({OLD_TOOLS[name].version})")
        out.append(ctx.item(name, Kind.Function, rng, new_text=lead + name, detail=summary, docs=docs, deprecated=deprecated,
                            sort=("1" if deprecated else "0") + name))
    for server in server_names(ctx.doc, ctx.index):
        label = f"mcp__{server}"
        if label not in present and label not in other:
            out.append(ctx.item(label, Kind.Module, rng, new_text=lead + label, detail="every tool of this MCP server", sort="2" + label))
    if key == "disallowedTools" and "mcp__*" not in present:
        out.append(ctx.item("mcp__*", Kind.Module, rng, new_text=lead + "mcp__*", detail="every MCP tool", sort="3"))
    return out


def _mcp_entries(ctx: _Ctx, slot: Slot, key: str) -> list[types.CompletionItem]:
    present = _present(ctx, key, slot)
    rng = _rng(ctx, slot)
    lead = _lead(ctx, slot)
    servers = server_names(ctx.doc, ctx.index)
    mcp = parse_mcp(slot.prefix)
    out = []
    if mcp is None or mcp.tool is None:  # `mcp__` or `mcp__ser`: the servers
        for server in servers:
            label = f"mcp__{server}"
            if label not in present:
                out.append(ctx.item(label, Kind.Module, rng, new_text=lead + label, detail="MCP server: every tool of it", sort="0" + label))
        if key == "disallowedTools" and "mcp__*" not in present:
            out.append(ctx.item("mcp__*", Kind.Module, rng, new_text=lead + "mcp__*", detail="every MCP tool", sort="1"))
        return out
    if mcp.server not in servers:
        return []
    whole = f"mcp__{mcp.server}__*"
    if whole not in present:
        out.append(ctx.item(whole, Kind.Module, rng, new_text=lead + whole, detail=f"every tool of {mcp.server}", sort="0"))
    for tool in server_tools(ctx.index, mcp.server):
        label = f"mcp__{mcp.server}__{tool.name}"
        if label in present:
            continue
        out.append(ctx.item(label, Kind.Method, rng, new_text=lead + label, detail=tool.summary or "used elsewhere in this workspace",
                            docs=tool.summary, deprecated=bool(tool.deprecated), sort=("2" if tool.deprecated else "1") + tool.name))
    return out


def _agent_args(ctx: _Ctx, slot: Slot, args: str, args_at: int) -> list[types.CompletionItem]:
    typed, at = last_item(args)
    start = slot.start + args_at + at
    fm = ctx.fm
    assert fm is not None
    cursor = slot.start + len(slot.prefix)
    rest = fm.parsed.text[cursor : slot.end]
    stop = min([i for i in (rest.find(","), rest.find(")")) if i >= 0], default=len(rest))
    rng = lsp_range(fm.range(start, cursor + len(rest[:stop].rstrip())))
    taken = {a.strip() for a in args.split(",")} - {typed}
    own = fm.scalar("name")
    out = []
    for name, agent in BUILTIN_AGENTS.items():
        if name not in taken:
            out.append(ctx.item(name, Kind.Class, rng, detail="built-in agent", docs=agent.docs, sort="1" + name))
    seen = set(BUILTIN_AGENTS)
    for info in sorted(ctx.index.agents.values(), key=lambda a: a.name) if ctx.index else []:
        if info.name in taken or info.name in seen or info.name == own:
            continue
        seen.add(info.name)
        out.append(ctx.item(info.name, Kind.Class, rng, detail=os.path.basename(info.path), docs=info.description, sort="0" + info.name))
    return out


def _skills(ctx: _Ctx, slot: Slot) -> list[types.CompletionItem]:
    assert ctx.fm is not None
    present = {i.text for i in list_items(ctx.fm, slot.field) if not (i.start <= slot.start <= i.end)}
    rng = _rng(ctx, slot)
    skills = ctx.index.skills if ctx.index else {}
    return [ctx.item(name, Kind.Module, rng, new_text=_lead(ctx, slot) + name, detail="skill", docs=f"`{path}`")
            for name, path in sorted(skills.items()) if name not in present]


def _servers(ctx: _Ctx, slot: Slot) -> list[types.CompletionItem]:
    assert ctx.fm is not None
    present = {i.text for i in list_items(ctx.fm, slot.field) if not (i.start <= slot.start <= i.end)}
    rng = _rng(ctx, slot)
    names = sorted(ctx.index.mcp.servers, key=str.lower) if ctx.index else []
    return [ctx.item(n, Kind.Module, rng, new_text=_lead(ctx, slot) + n, detail="MCP server") for n in names if n not in present]


# ---- body ----------------------------------------------------------------------------------

def _body(ctx: _Ctx, slot: BodySlot) -> list[types.CompletionItem]:
    """Names of the tools this agent gets: after a backtick, and `mcp__...` names."""
    doc = ctx.doc
    index = ctx.index
    toolset = effective_toolset(doc, index, ctx.config)
    rng = lsp_range(doc.range(slot.start, slot.end))
    out: list[types.CompletionItem] = []
    if slot.kind == "code":
        if toolset.explicit:
            names = [n.split("(")[0] for n in toolset.names if not n.startswith("mcp__")]
        else:
            banned = {canonical(t, ctx.version) for t in toolset.disallowed}
            names = [n for n, t in TOOLS.items() if current_tool(n, ctx.version) and t.subagent == "yes" and n not in banned]
        for name in dict.fromkeys(names):
            tool = TOOLS.get(name)
            out.append(ctx.item(name, Kind.Function, rng, detail=tool.summary if tool else None, docs=tool.docs if tool else None))
        return out
    granted: list[str] = []
    if toolset.explicit:
        for n in toolset.names:
            m = parse_mcp(n)
            if m is None:
                continue
            if m.tool and m.tool != "*":
                granted.append(n)
            else:
                granted.extend(f"mcp__{m.server}__{t.name}" for t in server_tools(index, m.server))
    else:
        for server in server_names(doc, index):
            granted.extend(f"mcp__{server}__{t.name}" for t in server_tools(index, server))
    for name in dict.fromkeys(granted):
        out.append(ctx.item(name, Kind.Method, rng, detail="MCP tool granted to this agent"))
    return out
