"""Completion and hover for the kinds other than Claude Code sub-agents (skills, commands,
Copilot / VS Code agents and prompt files, OpenCode agents), from each kind's profile in the
schema; and the opt-in "fetch tools" code lens on MCP servers."""

from __future__ import annotations

import re

from lsprotocol import types
from lsprotocol.types import CompletionItemKind as Kind

from agentls.document import Document
from agentls.document.cursor import Hit, Slot
from agentls.document.entries import list_items
from agentls.document.yaml_tree import Scalar, Sequence
from agentls.features import FETCH_COMMAND
from agentls.features.convert import fm_range
from agentls.schema import OLD_TOOLS, TOOLS, current_tool, old_tool, parse_mcp, parse_specifier, profile_for, resolves
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.schema.copilot import BUILTIN_CHAT_AGENTS, GITHUB, GITHUB_ALIASES, RENAMED_VSCODE_TOOLS, VSCODE_TOOLS, tool_doc
from agentls.schema.opencode import OPENCODE_TOOLS, PERMISSION_KEYS, THEME_COLORS
from agentls.schema.skills import SUBSTITUTIONS, VARIABLES
from agentls.workspace.index import WorkspaceIndex

_SEP = re.compile(r"[,\s\[\]]")


def family(doc: Document) -> str:
    return profile_for(doc.kind).family


# ---- completion ------------------------------------------------------------------------------

def _token(slot: Slot) -> tuple[str, int]:
    """The list entry being typed inside a value: (its text, its local start)."""
    cut = max((m.end() for m in _SEP.finditer(slot.prefix)), default=0)
    return slot.prefix[cut:], slot.start + cut


def frontmatter_items(ctx, slot: Slot) -> list[types.CompletionItem] | None:
    """Values for a kind's own fields; None to fall back on the generic enum/boolean values."""
    doc: Document = ctx.doc
    fm = doc.frontmatter
    field = slot.field
    if fm is None or field is None:
        return None
    fam = family(doc)
    typed, start = _token(slot) if slot.kind == "value" else (slot.prefix, slot.start)
    cursor = slot.start + len(slot.prefix)
    rng = types.Range(start=fm_range(doc, start, start).start, end=fm_range(doc, cursor, max(cursor, slot.end if slot.kind == "item" else cursor)).end)
    present = {i.text for i in list_items(fm, field, spaces=True) if not (i.start <= start <= i.end)}
    key = field.key
    if fam == "claude-skill" and key in profile_for(doc.kind).tool_fields:
        return [ctx.item(n, Kind.Function, rng, detail=_claude_summary(n), docs=_claude_docs(n), deprecated=n in OLD_TOOLS, sort=("1" if n in OLD_TOOLS else "0") + n)
                for n in [*TOOLS, *OLD_TOOLS] if resolves(n, ctx.version) and n not in present and (current_tool(n, ctx.version) or old_tool(n, ctx.version))]
    if fam == "claude-skill" and key == "agent":
        names = {n: a.summary for n, a in BUILTIN_AGENTS.items()}
        names.update({e.name: e.description for e in ctx.index.named(("agent", "plugin-agent")).values()} if ctx.index else {})
        return [ctx.item(n, Kind.Class, rng, detail="agent", docs=d or None) for n, d in sorted(names.items())]
    if fam == "copilot" and key == "tools":
        target = _scalar(fm, "target")
        out = [ctx.item(t.name, Kind.Module if t.tool_set else Kind.Function, rng, detail="tool set" if t.tool_set else "tool", docs=tool_doc(t.name), sort=t.name)
               for t in VSCODE_TOOLS.values() if t.name not in present]
        if target == GITHUB:
            out += [ctx.item(a, Kind.Function, rng, detail="GitHub Copilot alias", docs=tool_doc(a)) for a in GITHUB_ALIASES if a not in present and a not in VSCODE_TOOLS]
        return out
    if fam == "copilot" and key in ("agents", "agent", "mode"):
        names = {n: d for n, d in BUILTIN_CHAT_AGENTS.items()} if key != "agents" else {}
        if ctx.index:
            names.update({e.name: e.description for e in ctx.index.named(("copilot-agent",)).values()})
        own = _scalar(fm, "name")
        return [ctx.item(n, Kind.Class, rng, detail="agent", docs=d or None) for n, d in sorted(names.items()) if n not in present and n != own]
    if fam == "opencode" and key == "color":
        return [ctx.item(v.name, Kind.Color, rng, docs=v.doc) for v in THEME_COLORS]
    if fam == "opencode" and key == "permission" and slot.kind == "value":
        return [ctx.item(n, Kind.Property, rng, new_text=f"\n  {n}: ", detail="permission", docs=d) for n, (d, _) in PERMISSION_KEYS.items()]
    return None


_NESTED_AGENT = re.compile(r"[ \t]+(?:-[ \t]+)?agent:[ \t]*([\w.-]*)$")


def nested_items(ctx, offset: int) -> list[types.CompletionItem] | None:
    """A Copilot handoff's `agent:` value (inside the `handoffs` list)."""
    doc: Document = ctx.doc
    fm = doc.frontmatter
    if fm is None or family(doc) != "copilot":
        return None
    line = doc.index.line_of(offset)
    before = doc.text[doc.index.starts[line] : offset]
    m = _NESTED_AGENT.match(before)
    h = fm.get("handoffs")
    if m is None or h is None or h.value is None or not (fm.doc_offset(h.value.start) <= offset <= fm.doc_offset(h.value.end) + 1):
        return None
    rng = types.Range(start=_pos(doc, offset - len(m.group(1))), end=_pos(doc, offset))
    names = dict(BUILTIN_CHAT_AGENTS)
    if ctx.index:
        names.update({e.name: e.description for e in ctx.index.named(("copilot-agent",)).values()})
    own = _scalar(fm, "name")
    return [ctx.item(n, Kind.Class, rng, detail="agent", docs=d or None) for n, d in sorted(names.items()) if n != own]


def body_items(ctx, offset: int) -> list[types.CompletionItem] | None:
    """`$` substitutions in skills and commands; `#tool:` names in Copilot files."""
    doc: Document = ctx.doc
    fam = family(doc)
    if doc.split is not None and offset < doc.split.body_start:
        return None
    line = doc.index.line_of(offset)
    before = doc.text[doc.index.starts[line] : offset]
    if fam == "claude-skill":
        m = re.search(r"\$(\{?[A-Z_]*|\w*)$", before)
        if m is None:
            return None
        start = offset - len(m.group(0))
        rng = types.Range(start=_pos(doc, start), end=_pos(doc, offset))
        plugin = profile_for(doc.kind).plugin
        out = []
        for s in SUBSTITUTIONS:
            if s.plugin_only and not plugin:
                continue
            if s.text in ("$N", "$name", "$ARGUMENTS[N]"):
                continue
            out.append(ctx.item(s.text, Kind.Variable, rng, docs=s.doc, sort="0" + s.text))
        out.append(ctx.item("$ARGUMENTS[0]", Kind.Variable, rng, docs=next(s.doc for s in SUBSTITUTIONS if s.text == "$ARGUMENTS[N]"), sort="1"))
        for i in range(3):
            out.append(ctx.item(f"${i}", Kind.Variable, rng, docs=f"Argument {i + 1} (positions count from 0).", sort=f"2{i}"))
        fm = doc.frontmatter
        f = fm.get("arguments") if fm is not None else None
        if fm is not None and f is not None:
            for item in list_items(fm, f, spaces=True):
                out.append(ctx.item(f"${item.text}", Kind.Variable, rng, docs=f"The argument `{item.text}` declared in `arguments`.", sort="0" + item.text))
        return out
    if fam == "copilot":
        m = re.search(r"#tool:([\w./*-]*)$", before)
        if m is None:
            return None
        start = offset - len(m.group(1))
        rng = types.Range(start=_pos(doc, start), end=_pos(doc, offset))
        fm = doc.frontmatter
        f = fm.get("tools") if fm is not None else None
        listed = [i.text for i in list_items(fm, f)] if fm is not None and f is not None and isinstance(f.value, Sequence) else []
        names = [n for n in VSCODE_TOOLS if not listed or n in listed or n.split("/", 1)[0] in listed]
        names += [n for n in listed if n not in names and "*" not in n]
        return [ctx.item(n, Kind.Function, rng, docs=tool_doc(n)) for n in names]
    return None


# ---- hover -----------------------------------------------------------------------------------

def frontmatter_hover(doc: Document, hit: Hit, index: WorkspaceIndex | None, local: int) -> tuple[str | None, int, int]:
    """Docs of a list item or value of a kind's own fields (keys are described by the profile)."""
    fam = family(doc)
    key = hit.field.key
    word = hit.text.strip()
    span = (hit.start, hit.end)
    if fam == "claude-skill" and key in profile_for(doc.kind).tool_fields and doc.frontmatter is not None:
        for item in list_items(doc.frontmatter, hit.field, spaces=True):
            if item.start <= local <= item.end:
                return _claude_docs(item.text), item.start, item.end
        return None, *span
    return _value_hover(doc, fam, key, word, index), *span


def _value_hover(doc: Document, fam: str, key: str, word: str, index: WorkspaceIndex | None) -> str | None:
    if fam == "claude-skill" and key == "agent":
        return _agent_doc(word, index, ("agent", "plugin-agent"))
    if fam == "copilot" and key == "tools":
        return tool_doc(word)
    if fam == "copilot" and key in ("agents", "agent", "mode"):
        return BUILTIN_CHAT_AGENTS.get(word.lower()) or _agent_doc(word, index, ("copilot-agent", "agent"))
    return None


def nested_hover(doc: Document, local: int, index: WorkspaceIndex | None) -> tuple[str, int, int] | None:
    """Hover inside nested maps: OpenCode `permission` / `tools` keys, Copilot handoff agents."""
    fm = doc.frontmatter
    if fm is None:
        return None
    fam = family(doc)
    for f in fm.fields:
        v = f.value
        if v is None or not (v.start <= local <= v.end):
            continue
        for node, parent in _walk(v, None):
            if not isinstance(node, Scalar) or not (node.start <= local <= node.end):
                continue
            if fam == "opencode" and f.key == "permission" and node.value in PERMISSION_KEYS:
                return f"**permission.{node.value}**: {PERMISSION_KEYS[node.value][0]}", node.start, node.end
            if fam == "opencode" and f.key == "tools" and node.value in OPENCODE_TOOLS:
                return f"**{node.value}** (OpenCode tool): {OPENCODE_TOOLS[node.value]}", node.start, node.end
            if fam == "copilot" and f.key == "handoffs" and parent == "agent":
                text = BUILTIN_CHAT_AGENTS.get(node.value.lower()) or _agent_doc(node.value, index, ("copilot-agent", "agent"))
                return (text, node.start, node.end) if text else None
    return None


def _walk(node, parent_key):
    from agentls.document.yaml_tree import Mapping

    yield node, parent_key
    if isinstance(node, Sequence):
        for item in node.items:
            yield from _walk(item, None)
    elif isinstance(node, Mapping):
        for p in node.pairs:
            yield p.key, None
            if p.value is not None:
                yield from _walk(p.value, p.key.value if isinstance(p.key, Scalar) else None)


_BODY_WORDS = re.compile(r"\$\{[A-Z_]+\}|\$ARGUMENTS(?:\[\d+\])?|\$\d|\$[A-Za-z_][\w-]*|#tool:[\w./*-]*[\w*]")


def body_hover(doc: Document, offset: int) -> tuple[str, int, int] | None:
    fam = family(doc)
    if fam not in ("claude-skill", "copilot") or (doc.split is not None and offset < doc.split.body_start):
        return None
    line = doc.index.line_of(offset)
    ls = doc.index.starts[line]
    for m in _BODY_WORDS.finditer(doc.index.line_text(line)):
        if not (ls + m.start() <= offset <= ls + m.end()):
            continue
        word = m.group(0)
        text = None
        if fam == "copilot" and word.startswith("#tool:"):
            text = tool_doc(word[6:])
        elif fam == "claude-skill" and word.startswith("${"):
            s = VARIABLES.get(word[2:-1])
            text = f"**{word}**: {s.doc}" if s else None
        elif fam == "claude-skill" and word.startswith("$ARGUMENTS"):
            s = next(x for x in SUBSTITUTIONS if x.text == ("$ARGUMENTS[N]" if "[" in word else "$ARGUMENTS"))
            text = f"**{word}**: {s.doc}"
        elif fam == "claude-skill" and word[1:].isdigit():
            text = f"**{word}**: argument {int(word[1:]) + 1} (positions count from 0; `$0` is the first)."
        elif fam == "claude-skill":
            fm = doc.frontmatter
            f = fm.get("arguments") if fm is not None else None
            if fm is not None and f is not None:
                names = [i.text for i in list_items(fm, f, spaces=True)]
                if word[1:] in names:
                    text = f"**{word}**: the argument at position {names.index(word[1:])} (declared in `arguments`)."
        return (text, ls + m.start(), ls + m.end()) if text else None
    return None


# ---- code lens: fetch the tools of an MCP server (only when the user clicks) -----------------

def fetch_lenses(doc: Document, index: WorkspaceIndex | None) -> list[types.CodeLens]:
    """One lens per fetchable MCP server the file names in its tool lists or `mcpServers`."""
    fm = doc.frontmatter
    profile = profile_for(doc.kind)
    if fm is None or index is None or not doc.uri:
        return []
    seen: set[str] = set()
    out: list[types.CodeLens] = []

    def lens(server: str, start: int, end: int) -> None:
        if server in seen or not any(e.config.get("command") or e.config.get("url") for e in index.mcp.servers.get(server, [])):
            return
        seen.add(server)
        known = index.fetched_tools(server)
        title = f"Fetch tools from {server} (starts it)" if known is None else f"Refetch tools from {server} ({len(known.tools)} cached)"
        out.append(types.CodeLens(range=fm_range(doc, start, end), command=types.Command(title=title, command=FETCH_COMMAND, arguments=[doc.uri, server])))

    for key in profile.tool_fields:
        f = fm.get(key)
        spec = profile.fields.get(key)
        if f is None or f.swallowed:
            continue
        for item in list_items(fm, f, spaces=bool(spec and spec.split_spaces)):
            m = parse_mcp(item.text)
            if m is not None and m.plugin is None:
                lens(m.server, item.start, item.end)
    f = fm.get("mcpServers")
    if f is not None and isinstance(f.value, Sequence):
        for node in f.value.items:
            if isinstance(node, Scalar):
                lens(node.value, node.start, node.end)
    return out


# ---- helpers ---------------------------------------------------------------------------------

def _claude_docs(name: str) -> str | None:
    spec = parse_specifier(name)
    base = spec.tool if spec else name
    if base in TOOLS:
        return TOOLS[base].docs
    if base in OLD_TOOLS:
        return OLD_TOOLS[base].docs
    return None


def _claude_summary(name: str) -> str:
    if name in TOOLS:
        return TOOLS[name].summary
    old = OLD_TOOLS[name]
    return f"old name of {old.replacement}" if old.replacement else "removed"


def _agent_doc(name: str, index: WorkspaceIndex | None, kinds: tuple[str, ...]) -> str | None:
    if name in BUILTIN_AGENTS:
        return BUILTIN_AGENTS[name].docs
    if index is not None:
        e = index.named(kinds).get(name)
        if e is not None:
            return f"**{e.name}** ({e.kind}): {e.description or '(no description)'}\n\n`{e.path}`"
    return None


def _scalar(fm, key: str) -> str | None:
    f = fm.get(key)
    return f.value.value.strip() if f is not None and isinstance(f.value, Scalar) else None


def _pos(doc: Document, offset: int) -> types.Position:
    p = doc.index.position(offset)
    return types.Position(line=p.line, character=p.character)


__all__ = ["FETCH_COMMAND", "frontmatter_items", "body_items", "frontmatter_hover", "nested_hover", "body_hover", "fetch_lenses", "RENAMED_VSCODE_TOOLS"]
