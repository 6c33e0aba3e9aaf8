"""What the prompt tells the agent against what the agent is granted (C001-C006).

The frontmatter grants tools; the body and the description tell the agent what to do. Directives
come from `analysis.directives`, capabilities from `schema.tools` (through `analysis.grants`).
Every finding points at the other side: the granting `tools` entry or key, or the other directive.
"""

from __future__ import annotations

import re

from agentls.lazy import compile_later
from dataclasses import dataclass

from agentls.analysis.actions import ACT_DOCS, VERB_FORMS, Act, Action, norm_server
from agentls.analysis.context import Context
from agentls.analysis.directives import Directive, Extraction, Mention, extract, prompt_servers
from agentls.analysis.finding import Related
from agentls.analysis.grants import Grants, grants
from agentls.analysis.tool_fixes import add_tools, disallow_tools, remove_tools
from agentls.document.frontmatter import Frontmatter
from agentls.document.positions import Range
from agentls.document.yaml_tree import Scalar, Sequence
from agentls.schema import OLD_TOOLS, TOOLS, Cap, canonical, capabilities, parse_mcp, profile_for
from agentls.schema.loader import MEMORY_TOOLS
from agentls.schema.mcp_catalog import known_servers
from agentls.schema.tools import CAPABILITY_DOCS, INDIRECT, suggested_tools, tools_with

CODES = ("C001", "C002", "C003", "C004", "C005", "C006")

_COMPARED = (Act.WRITE_CODE, Act.MODIFY_FILES, Act.RUN_COMMANDS, Act.WEB, Act.DELEGATE)
_DESCRIBED_JOBS = (Act.WRITE_CODE, Act.MODIFY_FILES, Act.RUN_COMMANDS, Act.WEB)  # the job a description gives
_REQUIRED = (Act.WRITE_CODE, Act.MODIFY_FILES, Act.RUN_COMMANDS, Act.WEB, Act.DELEGATE, Act.MCP)
_MAX_RELATED = 5
_RUN_CODE = compile_later(r"\bcode\b", re.I)


@dataclass(frozen=True, slots=True)
class Hit:
    """One action of one directive, placed in the document."""

    d: Directive
    a: Action
    range: Range

    @property
    def line(self) -> int:
        return self.range.start.line


def check(ctx: Context) -> None:
    doc = ctx.doc
    fm = doc.frontmatter
    if fm is None or not profile_for(doc.kind).subagent:
        return  # skills, commands and other products' agents read `tools` differently, and may ask the user
    g = grants(doc, ctx.version)
    ex = extract(doc, prompt_servers(doc, ctx.version, ctx.workspace))
    hits = [Hit(d, a, doc.range(*d.span(a.start, a.end))) for d in ex.directives for a in d.actions]
    positives = [h for h in hits if not h.a.negative and (h.d.source == "body" or h.a.act in (Act.ASK_USER, Act.PLAN_MODE) and not _WHEN_TO_USE.match(h.d.text)
                                                          or _described_job(h))
                 and not (_in_parentheses(h.d.text, h.a.start) and not _asks_in_parentheses(h))
                 and not _FOR_CALLER.search(h.d.text, 0, h.a.start)]
    certain = [h for h in positives if not h.a.inferred]  # what may contradict a prohibition
    runs = any(h.a.act == Act.RUN_COMMANDS for h in certain)
    # "you don't run code" in a prompt that has the agent run commands means the program, not the shell
    negatives = [h for h in hits if h.a.negative and not (runs and h.a.act == Act.RUN_COMMANDS and _RUN_CODE.search(_span(h)))
                 and not ((h.a.via_scope or _span(h).strip().lower() in VERB_FORMS) and _in_parentheses(h.d.text, h.a.start))]
    # ^ "(INSERT, UPDATE, DELETE)" under "Refusals", "FAIL (not run)": a list or a gloss, not an instruction
    conflicting = _self_contradictions(ctx, certain, negatives)
    _prohibited(ctx, g, certain, negatives)
    _forbidden_tools(ctx, g, ex.directives, {h.line for h in hits if h.a.act in _COMPARED and h.a.negative})
    if not (g.explicit and g.tool_items and not g.tools and not g.servers):  # nothing resolves: T007 says it
        mentioned = _ungranted_mentions(ctx, g, ex.directives)
        _required(ctx, g, positives, conflicting, mentioned)
    _subagent(ctx, fm, positives, ex)
    _frontmatter_conflict(ctx, fm, g)


# ---- C004 self-contradiction -------------------------------------------------------------------

def _self_contradictions(ctx: Context, positives: list[Hit], negatives: list[Hit]) -> set[tuple[int, Act]]:
    """One finding per instruction that another one forbids; returns (line, act) of those reported."""
    reported: set[tuple[int, Act]] = set()
    for act in _COMPARED:
        against = [n for n in negatives if n.a.act == act and n.a.blanket]
        if not against:
            continue
        for p in positives:
            if p.a.act != act or (p.line, act) in reported or p.d.kind == "heading":
                continue
            others = [n for n in against if n.d is not p.d and not (act == Act.MODIFY_FILES and _CODE.search(_span(n)) and not _CODE.search(_span(p)))]
            if not others:
                continue
            reported.add((p.line, act))
            what = ACT_DOCS[act]
            first = others[0]
            ctx.report(
                "C004", p.range,
                f"{_read(p)} tells the agent to {what}, but line {first.line + 1} forbids it (\"{_quote(first)}\"). "
                "The agent will follow one of the two at random: keep one instruction and remove or qualify the other.",
                related=[Related(n.range, f"forbids it here: \"{_quote(n)}\"") for n in others[:_MAX_RELATED]],
            )
    return reported


# a prohibition of changing "source code files" leaves the docs and plans free
_CODE = compile_later(r"\b(?:code|source|sources)\b|\.(?:py|js|ts|tsx|jsx|go|rs|java|kt|swift|c|h|cpp|hpp|cs|rb|php)\b", re.I)


def _span(h: Hit) -> str:
    return h.d.text[h.a.start : h.a.end]


# the description's "Use (this agent) after the user approves the story": when the caller invokes it
_WHEN_TO_USE = compile_later(r"^\W*(?:(?:use|invoke|call|run|launch|trigger|spawn)\b(?:\s+(?:this|the|me|it)\b(?:\s+(?:sub-?)?agent)?)?"
                            r"|(?:only\s+)?(?:runs|is\s+(?:used|invoked|run|called|launched)|invoked|used)\b(?:\s+only)?)\s+(?:after|when|once|before|whenever|only\s+after|if)\b", re.I)
# ^ also "Only runs after the user has approved the plan" (when the caller runs it)
# "hand the plan to the orchestrator (the main session) to launch the agents": the caller's act
_FOR_CALLER = compile_later(r"\b(?:orchestrator|main\s+(?:agent|session|thread)|caller|parent\s+agent)\b[^.;:]{0,40}\bto\s+$", re.I)
_ALTERNATIVE = compile_later(r"\bor\b[^.;:]{0,60}?\b(?:yourself|directly|manually|by\s+hand)\b", re.I)
_DELETE = compile_later(r"(?:delete|remove|clean\s+up|rm)\b", re.I)  # a file deleted
_AGENT_LAUNCHER = compile_later(r"agent|delegat|dispatch|spawn", re.I)
# what makes a sentence that names a tool ask for its use
_USE_CUE = compile_later(r"\b(?:use|uses|using|call|calls|calling|invoke|invoking|run|running|with|via|through|must|should|always|"
                      r"first|then|required|requires?|prefer|try|need|needs|launch|spawn|start|open|fetch|search|create|update|load)\b|→|->|:", re.I)
# the same cue in other languages: "`WebSearch`로 검색하세요", "WebSearch を使って", "使用 WebSearch", "usa `WebSearch`"
_USE_CUE_OTHER = compile_later(r"사용|이용|(?:로|으로)\s|を使|で(?:検索|実行|調べ|確認)|使用|调用|調用|呼び出|\b(?:utiliz|usa[rn]?\b|usá|verwend|nutz|benutz|utilis|emplea|chama|llama)", re.I)


def _used(text: str) -> bool:
    """Whether a sentence that names a tool says to use it (a cue word; in other languages, theirs)."""
    return _USE_CUE.search(text) is not None or (not text.isascii() and _USE_CUE_OTHER.search(text) is not None)


_IF_AVAILABLE = compile_later(
    r"\b(?:if|when|where|unless)\s+(?:you\s+(?:have|can|are\s+able\s+to)|[`\w-]+\s+(?:\w+\s+)?(?:is|are)\s+(?:available|granted|enabled|accessible|allowed))\b|"
    # the same in other languages: "si está disponible", "se estiver disponível", "s'il est disponible", "falls verfügbar", "если доступен"
    r"\bsi\s+(?:\S+\s+)?(?:est[áa]n?|tienes|tiene|hay)\s+(?:\S+\s+)?disponibles?\b|\bse\s+(?:\S+\s+)?(?:estiver|houver|tiver)\s+(?:\S+\s+)?dispon[íi]ve(?:l|is)\b|"
    r"\bs['’]il\s+est\s+disponible\b|\bsi\s+(?:\S+\s+)?(?:est|sont)\s+disponibles?\b|\b(?:falls|wenn)\s+(?:\S+\s+){0,3}?(?:verf[üu]gbar|vorhanden)\b|"
    r"\bесли\s+(?:\S+\s+)?(?:доступ\w*|есть)|(?:利用|使用)可能な?(?:場合|なら)|があれば|如果(?:\S{0,8})?(?:可用|有)|사용\s*가능하면|있으면",
    re.I,
)
_WORD_BEFORE = compile_later(r"([A-Za-z']+)\W*$")


def _described_job(h: Hit) -> bool:
    """The job the description gives the agent: "Writes the tests", "Use this agent to update the
    docs" (a verb of the agent or of the purpose), not the caller's moment ("after writing code")."""
    if h.d.source != "description" or h.a.act not in _DESCRIBED_JOBS:
        return False
    verb = re.match(r"[A-Za-z]+", h.d.text[h.a.start :])
    form = VERB_FORMS.get(verb.group(0).lower()) if verb else None
    if form is None:
        return False
    if form[1] == "s":  # "Writes the tests"; not "Use after the frontend agent changes files" (the caller's moment)
        return not _WHEN_TO_USE.match(h.d.text)
    before = _WORD_BEFORE.search(h.d.text[: h.a.start])
    return form[1] == "base" and before is not None and before.group(1).lower() == "to"


def _in_parentheses(text: str, at: int) -> bool:
    """A gloss in parentheses ("for `--fix` (apply the fixes)") explains; it does not instruct."""
    depth = 0
    for ch in text[:at]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth > 0


def _asks_in_parentheses(h: Hit) -> bool:
    """"Bumping the version (ask the user first)": a parenthesis that opens with the ask instructs."""
    return h.a.act == Act.ASK_USER and h.d.text[: h.a.start].rstrip().endswith("(")


def _unblank(text: str) -> str:
    """A quotation blanked in the directive's text shows as an ellipsis."""
    return text.replace('" "', '"…"').replace("“ ”", "“…”").replace('""', '"…"')


def _said(h: Hit, limit: int = 90) -> str:
    """The sentence the finding read, shortened around the words that make it an instruction."""
    text = _unblank(" ".join(h.d.text.split()))
    if len(text) <= limit:
        return text
    words = _unblank(" ".join(h.d.text[h.a.start : h.a.end].split()))
    at = max(0, text.find(words[:20]) - 20) if words else 0
    cut = text[at : at + limit - 2]
    return ("…" if at else "") + cut + "…"


_YOU = compile_later(r"\b(?:you|your|yourself|this\s+agent)\b", re.I)
_LABEL_BEFORE = compile_later(r"^\W*([A-Za-z][\w /-]{0,28}\w)\W*:\s*$")
_IMPERATIVE_LEAD = compile_later(r"^[\W\d]*(?:(?:always|never|must|should|do|don't|not|please|first|then|also|only|and)\W+)*$", re.I)


def _why(h: Hit) -> str:
    """Why the words read are an instruction to this agent: where they stand and how they are said."""
    if h.d.source == "description":
        return "the description gives it as the agent's job"
    if h.a.via_scope:
        return "an item of a list of prohibitions"
    if h.a.act == Act.ASK_USER and not VERB_FORMS.get(h.d.text[h.a.start :].split(" ", 1)[0].lower()):
        return "it makes the work wait on the user"
    before = h.d.text[: h.a.start]
    if h.a.act == Act.MCP and not before.strip(" \t*_-#>0123456789.)`"):
        return "a section under its heading of MCP tools" if h.d.kind == "heading" else "an item of its list of MCP servers"
    label = _LABEL_BEFORE.match(before)
    if label:
        return f"a step labelled \"{label.group(1).strip()}\""
    if h.d.kind == "code":
        return "a command in the steps' code block"
    if h.d.kind == "cell":
        return "a row of the agent's table of steps"
    if _YOU.search(before):
        return "said to the agent as \"you\""
    if _IMPERATIVE_LEAD.match(before):
        return "a list item in the imperative" if h.d.kind == "item" else "an imperative in the agent's prompt"
    return "a step of the agent's prompt"


def _read(h: Hit) -> str:
    """The words read and why they are an instruction to this agent."""
    return f"\"{_said(h)}\" ({_why(h)})"


def _quote(h: Hit, limit: int = 60) -> str:
    text = " ".join(h.d.text[h.a.start : h.a.end].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- C001 prohibited-capability-granted --------------------------------------------------------

def _prohibited(ctx: Context, g: Grants, positives: list[Hit], negatives: list[Hit]) -> None:
    fm = ctx.doc.frontmatter
    assert fm is not None
    needed_acts = {p.a.act for p in positives}
    seen: set[tuple[int, Act]] = set()
    for n in negatives:
        act = n.a.act
        if not n.a.blanket or act not in _COMPARED or (n.line, act) in seen:
            continue
        cap = n.a.cap
        assert cap is not None
        if act in needed_acts or (act == Act.MODIFY_FILES and Act.WRITE_CODE in needed_acts):
            continue  # the text also asks for it: a self-contradiction (C004), or the tool is needed elsewhere
        # "never write code" stands when the agent also saves files, but the tool cannot go: information
        needed_elsewhere = act == Act.WRITE_CODE and Act.MODIFY_FILES in needed_acts
        granting = [t for t in g.tools_for(cap) if t not in g.memory_only]  # `memory`'s tools serve its files
        if not granting:
            by_memory = [t for t in g.tools_for(cap) if t in g.memory_only]
            if by_memory and (key := fm.get("memory")) is not None and (n.line, act) not in seen:
                seen.add((n.line, act))  # they can change any file: only the instruction keeps the agent to its memory
                names = ", ".join(f"`{t}`" for t in by_memory)
                ctx.report("C001", n.range,
                           f"{_read(n)} forbids the agent to {ACT_DOCS[act]}, but `memory` gives it {names} for its memory files, and they "
                           "can change any file: nothing but this instruction keeps the agent to its memory. Keep the instruction if that is the intent.",
                           related=[Related(fm.range(key.key_node.start, key.key_node.end), "`memory` adds Read, Write and Edit")], severity="information")
            continue
        if cap == Cap.DELEGATE and not g.explicit and set(suggested_tools(cap)) & {canonical(t, ctx.version) for t in g.disallowed}:
            continue  # `disallowedTools: Agent`: what is left (messaging teammates) dispatches no sub-agent
        if g.explicit and cap == Cap.RUN_COMMANDS and all("(" in x.item.text for x in g.items_for(cap)):
            continue  # `Bash(git log:*)`: the shell is limited to the commands the author chose
        seen.add((n.line, act))
        what = ACT_DOCS[act]
        names = ", ".join(f"`{t}`" for t in granting[:4]) + (" and more" if len(granting) > 4 else "")
        said = f"{_read(n)} forbids the agent to {what}"
        if g.explicit:
            items = g.items_for(cap)
            related = [Related(fm.range(x.item.start, x.item.end), f"`{x.item.text}` lets the agent {CAPABILITY_DOCS[cap]}") for x in items[:_MAX_RELATED]]
            fixes = remove_tools(ctx, fm, g, [x.item for x in items])
            msg = (f"{said}, but `tools` grants {names}, which can. Remove "
                   f"{'it' if len(items) == 1 else 'them'} from `tools`, or drop the prohibition if the agent needs {'it' if len(items) == 1 else 'them'}.")
        else:
            related = [Related(_frontmatter_anchor(fm), "no `tools` field: the agent inherits every tool")]
            fixes = disallow_tools(ctx, fm, granting)
            msg = (f"{said}, but `tools` is omitted, so the agent inherits every tool, {names} included. "
                   f"Add `disallowedTools: {', '.join(granting)}`, or list the tools it needs in `tools`.")
        if needed_elsewhere:  # the same tool saves its files: only the instruction keeps it from code
            msg = (f"{said}, but it is granted {names}, which it also needs to save files, so nothing but this "
                   "instruction keeps it from writing code. Keep the instruction if that is the intent.")
            fixes = []
        ctx.report("C001", n.range, msg, related=related, fixes=fixes, severity="information" if needed_elsewhere else None)


_PROHIBITION = compile_later(r"\b(?:never|must\s+not|mustn't|do\s+not|don't|may\s+not|cannot|can't|shall\s+not|not\s+allowed\s+to)\s+(?:\w+\s+){0,2}?(?:use|call|invoke|run)\b", re.I)
_EXCEPTION = compile_later(r"\b(?:unless|except|without|until|if|when|instead\s+of)\b", re.I)


def _forbidden_tools(ctx: Context, g: Grants, directives: list, reported_lines: set[int]) -> None:
    """"You MUST NOT use the Task tool" while the agent is granted (or inherits) it."""
    fm = ctx.doc.frontmatter
    assert fm is not None
    seen: set[str] = set()
    for d in directives:
        for m in d.mentions:
            name = canonical(m.name.strip("`"), ctx.version)
            if not m.negative or name in seen or name not in g.tools or name in g.memory_only:
                continue
            if not {Cap.DELEGATE, Cap.MODIFY_FILES, Cap.RUN_COMMANDS, Cap.WEB} & capabilities(name):
                continue
            before, after = d.text[max(0, m.start - 60) : m.start], d.text[m.end : m.end + 60]
            if not _PROHIBITION.search(before) or _EXCEPTION.search(before + " " + after.split(".")[0]):
                continue  # only a plain "never use X": not "don't use X unless", not "you have no X"
            r = ctx.doc.range(*d.span(m.start, m.end))
            if r.start.line in reported_lines:
                continue  # the sentence's capability prohibition is reported already
            seen.add(name)
            if g.explicit:
                items = [x for x in g.items if x.tool == name]
                related = [Related(fm.range(x.item.start, x.item.end), "granted here") for x in items[:_MAX_RELATED]]
                fixes = remove_tools(ctx, fm, g, [x.item for x in items])
                where = f"`tools` grants `{name}`"
            else:
                related = [Related(_frontmatter_anchor(fm), "no `tools` field: the agent inherits every tool")]
                fixes = disallow_tools(ctx, fm, [name])
                where = f"`tools` is omitted, so the agent inherits `{name}`"
            ctx.report("C001", r, f"\"{' '.join(d.text.split())[:90]}\" forbids `{name}`, but {where}. "
                       f"Take it away (`disallowedTools: {name}`, or leave it out of `tools`) so the rule holds.", related=related, fixes=fixes)


def _frontmatter_anchor(fm: Frontmatter) -> Range:
    f = fm.get("name") or fm.get("description")
    if f is not None:
        return fm.range(f.key_node.start, f.key_node.end)
    return fm.range(0, 0)


# ---- C003 ungranted-tool-reference -------------------------------------------------------------

_PASSIVE_USE = compile_later(r"\b(?:invoked|called|launched|spawned|started|dispatched|triggered|run)\s+(?:via|through|by|with|from)\s+(?:the\s+|an?\s+)?[`\s]*$", re.I)
_FAILS = compile_later(r"[^.;:!?]{0,30}?\b(?:(?:will|would)\s+(?:fail|not\s+work|error)|fails|won't\s+work|doesn't\s+work|does\s+not\s+work|"
                       r"(?:is|are)\s+(?:unavailable|not\s+available|dead|disabled)|isn't\s+available|aren't\s+available)\b", re.I)
_CONDITION_SUBJECT = compile_later(r"(?:^|[,;:(]\s*|\.\s+)(?:if|when|whenever|once|until|unless)\s+(?:the\s+|its\s+|any\s+)?[`\s]*$", re.I)


def _ungranted_mentions(ctx: Context, g: Grants, directives: list[Directive]) -> set[tuple[int, Cap]]:
    """Tools named in the text that `tools` does not grant; returns (line, capability) covered."""
    covered: set[tuple[int, Cap]] = set()
    if not g.explicit:
        return covered
    fm = ctx.doc.frontmatter
    assert fm is not None and g.tools_key is not None
    seen: set[tuple[int, str]] = set()
    for d in directives:
        if d.source != "body":
            continue
        for m in d.mentions:
            if m.negative or (d.kind == "sentence" and not _used(d.text)):
                continue  # "The cost of `EnterWorktree` is seconds": a statement about the tool, no call
            if _CONDITION_SUBJECT.search(d.text, 0, m.start) or _PASSIVE_USE.search(d.text, 0, m.start):
                continue  # "If `mcp__x__*` tools start responding again", "when invoked via the Agent tool": no call of its own
            if _FAILS.match(d.text, m.end):
                continue  # "`SendMessage` against it will fail", "`WebFetch` is not available here": a fact, no call
            need = _needed_tool(m.name, g, ctx)
            if need is None:
                _never_for_subagents(ctx, g, d, m, seen)
                continue
            r = ctx.doc.range(*d.span(m.start, m.end))
            key = (r.start.line, m.name)
            if key in seen:
                continue
            seen.add(key)
            said = _tool_said(d)
            whole = parse_mcp(need) if need.startswith("mcp__") else None
            if whole is not None and whole.tool in (None, "*"):  # `mcp__server__*`: the server, not one tool
                _missing_server(ctx, g, r, whole.server, said)
                continue
            for cap in capabilities(need) if not need.startswith("mcp__") else ():
                covered.add((r.start.line, cap))
            shown = m.name.strip("`")
            note = f" (`{shown}` is now `{need}`)" if need != shown and not need.startswith("mcp__") else ""
            granted = ", ".join(f"`{i.item.text}`" for i in g.items[:6]) + (" ..." if len(g.items) > 6 else "") or "nothing"
            ctx.report(
                "C003", r,
                f"{said} tells the agent to use `{shown}`{note}, but `tools` does not grant it, so the call fails at runtime. Add `{need}` to `tools`.",
                related=[Related(g.tools_key, f"`tools` grants {granted}")],
                fixes=add_tools(ctx, fm, g, [need]),
            )
    return covered


def _tool_said(d: Directive) -> str:
    """The sentence that names a tool, and why it is a use."""
    return f"\"{' '.join(d.text.split())[:90]}\" ({'a call in a code block of its steps' if d.kind == 'code' else 'a tool it is told to use'})"


def _never_for_subagents(ctx: Context, g: Grants, d: Directive, m: Mention, seen: set[tuple[int, str]]) -> None:
    """C003 for a tool Claude Code never gives a sub-agent (`ScheduleWakeup`); asking the user and
    plan mode are C005's."""
    tool = TOOLS.get(canonical(m.name.strip("`"), ctx.version))
    if tool is None or tool.subagent != "never" or {Cap.ASK_USER, Cap.PLAN_MODE} & tool.caps:
        return
    r = ctx.doc.range(*d.span(m.start, m.end))
    if (r.start.line, tool.name) in seen:
        return
    seen.add((r.start.line, tool.name))
    assert g.tools_key is not None
    ctx.report("C003", r, f"{_tool_said(d)} tells the agent to use `{tool.name}`, but Claude Code never gives that tool to a sub-agent, even when `tools` "
               "lists it, so the call fails at runtime. Have the main session do this step, or drop the instruction.",
               related=[Related(g.tools_key, "the sub-agent's tools: this one is never among them")])


def _missing_server(ctx: Context, g: Grants, r: Range, name: str, said: str = "The prompt") -> None:
    """C002 for an MCP server the prompt relies on and `tools` does not grant."""
    fm = ctx.doc.frontmatter
    assert fm is not None and g.tools_key is not None
    ctx.report(
        "C002", r,
        f"{said} relies on the `{name}` MCP server, but `tools` grants none of its tools (`mcp__{name}__...`), so the agent cannot use it. Add `mcp__{name}` to `tools`.",
        related=[Related(g.tools_key, "`tools` is an explicit list without it")],
        fixes=add_tools(ctx, fm, g, [f"mcp__{name}"]),
    )


def _bare_server(item: str) -> str:
    """A `tools` entry as the server it may mean: "Context7", "RefMCP(docs.fetch)" -> "ref"."""
    name = norm_server(item.strip("`'\" ").split("(", 1)[0])
    return name[:-3] if name.endswith("mcp") and len(name) > 3 else name


def _needed_tool(name: str, g: Grants, ctx: Context) -> str | None:
    """The tool to add for a mention, or None when it is granted (or not a tool a sub-agent can get)."""
    if name.startswith("mcp__"):
        m = parse_mcp(name)
        if m is None or g.has_mcp_tool(name):
            return None
        if m.tool in (None, "*") and g.has_server(m.server):
            return None  # "the `mcp__monarch__*` tools" with some of them granted
        fm = ctx.doc.frontmatter
        return None if fm is not None and _mcp_servers_field_has(fm, m.server) else name  # its own `mcpServers` bring their tools (as for C002)
    tool = canonical(name, ctx.version)
    old = OLD_TOOLS.get(name)
    if tool not in TOOLS and old is not None:
        if old.replacement is None:
            return None
        tool = old.replacement
    t = TOOLS.get(tool)
    if t is None or t.subagent == "never":
        return None
    return None if tool in g.tools else tool


# ---- C002 required-capability-missing ----------------------------------------------------------

def _required(ctx: Context, g: Grants, positives: list[Hit], conflicting: set[tuple[int, Act]], mentioned: set[tuple[int, Cap]]) -> None:
    if not g.explicit and not g.disallowed:
        return  # every tool is inherited
    fm = ctx.doc.frontmatter
    where = g.tools_key if g.explicit else g.disallowed_key
    assert fm is not None and where is not None
    caps = g.caps()
    seen: set[tuple[int, str]] = set()
    for p in positives:
        act = p.a.act
        if act not in _REQUIRED or (p.d.source != "body" and act not in _DESCRIBED_JOBS):
            continue
        if _IF_AVAILABLE.search(p.d.text, 0, p.a.start):
            continue  # "If you have Bash, run the tests; otherwise ...": the prompt expects it may be missing
        if act == Act.MCP:
            if not g.explicit:
                continue  # every MCP server is inherited
            server = p.a.server or ""
            if g.has_server(server) or _mcp_servers_field_has(fm, server):
                continue
            if any(_bare_server(it.text) == norm_server(server) for it in g.tool_items):
                continue  # `tools: context7`, `RefMCP(docs.fetch)`: the server is meant, under a name T001 reports
            if p.a.inferred and (g.servers or fm.get("mcpServers") is not None):
                continue  # a server no configuration names: missing only when no MCP server is granted at all
            key = (p.line, "mcp:" + norm_server(server))
            if key in seen:
                continue
            seen.add(key)
            _missing_server(ctx, g, p.range, _server_name(server, ctx), _read(p))
            continue
        cap = p.a.cap
        assert cap is not None
        if cap in caps or (p.line, act) in conflicting or (p.line, cap) in mentioned:
            continue
        if _ALTERNATIVE.search(p.d.text, p.a.end):
            continue  # "invoke the qa-tester subagent or run Playwright yourself": the agent can do it
        if cap == Cap.DELEGATE and any(i.text.startswith("mcp__") and _AGENT_LAUNCHER.search(i.text) for i in g.tool_items):
            continue  # an MCP tool that runs agents (`mcp__x__run_agent`) is how it delegates
        if cap == Cap.WEB and g.servers:
            continue  # an MCP server may well be the web access (search, fetch, browser)
        if cap == Cap.WEB and Cap.RUN_COMMANDS in caps and p.d.text[p.a.start : p.a.start + 8].lower().startswith("download"):
            continue  # "download the video from its URL": a shell (curl) does that, the web tools cannot save a file
        deletes = cap == Cap.MODIFY_FILES and _DELETE.match(p.d.text, p.a.start) is not None  # only a shell deletes a file
        if deletes and Cap.RUN_COMMANDS in caps:
            continue  # "delete the plan files": `Write` and `Edit` cannot, so `Bash` is the tool for it
        key = (p.line, act.value)
        if key in seen:
            continue
        seen.add(key)
        if not g.explicit:
            removed = ", ".join(f"`{t}`" for t in sorted(g.disallowed & set(tools_with(cap))))
            ctx.report("C002", p.range,
                       f"{_read(p)} tells the agent to {ACT_DOCS[act]}, but `disallowedTools` removes every tool that can {CAPABILITY_DOCS[cap]} "
                       f"({removed}), so it fails at runtime. Remove them from `disallowedTools`, or drop the instruction.",
                       related=[Related(where, f"`disallowedTools` removes {removed}")])
            continue
        indirect = [x for x in g.items if x.tool in INDIRECT.get(cap, ()) and x.tool in g.tools]
        granted = ", ".join(f"`{i.item.text}`" for i in g.items[:6]) + (" ..." if len(g.items) > 6 else "") or "nothing"
        related = [Related(where, f"`tools` grants {granted}")]
        add = suggested_tools(Cap.RUN_COMMANDS if deletes else cap)
        if indirect:
            related.append(Related(fm.range(indirect[0].item.start, indirect[0].item.end), f"`{indirect[0].item.text}` could {CAPABILITY_DOCS[cap]} through the shell"))
            msg = (f"{_read(p)} tells the agent to {ACT_DOCS[act]}, but no granted tool can {CAPABILITY_DOCS[cap]} except through the shell "
                   f"(`{indirect[0].item.text}`), which is fragile. Add {_names(add)} to `tools`.")
            ctx.report("C002", p.range, msg, related=related, fixes=add_tools(ctx, fm, g, add), severity="information")
        else:
            msg = (f"{_read(p)} tells the agent to {ACT_DOCS[act]}, but no granted tool can {CAPABILITY_DOCS[cap]}, so it fails at runtime. "
                   f"Add {_names(add)} to `tools`, or drop the instruction.")
            ctx.report("C002", p.range, msg, related=related, fixes=add_tools(ctx, fm, g, add))


def _names(names: list[str]) -> str:
    return " or ".join(f"`{n}`" for n in names[:2])


def _server_name(server: str, ctx: Context) -> str:
    """The server's name as configured or catalogued ("Context7" -> "context7")."""
    want = norm_server(server)
    names = list(ctx.workspace.mcp.servers) if ctx.workspace is not None else []
    names += list(known_servers())
    for n in names:
        if norm_server(n) == want:
            return n
    return server.lower().replace(" ", "-")


def _mcp_servers_field_has(fm: Frontmatter, server: str) -> bool:
    f = fm.get("mcpServers")
    if f is None:
        return False
    want = norm_server(server)
    v = f.value
    names: list[str] = []
    if isinstance(v, Sequence):
        for node in v.items:
            if isinstance(node, Scalar):
                names.append(node.value)
            elif hasattr(node, "pairs"):
                names.extend(p.key.value for p in node.pairs if isinstance(p.key, Scalar))
    elif v is not None and hasattr(v, "pairs"):
        names.extend(p.key.value for p in v.pairs if isinstance(p.key, Scalar))
    return any(norm_server(n) == want for n in names)


# ---- C005 subagent-unavailable -----------------------------------------------------------------

def _subagent(ctx: Context, fm: Frontmatter, positives: list[Hit], ex: Extraction) -> None:
    asks = [p for p in positives if p.a.act in (Act.ASK_USER, Act.PLAN_MODE)]
    for d in ex.directives:
        for m in d.mentions:
            t = TOOLS.get(m.name.strip("`"))
            if not m.negative and t is not None and t.subagent == "never" and (Cap.ASK_USER in t.caps or Cap.PLAN_MODE in t.caps):
                asks.append(Hit(d, Action(Act.ASK_USER if Cap.ASK_USER in t.caps else Act.PLAN_MODE, m.start, m.end, False, False), ctx.doc.range(*d.span(m.start, m.end))))
    body_lines = {h.line for h in asks if h.d.kind != "heading"}
    anchor = _frontmatter_anchor(fm)
    seen: set[int] = set()
    for h in sorted(asks, key=lambda x: (x.range.start.line, x.a.weak, x.range.start.character)):
        if h.line in seen:
            continue
        if h.d.kind == "heading" and _section_has(ex, h.line, body_lines):
            continue  # the sentences below are reported; the title adds nothing
        seen.add(h.line)
        if h.a.act == Act.PLAN_MODE:
            msg = ("The prompt tells the agent to use plan mode, but a sub-agent cannot enter or leave plan mode (only `permissionMode: plan` "
                   "starts it there). Set `permissionMode: plan`, or drop the instruction.")
        elif h.a.weak:
            msg = (f"{_read(h)} names no one to ask. If the question is for the user, a sub-agent cannot ask it mid-task: it can only "
                   "return a message to its caller. Say that open questions go in its final answer.")
        else:
            msg = (f"{_read(h)} asks the user to answer or approve, but a sub-agent cannot talk to the user mid-task: "
                   "it can only return a message to its caller. Tell it to list its open questions (or the approval it needs) in its final answer instead.")
        ctx.report("C005", h.range, msg, related=[Related(anchor, "this file defines a sub-agent: it runs in its own context and answers only its caller")],
                   severity="hint" if h.a.weak and h.a.act == Act.ASK_USER else None)


def _section_has(ex: Extraction, heading_line: int, lines: set[int]) -> bool:
    for level, first, last in ex.headings:
        if first == heading_line:
            return any(first < ln <= last for ln in lines)
    return False


# ---- C006 frontmatter-conflict -----------------------------------------------------------------

def _frontmatter_conflict(ctx: Context, fm: Frontmatter, g: Grants) -> None:
    _memory_conflict(ctx, fm, g)
    f = fm.get("permissionMode")
    if f is None or not isinstance(f.value, Scalar) or not g.explicit:
        return
    mode = f.value.value
    r = fm.range(f.value.start, f.value.end)
    if mode == "plan":
        items = [x for x in g.items if x.tool in g.tools and x.tool is not None and ({Cap.MODIFY_FILES, Cap.RUN_COMMANDS} & capabilities(x.tool)) and TOOLS[x.tool].permission]
        if items:
            names = ", ".join(f"`{x.item.text}`" for x in items)
            ctx.report(
                "C006", r,
                f"`permissionMode: plan` keeps the agent read-only, yet `tools` grants {names}, which {'it' if len(items) == 1 else 'they'} can never use in plan mode. "
                "Remove them from `tools`, or choose another `permissionMode`.",
                related=[Related(fm.range(x.item.start, x.item.end), f"`{x.item.text}` changes files or runs commands") for x in items[:_MAX_RELATED]],
                fixes=remove_tools(ctx, fm, g, [x.item for x in items]),
            )
    elif mode == "acceptEdits" and Cap.MODIFY_FILES not in g.caps():
        assert g.tools_key is not None
        ctx.report(
            "C006", r,
            "`permissionMode: acceptEdits` accepts file edits without asking, but `tools` grants no tool that edits files, so the mode has no effect. "
            "Remove `permissionMode`, or grant `Edit` or `Write`.",
            related=[Related(g.tools_key, "`tools` has no file-editing tool")],
        )


def _memory_conflict(ctx: Context, fm: Frontmatter, g: Grants) -> None:
    """`memory` keeps the agent's memory in files it updates with `Write` and `Edit`; removing both
    with `disallowedTools` leaves a memory it can read but never update."""
    f = fm.get("memory")
    if f is None or not isinstance(f.value, Scalar) or f.value.value not in ("user", "project", "local"):
        return
    writers = [t for t in MEMORY_TOOLS if t != "Read"]
    if not all(t in g.disallowed for t in writers):
        return
    items = [i for i in g.disallowed_items if canonical(i.text, ctx.version) in writers]
    ctx.report(
        "C006", fm.range(f.value.start, f.value.end),
        f"`memory: {f.value.value}` keeps the agent's memory in files it updates with {' and '.join(f'`{t}`' for t in writers)}, "
        "but `disallowedTools` removes them: the agent can read its memory and never update it. "
        "Remove them from `disallowedTools`, or drop `memory`.",
        related=[Related(fm.range(i.start, i.end), f"`{i.text}` is disallowed here") for i in items[:_MAX_RELATED]],
    )
