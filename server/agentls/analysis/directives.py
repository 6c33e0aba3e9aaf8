"""Directives: the instructions of a prompt, with their ranges, scope, polarity and actions.

The body is cut into sentences, list items, table cells and headings; the description into
sentences. Each piece knows the heading above it and the lead-in of its list ("You must never:",
"YOU ABSOLUTELY CANNOT:"), which give list items their polarity when they have none of their own.
Quoted example dialogues (`<example>`, `Context:`/`user:`/`assistant:` lines, `<commentary>`),
sections titled "Example", block quotes and quoted speech are never a source. Code blocks count
only where they tell the agent to do something: a tool call (`mcp__x__y(...)`, `Write(...)`) or a
shell command in a block that a "run this" heading or comment introduces.

`extract(doc)` is cached per document text (one entry per version).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from agentls.analysis.actions import Act, Action, Tok, find_actions, mcp_item, norm_server, shell_command, tokenize
from agentls.document import Document
from agentls.document.positions import Range
from agentls.document.yaml_tree import Scalar
from agentls.schema import OLD_TOOLS, TOOLS, parse_mcp
from agentls.schema.mcp_catalog import known_servers


@dataclass(frozen=True, slots=True)
class Mention:
    """A tool named in the text ("use `WebSearch`", "`mcp__docs__find(...)`")."""

    name: str
    start: int
    end: int
    negative: bool


@dataclass(slots=True)
class Directive:
    text: str  # the cleaned text (emphasis removed, quotes blanked)
    offsets: list[int]  # document offset of each character of `text`, plus one past the end
    source: str  # "body" | "description"
    kind: str  # "sentence" | "item" | "cell" | "heading" | "code"
    section: int  # index of the heading above (-1: none)
    actions: list[Action] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of a span of `text`."""
        end = max(end, start + 1)
        return self.offsets[start], self.offsets[min(end, len(self.offsets) - 1) - 1] + 1


@dataclass(slots=True)
class Extraction:
    directives: list[Directive]
    headings: list[tuple[int, int, int]]  # (level, first doc line, last doc line of the section)


# ---- cleaning ----------------------------------------------------------------------------------

_LIST_MARKER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE_MARKER = re.compile(r"^\s*(?:>\s*)+")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_QUOTED = re.compile(r"(?<![\w`])\"[^\"\n]{3,}\"|“[^”\n]{3,}”|(?<![\w`])'[^'\n]{12,}'(?![\w])")
_TRANSCRIPT = re.compile(r"^\s*(?:[-*]\s+)?(?:\*\*)?(?:user|assistant|human|context|ai|claude|commentary|example|examples)(?:\*\*)?\s*:", re.I)
_EXAMPLE_TITLE = re.compile(r"\b(?:examples?|samples?|demo|illustrations?|sample output|example output)\b", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def _clean(raw: str, base: int) -> tuple[str, list[int]]:
    """Drop emphasis markers and html tags, keep code spans; map each kept character to its offset."""
    keep: list[bool] = [True] * len(raw)
    spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(raw)]

    def in_code(k: int) -> bool:
        return any(a <= k < b for a, b in spans)

    for m in _HTML_TAG.finditer(raw):
        if not in_code(m.start()):
            for k in range(m.start(), m.end()):
                keep[k] = False
    for k, ch in enumerate(raw):
        if ch == "*" and not in_code(k):
            keep[k] = False
    for m in re.finditer(r"__", raw):
        a, b = m.start(), m.end()
        inner_word = a > 0 and (raw[a - 1].isalnum()) and b < len(raw) and (raw[b].isalnum() or raw[b] == "_")
        if not inner_word and not in_code(a) and not (a > 0 and raw[a - 1] == "_"):
            keep[a] = keep[a + 1] = False
    text = "".join(ch for ch, k in zip(raw, keep) if k)
    offsets = [base + k for k, ok in enumerate(keep) if ok]
    offsets.append(base + len(raw))
    return text, offsets


def _blank_quotes(text: str) -> str:
    """Quoted speech is not an instruction: blank it, keeping offsets."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)[.!?](?=\s+[\"'(*`\[]?[A-Z0-9])|[.!?]$")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text, not splitting inside code spans."""
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    spans = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


# ---- scope -------------------------------------------------------------------------------------

_NEG_SCOPE = re.compile(
    r"\b(?:prohibit(?:ed|ions?)?|forbidden|don'?ts|do\s+not|don't|never|cannot|can'?t|must\s+not|mustn't|not\s+allowed|"
    r"not\s+permitted|avoid|anti-?patterns?|out\s+of\s+scope|restrictions?|what\s+not\s+to|red\s+flags|pitfalls|mistakes|"
    r"violations|off-limits|not\s+your\s+(?:job|role))\b",
    re.I,
)
_POS_SCOPE = re.compile(r"\b(?:you\s+can|you\s+may|allowed|permitted|do'?s\b|you\s+must|responsibilities|capabilities|required|always)", re.I)
_MCP_LEAD = re.compile(r"\bMCP\b.*\b(?:integrations?|servers?|tools?)\b|\b(?:integrations?|servers?|tools?)\b.*\bMCP\b", re.I)
_LABEL = re.compile(r"^\s*([^:]{1,60}?):\s")


def _scope(text: str) -> int:
    """-1 negative, 1 positive, 0 neutral."""
    if _NEG_SCOPE.search(text):
        return -1
    if _POS_SCOPE.search(text):
        return 1
    return 0


# ---- extraction --------------------------------------------------------------------------------

_CACHE: "OrderedDict[tuple[str, int], Extraction]" = OrderedDict()
_CACHE_SIZE = 64


def extract(doc: Document, servers: frozenset[str] = frozenset()) -> Extraction:
    """The directives of a document (cached per text and set of known MCP servers)."""
    key = (doc.text, hash(servers))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    known = servers | _catalog_servers()
    result = Extraction([], [])
    _body(doc, known, result)
    _description(doc, known, result)
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def _catalog_servers() -> frozenset[str]:
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = frozenset(norm_server(n) for n in known_servers())
    return _CATALOG


_CATALOG: frozenset[str] | None = None


def _body_base(doc: Document) -> int:
    if doc.split is not None:
        return doc.split.body_start
    return 1 if doc.text.startswith("\ufeff") else 0


def _body(doc: Document, servers: frozenset[str], out: Extraction) -> None:
    body = doc.body
    parsed = body.parsed
    if not parsed.text:
        return
    base = _body_base(doc)
    idx = parsed.index
    excluded = set(parsed.example_lines)
    for b in parsed.blocks:
        if b.kind == "quote":
            excluded.update(range(b.line, b.end_line))
    # sections; those titled "Example" are excluded whole
    headings = [b for b in parsed.blocks if b.kind == "heading"]
    for k, h in enumerate(headings):
        end = idx.line_count
        for later in headings[k + 1 :]:
            if later.level <= h.level:
                end = later.line
                break
        out.headings.append((h.level, body.doc_line(h.line), body.doc_line(end - 1)))
        if _EXAMPLE_TITLE.search(h.text):
            excluded.update(range(h.line + 1, end))
    lead_at: dict[int, str] = {}  # list depth -> lead-in of the list at that depth ("You must never:")
    hi = -1
    current_heading = ""
    prev_text = ""  # the paragraph just before a code block
    for b in parsed.blocks:
        if b.kind == "heading":
            hi += 1
            current_heading = b.text
            lead_at.clear()
            prev_text = ""
            if b.line in excluded:
                continue
            raw = idx.line_text(b.line)
            m = re.match(r"\s*#{1,6}\s*", raw)
            cut = m.end() if m else 0
            text, offs = _clean(raw[cut:].rstrip("# \t"), base + idx.starts[b.line] + cut)
            _add(out, text, offs, "body", "heading", hi, 0, servers)
            continue
        if b.kind in ("fence", "code"):
            if not any(ln in excluded for ln in range(b.line, b.end_line)):
                _fence(doc, b, prev_text, current_heading, hi, base, out, servers)
            prev_text = ""
            continue
        if b.kind not in ("paragraph", "table_row", "html"):
            continue
        lines = [ln for ln in range(b.line, b.end_line) if ln not in excluded and ln not in parsed.code_lines]
        if not lines:
            continue
        if b.kind == "table_row":
            _table_row(idx, lines[0], base, hi, out, servers)
            continue
        item = b.kind == "paragraph" and b.level > 0 and bool(_LIST_MARKER.match(idx.line_text(b.line)))
        text, offsets = _join(idx, lines, base, item)
        if not text:
            continue
        # this paragraph is the lead-in of a list one level deeper, if it ends with a colon
        for deeper in [k for k in lead_at if k > b.level]:
            del lead_at[deeper]
        lead_here = lead_at.get(b.level, "")
        lead_at[b.level + 1] = text if text.rstrip().endswith(":") or re.fullmatch(r"[^.!?]{1,80}", text.strip()) and item is False and len(text) < 80 else ""
        prev_text = text
        if item:
            scope = _scope(lead_here) if lead_here else 0
            if scope == 0 and b.level == 1 and not lead_here and current_heading:
                scope = _scope(current_heading)
            mcp_list = bool(lead_here and _MCP_LEAD.search(lead_here)) or bool(current_heading and _MCP_LEAD.search(current_heading))
            _item(out, text, offsets, hi, scope, servers, mcp_list)
        else:
            for a2, z in _sentences(text):
                _add(out, text[a2:z], offsets[a2 : z + 1], "body", "sentence", hi, 0, servers)


def _join(idx, lines: list[int], base: int, item: bool) -> tuple[str, list[int]]:
    """A block's lines joined into one text (list marker and quote marks removed), with offsets."""
    parts: list[str] = []
    offsets: list[int] = []
    end_off = 0
    for n, ln in enumerate(lines):
        raw = idx.line_text(ln)
        if _TRANSCRIPT.match(raw):
            continue
        strip = _LIST_MARKER.match(raw) if (n == 0 and item) else _QUOTE_MARKER.match(raw)
        cut = strip.end() if strip else len(raw) - len(raw.lstrip())
        text, offs = _clean(raw[cut:], base + idx.starts[ln] + cut)
        if parts:
            parts.append(" ")
            offsets.append(offsets[-1] if offsets else offs[0])
        parts.append(text)
        offsets.extend(offs[:-1])
        end_off = offs[-1]
    if not parts:
        return "", []
    offsets.append(end_off)
    return "".join(parts), offsets


def _item(out: Extraction, text: str, offsets: list[int], section: int, scope: int, servers: frozenset[str], mcp_list: bool) -> None:
    """A list item: its label ("**Don'ts**: ...") may set the polarity of the rest."""
    m = _LABEL.match(text)
    if m and not text[: m.end()].count("`"):
        label = m.group(1)
        label_scope = _scope(label) if _scope(label) == -1 else 0
        if mcp_list:
            name = label.strip().strip("`").strip()
            if norm_server(name) in servers:
                d = Directive(text, offsets, "body", "item", section)
                toks = tokenize(_blank_quotes(text))
                a = mcp_item(text, toks, name, m.start(1), m.end(1), scope == -1)
                if a is not None:
                    d.actions.append(a)
                out.directives.append(d)
                return
        if label_scope == -1:
            scope = -1
    first = True
    for a, z in _sentences(text):
        _add(out, text[a:z], offsets[a : z + 1], "body", "item" if first else "sentence", section, scope if first else 0, servers)
        first = False


def _table_row(idx, line: int, base: int, section: int, out: Extraction, servers: frozenset[str]) -> None:
    raw = idx.line_text(line)
    if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", raw):
        return
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(raw)]
    cells = []
    start = 0
    for k, ch in enumerate(raw):
        if ch == "|" and not any(a <= k < b for a, b in code) and (k == 0 or raw[k - 1] != "\\"):
            cells.append((start, k))
            start = k + 1
    cells.append((start, len(raw)))
    for a, z in cells:
        cell = raw[a:z]
        lead = len(cell) - len(cell.lstrip())
        cell = cell.strip()
        if not cell:
            continue
        text, offs = _clean(cell, base + idx.starts[line] + a + lead)
        _add(out, text, offs, "body", "cell", section, 0, servers)


_FENCE_INSTRUCTION = re.compile(r"\b(?:run|execute|mandatory|must|always|first|before|protocol|steps?|checks?|verify|commands?|required)\b", re.I)
_FENCE_ILLUSTRATION = re.compile(r"\b(?:examples?|e\.g|for instance|install(?:ation)?|set\s*up|setup|usage|output|template|format|samples?|demo|illustrat\w*|schema|patterns?|pitfalls|wrong|bad|avoid)\b", re.I)
_SHELL_LANGS = ("", "bash", "sh", "shell", "zsh", "console", "terminal", "shell-session", "cmd")
_CALL = re.compile(r"\b(mcp__[A-Za-z0-9_.-]+|[A-Z][A-Za-z]+)\s*\(")


def _fence(doc: Document, b, lead: str, heading: str, section: int, base: int, out: Extraction, servers: frozenset[str]) -> None:
    """Tool calls in a code block; shell commands when the block is an instruction to run them."""
    parsed = doc.body.parsed
    idx = parsed.index
    inner = range(b.line + 1, b.end_line - 1) if b.kind == "fence" else range(b.line, b.end_line)
    context = f"{heading}\n{lead}"
    illustrative = bool(_FENCE_ILLUSTRATION.search(lead)) or bool(re.search(r"\b(?:examples?|samples?)\b", heading, re.I))
    lines = [(ln, idx.line_text(ln)) for ln in inner]
    comments = " ".join(t for _, t in lines if t.lstrip().startswith("#"))
    shell = b.kind == "fence" and b.text.split()[0].lower() in _SHELL_LANGS if b.text else b.kind == "fence"
    instructive = shell and not illustrative and (bool(_FENCE_INSTRUCTION.search(context)) or bool(re.search(r"\b(?:MANDATORY|MUST|REQUIRED|ALWAYS)\b", comments)))
    for ln, raw in lines:
        start = base + idx.starts[ln]
        if not illustrative:
            for m in _CALL.finditer(raw):
                name = m.group(1)
                if name.startswith("mcp__") or name in TOOLS or name in OLD_TOOLS:
                    d = Directive(raw, [start + k for k in range(len(raw) + 1)], "body", "code", section)
                    d.mentions.append(Mention(name, m.start(1), m.end(1), False))
                    out.directives.append(d)
        if instructive:
            m = re.match(r"\s*(?:\d+[.)]\s+|\$\s+)?(\S+)", raw)
            if m and not raw.lstrip().startswith("#"):
                tok = Tok(m.group(1), m.group(1).lower(), m.start(1), m.end(1))
                if shell_command(tok):
                    d = Directive(raw, [start + k for k in range(len(raw) + 1)], "body", "code", section)
                    d.actions.append(Action(Act.RUN_COMMANDS, m.start(1), m.end(1), False, False))
                    out.directives.append(d)


_TOOL_WORD = re.compile(r"(?<![\w`/.-])([A-Z][a-z]+(?:[A-Z][a-z]*)+|mcp__[A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Z][A-Za-z]*)(?![\w`-])")


def mentions(text: str, toks: list[Tok]) -> list[Mention]:
    """Tool names in prose: code spans, CamelCase names, `X tool`, `mcp__...`."""
    out: list[Mention] = []
    for m in _CODE_SPAN.finditer(text):
        inner = m.group(2).strip()
        call = re.fullmatch(r"([A-Za-z][A-Za-z0-9_]*|mcp__\S+?)(?:\(.*\))?", inner)
        if call:
            name = call.group(1)
            if name in TOOLS or name in OLD_TOOLS or (name.startswith("mcp__") and parse_mcp(name) is not None):
                out.append(Mention(name, m.start(), m.end(), _negated(toks, m.start())))
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    for m in _TOOL_WORD.finditer(text):
        if any(a <= m.start() < b for a, b in code):
            continue
        name = m.group(1)
        after = text[m.end() : m.end() + 8].lower()
        if name.startswith("mcp__"):
            ok = parse_mcp(name) is not None and "__" in name[5:]
        elif name not in TOOLS and name not in OLD_TOOLS:
            continue
        elif after.startswith((" tool", "(")) and not after.startswith(" tools "):
            ok = True
        else:  # a CamelCase name in prose counts where the sentence uses it: "use WebSearch", "via TaskUpdate"
            before = text[max(0, m.start() - 30) : m.start()].lower().split()[-2:]
            used = bool(before) and (before[-1] in _USE_WORDS or (before[-1] == "the" and len(before) > 1 and before[0] in _USE_WORDS))
            tool = TOOLS.get(name)
            ok = sum(ch.isupper() for ch in name) >= 2 and not name.isupper() and used and not (tool is not None and tool.word)
        if ok:
            out.append(Mention(name, m.start(), m.end(), _negated(toks, m.start())))
    return out


_USE_WORDS = frozenset({"use", "using", "via", "call", "calling", "invoke", "invoking", "run", "running", "through"})
_NEG_WORDS = frozenset({"never", "not", "don't", "dont", "doesn't", "cannot", "can't", "won't", "no", "avoid", "without", "instead", "shouldn't", "mustn't", "nor"})


def _negated(toks: list[Tok], start: int) -> bool:
    words = []
    for t in toks:
        if t.start >= start:
            break
        if t.low in (".", ";", ":", "!", "?", "(", ")", "—", "–"):
            words = []
        else:
            words.append(t.low)
    return any(w in _NEG_WORDS for w in words)


def _add(out: Extraction, text: str, offsets: list[int], source: str, kind: str, section: int, scope: int, servers: frozenset[str]) -> None:
    if not text.strip() or _TRANSCRIPT.match(text):
        return
    clean = _blank_quotes(text)
    toks = tokenize(clean)
    d = Directive(clean, offsets, source, kind, section)
    d.actions = find_actions(clean, toks, scope == -1, servers, item=kind in ("item", "heading", "cell"), description=source == "description")
    if source == "body":
        d.mentions = mentions(clean, toks)
        if scope == -1:
            d.mentions = [Mention(x.name, x.start, x.end, True) for x in d.mentions]
    if d.actions or d.mentions:
        out.directives.append(d)


# ---- the description -------------------------------------------------------------------------

_DESC_EXAMPLES = re.compile(r"<example>|\bExamples?\s*:|\bContext\s*:|(?<![\w-])user\s*:|(?<![\w-])assistant\s*:|<commentary>", re.I)


def _align(value: str, raw: str) -> list[int]:
    """Map each character of a YAML scalar's value to its offset in the source text."""
    out = []
    j = 0
    for ch in value:
        while j < len(raw) and raw[j] != ch and not (ch.isspace() and raw[j] in "\\\n\r\t "):
            if ch.isspace():
                break
            j += 1
        out.append(min(j, max(len(raw) - 1, 0)))
        if j < len(raw) and raw[j] == ch:
            j += 1
        elif ch.isspace() and j < len(raw) and raw[j] == "\\" and raw[j + 1 : j + 2] in ("n", "t"):
            j += 2
        elif ch.isspace() and j < len(raw) and raw[j] in "\n\r":
            while j < len(raw) and raw[j] in " \t\n\r":
                j += 1
    out.append(len(raw))
    return out


def _description(doc: Document, servers: frozenset[str], out: Extraction) -> None:
    fm = doc.frontmatter
    if fm is None:
        return
    f = fm.get("description")
    if f is None or not isinstance(f.value, Scalar) or not f.value.value:
        return
    node = f.value
    value = node.value
    cut = _DESC_EXAMPLES.search(value)
    if cut:
        value = value[: cut.start()]
    raw = fm.parsed.text[node.start : node.end]
    mapping = _align(node.value, raw)
    base = doc.split.content_start + node.start if doc.split is not None else 0
    offsets = [base + k for k in mapping[: len(value)]] + [base + mapping[len(value)] if len(value) < len(mapping) else base + len(raw)]
    for a, z in _sentences(value):
        _add(out, value[a:z], offsets[a : z + 1], "description", "sentence", -1, 0, servers)


def description_range(doc: Document, d: Directive, start: int, end: int) -> Range:
    a, b = d.span(start, end)
    return doc.range(a, b)
