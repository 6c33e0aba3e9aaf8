"""Directives: the instructions of a prompt, with their ranges, scope, polarity and actions.

The body is cut into sentences, list items, table cells and headings; the description into
sentences. Each piece knows the heading above it and the lead-in of its list ("You must never:",
"YOU ABSOLUTELY CANNOT:"), which give list items their polarity when they have none of their own.
Quoted example dialogues (`<example>`, `Context:`/`user:`/`assistant:` lines, `<commentary>`),
sections titled "Example", block quotes and quoted speech are never a source. Code blocks count
only where they tell the agent to do something: a tool call (`mcp__x__y(...)`, `Write(...)`) or a
shell command in a block that a "run this" heading or comment introduces.

`extract(doc)` is cached per document text (one entry per version). Most paragraphs ask for
nothing: a cheap test on their words (`_may_find`) skips cutting and tokenizing those.
"""

from __future__ import annotations

import bisect
import re

from agentls.lazy import compile_later
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from agentls.analysis.actions import VERB_FORMS, Act, Action, Tok, find_actions, may_act, may_name_capability, may_read, mcp_item, norm_server, read_paths, shell_command, tokenize, words
from agentls.analysis.languages import may_act as may_act_in_other_language, other_language_actions
from agentls.analysis.user_gates import may_gate, user_gates
from agentls.document import Document
from agentls.document.body import ParsedBody, parse_body
from agentls.document.yaml_tree import Scalar
from agentls.schema import OLD_TOOLS, TOOL_WORDS, TOOLS, parse_mcp
from agentls.schema.mcp_catalog import known_servers


class _Memo:
    """The pieces computed for the last extraction of each recently extracted document.

    Re-extracting an edited document finds every unchanged piece here, however large the
    document (an LRU of pieces alone thrashes once a document has more pieces than it holds,
    and every keystroke would then recompute them all)."""

    DOCS = 8  # (document, set of servers) pairs

    def __init__(self) -> None:
        self.docs: OrderedDict[tuple[str, int], dict] = OrderedDict()
        self.prev: dict = {}
        self.cur: dict | None = None

    def begin(self, key: tuple[str, int]) -> None:
        self.prev = self.docs.pop(key, {})
        self.cur = {}

    def end(self, key: tuple[str, int]) -> None:
        if self.cur is not None:
            self.docs[key] = self.cur
            while len(self.docs) > self.DOCS:
                self.docs.popitem(last=False)
        self.cur, self.prev = None, {}


_MEMO = _Memo()
_MISSING = object()


def _piece_cache(maxsize: int):
    """`lru_cache(maxsize)`, and within an extraction the document's own memo first."""
    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)

        def lookup(*args):
            cur = _MEMO.cur
            if cur is None:
                return cached(*args)
            key = (fn, args)
            got = cur.get(key, _MISSING)
            if got is _MISSING:
                prev = _MEMO.prev  # empty on a document's first extraction
                got = prev.get(key, _MISSING) if prev else _MISSING
                if got is _MISSING:
                    got = cached(*args)
                cur[key] = got
            return got

        lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]
        lookup.__wrapped__ = fn  # type: ignore[attr-defined]
        lookup.__doc__ = fn.__doc__
        return lookup
    return wrap


@dataclass(frozen=True, slots=True)
class Mention:
    """A tool named in the text ("use `WebSearch`", "`mcp__docs__find(...)`")."""

    name: str
    start: int
    end: int
    negative: bool


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Where each character of a cleaned text is in the document: runs of consecutive characters,
    each starting at text index `starts[k]` and document offset `offsets[k]`."""

    starts: tuple[int, ...]
    offsets: tuple[int, ...]
    base: int = 0  # added to every offset (a piece's map is shared, its block's offset is not)

    def at(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        k = max(k, 0)
        return self.base + self.offsets[k] + (i - self.starts[k])

    def shifted(self, delta: int) -> "OffsetMap":
        return OffsetMap(self.starts, self.offsets, self.base + delta)

    def sliced(self, a: int) -> "OffsetMap":
        """The map of the text from index `a` on."""
        k = max(bisect.bisect_right(self.starts, a) - 1, 0)
        starts = (0,) + tuple(s - a for s in self.starts[k + 1 :])
        offsets = (self.offsets[k] + (a - self.starts[k]),) + self.offsets[k + 1 :]
        return OffsetMap(starts, offsets, self.base)


@dataclass(slots=True)
class Directive:
    """A sentence, item, cell or heading with the actions, mentions and reads it holds."""

    text: str  # the cleaned text (emphasis removed, quotes blanked)
    map: OffsetMap  # document offsets of its characters
    source: str  # "body" | "description"
    kind: str  # "sentence" | "item" | "cell" | "heading" | "code"
    section: int  # index of the heading above (-1: none)
    actions: list[Action] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reads: list[tuple[int, int, str]] = field(default_factory=list)  # paths it tells the agent to read

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of a span of `text`."""
        end = max(end, start + 1)
        return self.map.at(start), self.map.at(end - 1) + 1


@dataclass(slots=True)
class Extraction:
    """The directives of a document and its headings."""

    directives: list[Directive]
    headings: list[tuple[int, int, int]]  # (level, first doc line, last doc line of the section)


# ---- cleaning ----------------------------------------------------------------------------------

_LIST_MARKER = compile_later(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE_MARKER = compile_later(r"^\s*(?:>\s*)+")
_CODE_SPAN = compile_later(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_QUOTED = compile_later(r"(?<![\w`])\"[^\"\n]{3,}\"|“[^”\n]{3,}”|(?<![\w`])'[^'\n]{12,}'(?![\w])|「[^」\n]{3,}」|『[^』\n]{3,}』|«[^»\n]{3,}»")
# "Example" in other languages too ("Ejemplo", "Beispiel"; "示例", "예시" need no word boundary)
_OTHER_EXAMPLES = r"ejemplos?|exemplos?|exemples?|beispiele?|esempi[oa]?|przyk[łl]ady?|примеры?|örnek(?:ler)?"
_CJK_EXAMPLES = r"例|示例|例子|예시|예제"
_TRANSCRIPT = compile_later(r"^\s*(?:[-*]\s+)?(?:\*\*)?(?:user|assistant|human|context|ai|claude|commentary|example|examples|" + _OTHER_EXAMPLES + "|"
                         + _CJK_EXAMPLES + r")(?:\*\*)?\s*[:：]", re.I)
_EXAMPLE_TITLE = compile_later(r"\b(?:examples?|samples?|demo|illustrations?|sample output|example output|" + _OTHER_EXAMPLES + r")\b|" + _CJK_EXAMPLES, re.I)
# The shape of what the agent returns: the headings inside it are the template's
_FORMAT_TITLE = compile_later(
    r"\b(?:output|response|report|reply|answer|result|summary|return)s?\s+(?:format|template|structure|shape|layout)\b|"
    r"\bformat\s+(?:of\s+)?(?:the\s+|your\s+)?(?:output|response|report|reply|answer|findings)\b|\btemplate\b",
    re.I,
)
# Addressed to whoever calls the agent, not to it: "When to use this agent", "Notes for the main agent:"
_CALLER = (r"(?:for|to)\s+(?:the\s+)?(?:(?:main|parent|calling|primary)\s+(?:agent|process|claude|assistant|thread|session|conversation)|"
           r"orchestrator|caller|invoker)\b")
_CALLER_TITLE = compile_later(
    r"^\W*when\s+to\s+(?:use|invoke|call)(?:\s+(?:this|the|me)(?:\s+(?:sub-?)?agent)?)?(?:\s+vs\.?\s.*)?\W*$|"
    r"^\W*(?:invocation|invoking|usage|uso|invocaci[oó]n|utilisation|aufruf)\W*$|"  # "## Invocation": how it is called
    r"\bhow\s+to\s+(?:use|invoke|call)\s+(?:this|the|me)\b|\b" + _CALLER,
    re.I,
)
# A lead-in that lists what the agent's work product can be used for, by whoever receives it
_USES_LEAD = compile_later(
    r"\b(?:the|this|these|your|its|that)\s+(?:[\w-]+\s+){0,2}(?:output|outputs|plan|plans|report|reports|results?|findings|data|document|file|json|spec|"
    r"specification|information|summary|analysis|artifacts?|deliverables?)\s+(?:can|could|may|might|will|is\s+meant\s+to|are\s+meant\s+to)\s+(?:also\s+|then\s+|later\s+)?"
    r"be\s+used\s+(?:to|for|by|as)\b[^.!?]*:\s*$", re.I)
_CALLER_LABEL = compile_later(r"^\W*(?:(?:notes?|instructions?|guidance|reminder)\s+)?" + _CALLER + r"[^:.]{0,30}:", re.I)
# A section for one mode or case, whose prohibitions hold there only: "Mode: review", "In review mode", "When reviewing", "If ..."
_CASE_TITLE = compile_later(r"^\W*(?:mode\s*[:—–-]|(?:in\s+)?(?:[\w-]+\s+){1,2}mode\b|when\s+\w+ing\b|if\b)", re.I)
# A gerund as the subject of what it causes: "Changing CLAUDE.md mid-session breaks the cache"
_GERUND_STATEMENT = compile_later(r"^\W*[A-Za-z]+ing\b(?:[^.;:!?\n]|\.(?=\w)){0,80}?\b(?:saves|costs|breaks|causes|makes|helps|reduces|increases|adds|wastes|slows|speeds|"
                               r"improves|hurts|invalidates|triggers|leads|results|defeats|burns|bloats)\b")
# A paragraph for one mode, named first: "Plan mode — they want an approach. Do not modify files."
_MODE_LEAD = compile_later(r"^\W*(?:[\w-]+\s+){1,2}mode\s*(?:[—–:]|-\s)", re.I)
# A list item about one object, named first: "`src/api.py` — read only, never modify"
# an exception that names a file: "- only docs/CHANGELOG.md", "except `notes.md`", "other than the plan file"
_FILE_EXCEPTION = compile_later(r"(?:[-–—,;(]\s*|\bbut\s+)(?:only|except(?:\s+for)?|other\s+than|apart\s+from|besides)\s+(?:to\s+)?(?:the\s+)?(?:`[^`]+`|\S*[/.]\w|\S+\s+(?:file|files|doc|docs|document)\b)|"
                             # "— your only writes are your plan document", "; you only write the report"
                             r"(?:[-–—,;(:]\s*|\bbut\s+)(?:(?:your|its)\s+only\s+(?:writes?|edits?|changes?|outputs?|files?)\s+(?:is|are|go|goes)\b|"
                             r"(?:you|it)\s+only\s+(?:write|writes|edit|edits|create|creates|save|saves|touch|touches)\b)", re.I)
_OBJECT_LEAD = compile_later(r"^\W*(?:`[^`]+`|[\w.-]*[/.][\w./-]*\w)\s*(?:—|–|-|:)\s")
# An entry of an API reference: "- `write(path, text)` - write file with parent dirs creation" says what the function does
_CALL_GLOSS = compile_later(r"^\W*`[A-Za-z_][\w.]*\([^`]*\)`\W*\s*(?:—|–|-|:)\s")
_HTML_TAG = compile_later(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def _is_transcript(line: str) -> bool:
    return ":" in line and _TRANSCRIPT.match(line) is not None


def _clean(raw: str, base: int = 0) -> tuple[str, list[int], list[int]]:
    """Drop emphasis markers and html tags, keep code spans: (text, run starts, run offsets)."""
    if "*" not in raw and "__" not in raw and "<" not in raw:
        return raw, [0], [base]
    if "`" not in raw and "<" not in raw and "__" not in raw:
        return _drop_stars(raw, base)  # most lines with emphasis: every "*" goes
    code = [m.span() for m in _CODE_SPAN.finditer(raw)] if "`" in raw else []
    code_starts = [a for a, _ in code]

    def in_code(k: int) -> bool:
        j = bisect.bisect_right(code_starts, k) - 1
        return j >= 0 and k < code[j][1]

    drop: set[int] = set()
    if "<" in raw:
        for m in _HTML_TAG.finditer(raw):
            if not in_code(m.start()):
                drop.update(range(m.start(), m.end()))
    k = raw.find("*")
    while k >= 0:
        if not in_code(k):
            drop.add(k)
        k = raw.find("*", k + 1)
    if "__" in raw:
        for m in _DOUBLE_UNDERSCORE.finditer(raw):
            a, b = m.start(), m.end()
            inner_word = a > 0 and raw[a - 1].isalnum() and b < len(raw) and (raw[b].isalnum() or raw[b] == "_")
            if not inner_word and not in_code(a) and not (a > 0 and raw[a - 1] == "_"):
                drop.update((a, a + 1))
    if not drop:
        return raw, [0], [base]
    parts: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    t = 0
    kept = 0  # start of the run of kept characters being read
    for k in [*sorted(drop), len(raw)]:
        if k > kept:
            parts.append(raw[kept:k])
            starts.append(t)
            offsets.append(base + kept)
            t += k - kept
        kept = k + 1
    if not starts:
        starts, offsets = [0], [base]
    return "".join(parts), starts, offsets


_DOUBLE_UNDERSCORE = compile_later("__")


def _drop_stars(raw: str, base: int) -> tuple[str, list[int], list[int]]:
    """`_clean` of a text whose only markers are asterisks (no code span, tag or "__")."""
    parts: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    t = 0
    at = base  # document offset of the part being read
    for part in raw.split("*"):
        if part:
            parts.append(part)
            starts.append(t)
            offsets.append(at)
            t += len(part)
        at += len(part) + 1
    if not starts:
        return "", [0], [base]
    return "".join(parts), starts, offsets


def _blank_quotes(text: str) -> str:
    """Quoted speech is not an instruction: blank it, keeping offsets."""
    if '"' not in text and "'" not in text and "“" not in text and "「" not in text and "『" not in text and "«" not in text:
        return text
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1], text)


# the mark first, then what must not stand before it ("e.g."): a pattern that starts with a
# character set is searched much faster than one that starts with a lookbehind
_SENTENCE_END = compile_later(r"[.!?](?<!\be\.g[.!?])(?<!\bi\.e[.!?])(?<!\betc[.!?])(?<!\bvs[.!?])(?<!\bcf[.!?])(?=\s+[\"'(*`\[¿¡]?[A-Z0-9À-ÖØ-ÞА-ЯЁΑ-Ω])|[.!?]$|"
                              r"\n(?=[A-Z])")  # a line of its own (`_new_step`)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a text, not splitting inside code spans or double quotes (a quoted
    criterion of several sentences is one quote, blanked as a whole)."""
    code = [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []
    if '"' in text or "“" in text or "'" in text or "「" in text or "『" in text or "«" in text:  # the quotes `_blank_quotes` blanks
        code = sorted(code + [m.span() for m in _QUOTED.finditer(text)])
    code_starts = [a for a, _ in code]
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        k = bisect.bisect_right(code_starts, m.start()) - 1
        if k >= 0 and code[k][0] <= m.start() < code[k][1]:
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    spans = []
    for a, b in out:
        part = text[a:b]
        n = len(part.strip())
        if n:
            a += len(part) - len(part.lstrip())
            spans.append((a, a + n))
    return spans


# ---- scope -------------------------------------------------------------------------------------

_NEG_SCOPE = compile_later(
    r"\b(?:prohibit(?:ed|ions?)?|forbidden|don'?ts|do\s+not|don't|never|cannot|can'?t|must\s+not|mustn't|not\s+allowed|"
    r"not\s+permitted|avoid|anti-?patterns?|out\s+of\s+scope|restrictions?|what\s+not\s+to|red\s+flags|pitfalls|mistakes|"
    r"violations|off-limits|not\s+(?:your|my|our)\s+(?:job|role|responsibility|concern)|not\s+responsible\s+for|will\s+not|won't|must\s+never|should\s+not|shouldn't|refus(?:e|es|ed|als?)|declines?|"
    r"non-?goals|not\s+in\s+scope|not\s+available|unavailable)\b"
    r"(?!\s+(?:stop|skip|miss|forget|omit|leave\s+out|give\s+up|cut\s+corners)\b)|"  # "don't stop early": the items are required
    # the same in other languages: "## Interdits", "Prohibido:", "Verboten", "禁止事项", "금지 사항"
    r"\b(?:interdit(?:s|es)?|interdictions?|[àa]\s+ne\s+(?:pas|jamais)\s+faire|prohibid[oa]s?|prohibiciones|no\s+hacer|"
    r"proibid[oa]s?|proibi[çc][õo]es|n[ãa]o\s+fazer|verboten|verbote|nicht\s+erlaubt|nicht\s+zust[äa]ndig|tabu|vietat[oi])\b|禁止|[てで]は(?:いけない|ならない|だめ|ダメ)|しないこと|금지|하지\s*말|不负责|不負責|担当外",
    re.I,
)
_POS_SCOPE = compile_later(r"\b(?:you\s+can|you\s+may|allowed|permitted|do'?s\b|you\s+must|responsibilities|capabilities|required|always)", re.I)
# A lead-in or heading whose list names things to look for, not steps: "Look for:", "Risk categories"
_TOPICS = compile_later(
    r"\b(?:look|check|watch|scan|screen|search|hunt)(?:ing)?\s+(?:out\s+)?for\b|\b(?:flag|detect|identify|catch|spot)s?\s*:|"
    r"\b(?:categor(?:y|ies)|types\s+of|kinds\s+of|classes\s+of|risks|issues|problems|findings|smells|vulnerabilit(?:y|ies)|"
    r"threats|symptoms|signs|indicators|concerns|severity|severities|examples?|triggers|red\s+flags)\b|"
    r"\b(?:flag|escalate|report|raise|surface)\s+(?:these|the\s+following)\b",
    re.I,
)
_MCP_LEAD = compile_later(r"\bMCP\b.*\b(?:integrations?|servers?|tools?)\b|\b(?:integrations?|servers?|tools?)\b.*\bMCP\b|"
                       r"MCP\s*(?:服务|服務|工具|サーバー?|ツール|서버|도구|servidor|serveur|Server)", re.I)
_LABEL = compile_later(r"^\s*([^:]{1,60}?):\s")
_POSITIVE_MARK = compile_later(r"^\W{0,3}?(?:✅|✔️?|☑️?|👍|🟢)")


_CONDITIONAL = compile_later(r"^\W*(?:if|when|whenever|in\s+case|unless|once|after|before|should|where|while|for)\b", re.I)


@lru_cache(maxsize=4096)
def _lead_scope(text: str) -> int:
    """The scope a lead-in paragraph gives its list, read from the sentence that introduces it:
    the last one ("You never write code. When a fix is needed:" introduces the steps of a fix,
    not prohibitions)."""
    spans = _sentences(text)
    return _scope(text[spans[-1][0] : spans[-1][1]] if spans else text)


@lru_cache(maxsize=4096)
def _topics(text: str) -> bool:
    """Whether a lead-in or heading introduces a list of names rather than of steps."""
    return _TOPICS.search(text) is not None


@lru_cache(maxsize=4096)
def _scope(text: str) -> int:
    """-1 negative, 1 positive, 0 neutral. A condition ("If the docs cannot be fetched:") is neither."""
    if _CONDITIONAL.match(text):
        return 0
    if _NEG_SCOPE.search(text):
        return -1
    if _POS_SCOPE.search(text):
        return 1
    return 0


# ---- extraction --------------------------------------------------------------------------------

_CACHE: "OrderedDict[tuple[str, frozenset[str]], Extraction]" = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def extract(doc: Document, servers: frozenset[str] = frozenset()) -> Extraction:
    """The directives of a document (cached per text and set of known MCP servers)."""
    key = (doc.text, servers)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    known = servers | _catalog_servers()
    result = Extraction([], [])
    memo_key = (doc.uri or doc.path or "", hash(servers))  # the pieces depend on the servers too
    with _LOCK:  # the memo of pieces is shared: one extraction at a time
        if doc.version is not None:  # a document being edited, extracted again on each edit (a file checked once needs no memo)
            _MEMO.begin(memo_key)
        try:
            _body(doc, known, result)
            _description(doc, known, result)
        finally:
            _MEMO.end(memo_key)
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
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


Piece = tuple[str, tuple[int, ...], tuple[int, ...], str]  # text, run starts, run offsets (block-relative), kind


_FENCE_LINE = compile_later(r"^ {0,3}(`{3,}|~{3,})[ \t]*(\S*)")


def _stray_closer(parsed: ParsedBody) -> int | None:
    """The line of a bare fence that opens a code block running to the end of the body, when an
    earlier block of code held a fence of its own: "```markdown ... ```c ... ``` ... ```" was
    meant to nest, and what follows the last fence is prose to its author (not to CommonMark)."""
    fences = [b for b in parsed.blocks if b.kind == "fence"]
    if not fences:
        return None
    last = fences[-1]
    if last.text:
        return None
    lines = parsed.index.split_lines()
    if any(ln.strip() for ln in lines[last.end_line :]):
        return None  # the block ends before the body does
    closing = _FENCE_LINE.match(lines[last.end_line - 1]) if last.end_line - 1 > last.line else None
    if closing is not None and not closing.group(2):
        return None  # closed on the last line
    for b in fences[:-1]:
        if b.text and any((m := _FENCE_LINE.match(lines[ln])) is not None and m.group(2) for ln in range(b.line + 1, b.end_line - 1)):
            return last.line
    return None


def _unnested(parsed: ParsedBody) -> ParsedBody:
    """`parsed`, or the body parsed again without a stray closing fence (see `_stray_closer`)."""
    line = _stray_closer(parsed)
    if line is None:
        return parsed
    start = parsed.index.starts[line]
    fence = _FENCE_LINE.match(parsed.index.line_text(line))
    if fence is None:
        return parsed
    a, z = start + fence.start(1), start + fence.end(1)
    return parse_body(parsed.text[:a] + " " * (z - a) + parsed.text[z:])


def _body(doc: Document, servers: frozenset[str], out: Extraction) -> None:
    body = doc.body
    parsed = body.parsed
    if not parsed.text:
        return
    if "``" in parsed.text or "~~~" in parsed.text:
        parsed = _unnested(parsed)
    base = _body_base(doc)
    idx = parsed.index
    excluded = set(parsed.example_lines)
    for b in parsed.blocks:
        if b.kind == "quote":
            excluded.update(range(b.line, b.end_line))
    # sections; those titled "Example" are excluded whole
    headings = [b for b in parsed.blocks if b.kind == "heading"]
    ends = [idx.line_count] * len(headings)
    open_: list[int] = []  # headings whose section is still open
    for k, h in enumerate(headings):
        while open_ and headings[open_[-1]].level >= h.level:
            ends[open_.pop()] = h.line
        open_.append(k)
    limited: set[int] = set()  # sections (with their sub-sections) of one mode or case: "## Mode: review"
    for k, (h, end) in enumerate(zip(headings, ends)):
        out.headings.append((h.level, body.doc_line(h.line), body.doc_line(end - 1)))
        if k not in limited and _CASE_TITLE.search(h.text):
            limited.update(j for j in range(k, len(headings)) if headings[j].line < end)
        if _EXAMPLE_TITLE.search(h.text) or _CALLER_TITLE.search(h.text):
            excluded.update(range(h.line + 1, end))
        elif _FORMAT_TITLE.search(h.text):  # its sub-sections are the template's ("### Next steps")
            for sub, sub_end in zip(headings[k + 1 :], ends[k + 1 :]):
                if sub.line >= end:
                    break
                excluded.update(range(sub.line, sub_end))
    skip = excluded | parsed.code_lines
    line_starts = idx.starts
    all_lines = idx.split_lines()
    line_text = all_lines.__getitem__  # every block's lines are lines of this text
    lead_at: list[str] = []  # by list depth: the lead-in of the list at that depth ("You must never:") or ""
    hi = -1
    current_heading = ""
    prev_text = ""  # the paragraph just before a code block
    columns: dict[int, str] | None = None  # of the table being read: its hand-off columns
    parents: list[tuple[int, str]] = []  # the open headings: (level, text)
    for b in parsed.blocks:
        if b.kind != "table_row":
            columns = None
        if b.kind == "heading":
            hi += 1
            current_heading = b.text
            lead_at.clear()
            prev_text = ""
            while parents and parents[-1][0] >= b.level:
                parents.pop()
            parent = parents[-1][1] if parents else ""
            parents.append((b.level, b.text))
            if b.line not in excluded:
                start = idx.starts[b.line]
                pieces = _heading_pieces(idx.line_text(b.line) + ":")  # it introduces its section
                named = _server_heading(pieces[0][0], parent, servers)
                if named is not None:
                    _mcp_item(out, pieces[0], named, base + start, hi, 0, servers)
                    continue
                for piece in pieces:
                    _add(out, piece, base + start, "body", hi, 0, servers)
            continue
        if b.kind in ("fence", "code"):
            if not any(ln in excluded for ln in range(b.line, b.end_line)):
                _fence(doc, b, prev_text, current_heading, hi, base, out, servers, all_lines)
            prev_text = ""
            continue
        if b.kind not in ("paragraph", "table_row", "html"):
            continue
        if b.end_line == b.line + 1:  # most blocks: one line
            if b.line in skip:
                continue
            start = line_starts[b.line]
            spec: Spec = ((line_text(b.line), 0),)
        else:
            lines = [ln for ln in range(b.line, b.end_line) if ln not in skip]
            if not lines:
                continue
            start = line_starts[lines[0]]
            spec = tuple((line_text(ln), line_starts[ln] - start) for ln in lines)
        if b.kind == "table_row":
            if columns is None:  # the header row: it names the columns
                columns = _handoff_columns(spec[0][0])
                continue
            for piece in _cell_pieces(spec[0][0]) + _handoff_pieces(spec[0][0], columns):
                _add(out, piece, base + start, "body", hi, 0, servers)
            continue
        in_list = b.kind == "paragraph" and b.level > 0
        para = _paragraph(spec, in_list)
        text, label, item = para.text, para.label, para.item
        if not text:
            if len(spec) == 1 and _EXAMPLE_TITLE.search(spec[0][0]):
                prev_text = spec[0][0]  # "**Example**:" (read as a transcript line) introduces the code block below
            continue
        # this paragraph is the lead-in of a list one level deeper when it ends with a colon
        del lead_at[b.level + 1 :]  # the lists below this one are closed
        lead_here = lead_at[b.level] if b.level < len(lead_at) else ""
        lead_at.extend([""] * (b.level + 1 - len(lead_at)))
        lead_at.append(text if para.lead else "")
        prev_text = text
        if _CALLER_LABEL.match(text) or (lead_here and _CALLER_LABEL.match(lead_here)):
            continue  # "Note for the main agent: run the tests and ask the user", and the list it introduces
        if lead_here and _USES_LEAD.search(lead_here):
            continue  # "The output plan can be used to: 1. Generate the composition code": what others may do with it
        may = para.may_find
        if not item:
            if may:
                first = len(out.directives)
                for part in _label_lines(spec):  # "✅ **Do:** ..." and "❌ **Don't:** ..." on lines of one paragraph
                    neg = _negative_label(text if part is spec else _paragraph(part, in_list).text)
                    for n, piece in enumerate(_paragraph_pieces(part, in_list)):
                        _add(out, piece, base + start, "body", hi, -1 if neg and n == 0 else 0, servers)
                if _MODE_LEAD.match(para.text):  # "Plan mode — ... Do not modify files.": in that mode only
                    for d in out.directives[first:]:
                        d.actions = list(_limited(d.actions))
            continue
        mcp_item = label is not None and (_mcp_lead(lead_here) or _mcp_lead(current_heading)) and norm_server(label[0].strip().strip("`")) in servers
        if not (may or mcp_item or may_name_capability(words(text))):
            continue
        scope = _lead_scope(lead_here) if lead_here else 0
        if scope == 0 and b.level == 1 and not lead_here and current_heading:
            scope = _scope(current_heading)
        if label is not None and _scope(label[0]) == -1:
            scope = -1  # "**Don'ts**: ..."
        if scope == -1 and _POSITIVE_MARK.match(text):
            scope = 0  # "- ✅ ONLY delegate tasks" under "Restrictions": the allowed side of the list
        if not (may or mcp_item or scope == -1):
            continue  # a capability named alone ("- Code editing") is a prohibition under "Never:" only
        pieces = _paragraph_pieces(spec, in_list)
        if mcp_item:
            _mcp_item(out, pieces[0], label, base + start, hi, scope, servers)
            continue
        topic = _topics(lead_here) if lead_here else b.level == 1 and _topics(current_heading)
        for n, piece in enumerate(pieces):
            _add(out, piece, base + start, "body", hi, scope if n == 0 else 0, servers, topic)
    if limited:
        for d in out.directives:
            if d.section in limited and any(a.negative and a.blanket for a in d.actions):
                d.actions = list(_limited(d.actions))


_LINE_LABEL = compile_later(r"^\W{0,4}\**[^:*`]{1,30}:\**\s")


def _label_lines(spec: Spec) -> list[Spec]:
    """The lines of a paragraph split where a line opens with a label of prohibitions ("❌ **Don't:**"),
    so that the label reads for its line alone; most paragraphs stay whole."""
    if len(spec) < 2:
        return [spec]
    cuts = [k for k in range(1, len(spec)) if _LINE_LABEL.match(spec[k][0]) and _negative_label(_clean(spec[k][0], 0)[0].lstrip())]
    if not cuts:
        return [spec]
    bounds = [0, *cuts, len(spec)]
    return [spec[a:z] for a, z in zip(bounds, bounds[1:])]


def _negative_label(text: str) -> bool:
    """A paragraph that opens with a short label of prohibitions: "Don't: ...", "❌ Never: ..."."""
    m = _LABEL.match(text)
    return m is not None and len(m.group(1).split()) <= 3 and "`" not in m.group(1) and _scope(m.group(1)) == -1


_HEADING_MARK = compile_later(r"\s*#{1,6}\s*")


@_piece_cache(4096)
def _heading_pieces(raw: str) -> tuple[Piece, ...]:
    m = _HEADING_MARK.match(raw)
    cut = m.end() if m else 0
    text, starts, offsets = _clean(raw[cut:].rstrip("# \t"), cut)
    return ((text, tuple(starts), tuple(offsets), "heading"),)


@_piece_cache(4096)
def _cells(raw: str) -> list[tuple[int, int]]:
    """The spans of a table row's cells, empty ones included (no cell in a separator row)."""
    if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", raw):
        return []
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(raw)] if "`" in raw else []
    cells = []
    start = 0
    j = 0  # the first code span that does not end before the bar at k
    k = raw.find("|")
    while k >= 0:
        while j < len(code) and code[j][1] <= k:
            j += 1
        if not (j < len(code) and code[j][0] <= k) and (k == 0 or raw[k - 1] != "\\"):
            cells.append((start, k))
            start = k + 1
        k = raw.find("|", k + 1)
    cells.append((start, len(raw)))
    return cells


def _cell_pieces(raw: str) -> tuple[Piece, ...]:
    out = []
    for a, z in _cells(raw):
        cell = raw[a:z]
        lead = len(cell) - len(cell.lstrip())
        if not cell.strip():
            continue
        text, starts, offsets = _clean(cell.strip(), a + lead)
        out.append((text, tuple(starts), tuple(offsets), "cell"))
    return tuple(out)


_HANDOFF_COLUMN = compile_later(r"^(?:(?P<hand>hand(?:\s+|-)?off)|delegate)(?:\s+(?:it|work|the\s+work|tasks?))?\s+to$", re.I)
_TABLE_AGENT = compile_later(r"^[`*@]*(?P<name>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)[`*]*$")


def _handoff_columns(raw: str) -> dict[int, str]:
    """The columns of a table whose header says where work goes ("Hand off to", "Delegate to"),
    with the verb their cells complete."""
    out = {}
    for c, (a, z) in enumerate(_cells(raw)):
        m = _HANDOFF_COLUMN.match(" ".join(raw[a:z].split()).strip("*: "))
        if m is not None:
            out[c] = "Hand off to" if m.group("hand") else "Delegate to"
    return out


def _handoff_pieces(raw: str, columns: dict[int, str]) -> tuple[Piece, ...]:
    """The cells of hand-off columns that name an agent, each read as "Hand off to `name`" (the
    words of the column's header, with the cell's name)."""
    if not columns:
        return ()
    out = []
    cells = _cells(raw)
    for c, verb in columns.items():
        if c >= len(cells):
            continue
        a, z = cells[c]
        m = _TABLE_AGENT.match(raw[a:z].strip())
        if m is None:
            continue
        at = raw.index(m.group("name"), a)
        prefix = f"{verb} `"
        name = m.group("name")
        # the verb maps onto the name (nothing else in the row says it); the closing backtick onto its last character
        out.append((f"{prefix}{name}`", (0, len(prefix), len(prefix) + len(name)), (at, at, at + len(name) - 1), "cell"))
    return tuple(out)


Spec = tuple[tuple[str, int], ...]  # a block's lines: (text, offset from the block's first line)
Label = tuple[str, int, int]  # the label of a list item ("**Don'ts**: ..."): text, start, end


class Paragraph(NamedTuple):
    item: bool  # a list item (its first line has a list marker)
    text: str  # the block's lines joined (list marker, quote marks and emphasis removed)
    starts: tuple[int, ...]  # its `OffsetMap`, relative to the block's first line
    offsets: tuple[int, ...]
    label: Label | None  # of a list item
    lead: bool  # may be the lead-in of a list: ends with a colon, or a short line without a sentence
    may_find: bool  # a sentence of it may give a directive (`_may_find`)


_NO_PARAGRAPH = Paragraph(False, "", (), (), None, False, False)
_SENTENCE_MARK = compile_later(r"[.!?]")


@_piece_cache(8192)
def _paragraph(spec: Spec, in_list: bool) -> Paragraph:
    """A block's text, cached by the block's lines; `in_list`: a paragraph nested in a list."""
    marker = _LIST_MARKER.match(spec[0][0]) if in_list else None
    item = marker is not None
    if len(spec) == 1:  # most blocks
        raw, rel = spec[0]
        if _is_transcript(raw):
            return _NO_PARAGRAPH
        strip = marker or _QUOTE_MARKER.match(raw)
        cut = strip.end() if strip else len(raw) - len(raw.lstrip())
        text, starts, offsets = _clean(raw[cut:], rel + cut)
    else:
        text, starts, offsets = _join_lines(spec, item)
    if not text:
        return _NO_PARAGRAPH
    label = None
    if item:
        m = _LABEL.match(text)
        if m and "`" not in text[: m.end()]:
            label = (m.group(1), m.start(1), m.end(1))
    lead = text.rstrip().endswith(":") or (not item and len(text) < 80 and not _SENTENCE_MARK.search(text))
    return Paragraph(item, text, tuple(starts), tuple(offsets), label, lead, _may_find(text))


_LINE_END = compile_later(r"[`)\w]\s*$")
_FIRST_WORD = compile_later(r"[A-Z][a-z]+")


def _new_step(before: str, line: str) -> bool:
    """A line that opens a new instruction of its own, though the line before ends with no mark
    ("Run `dart format .`" / "Ask code-reviewer to review the diff."): a capitalized verb in the
    imperative, not a tool's name."""
    m = _FIRST_WORD.match(line)
    if m is None or not _LINE_END.search(before):
        return False
    w = m.group()
    forms = VERB_FORMS.get(w.lower())
    return forms is not None and forms[1] == "base" and w not in TOOLS and w not in OLD_TOOLS


def _join_lines(spec: Spec, item: bool) -> tuple[str, list[int], list[int]]:
    """The lines of a block joined into one text, as `_clean` gives each."""
    parts: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    t = 0
    for n, (raw, rel) in enumerate(spec):
        if _is_transcript(raw):
            continue
        strip = _LIST_MARKER.match(raw) if (n == 0 and item) else _QUOTE_MARKER.match(raw)
        cut = strip.end() if strip else len(raw) - len(raw.lstrip())
        text, st, of = _clean(raw[cut:], rel + cut)
        if parts:
            parts.append("\n" if _new_step(parts[-1], text) else " ")
            starts.append(t)
            offsets.append(offsets[-1] + 1 if offsets else rel)  # the joining space maps to the line break
            t += 1
        starts.extend(x + t for x in st)
        offsets.extend(of)
        parts.append(text)
        t += len(text)
    return "".join(parts), starts, offsets


@_piece_cache(8192)
def _paragraph_pieces(spec: Spec, in_list: bool) -> tuple[Piece, ...]:
    """The sentences of a block (see `_paragraph`); the first of a list item is its "item"."""
    item, text, starts, offsets = _paragraph(spec, in_list)[:4]
    full = OffsetMap(starts, offsets)
    pieces = []
    for n, (a, z) in enumerate(_sentences(text)):
        sub = full.sliced(a)
        pieces.append((text[a:z], sub.starts, sub.offsets, "item" if (item and n == 0) else "sentence"))
    return tuple(pieces)


@lru_cache(maxsize=4096)
def _mcp_lead(text: str) -> bool:
    return bool(text) and bool(_MCP_LEAD.search(text))


_HEADING_NAME = compile_later(r"\W*`?([A-Za-z][\w.-]*(?:\s[A-Za-z][\w.-]*)?)`?\s*(?:\(|:|\s[-—–]\s|$)")
# Server names that are also the names of built-in tools or everyday words: as a heading, not a server.
_COMMON_SERVER_NAMES = frozenset({"filesystem", "git", "memory", "fetch", "time", "everything", "ref", "magic"})


def _server_heading(text: str, parent: str, servers: frozenset[str]) -> tuple[str, int, int] | None:
    """A heading under "## MCP Tools" that names a server ("### Context7 (Documentation Search)"):
    (the name, its span) when the section relies on that server."""
    if not _mcp_lead(parent):
        return None
    m = _HEADING_NAME.match(text)
    if m is None:
        return None
    name = norm_server(m.group(1))
    if name not in servers or name in _COMMON_SERVER_NAMES:
        return None
    return m.group(1), m.start(1), m.end(1)


def _mcp_item(out: Extraction, piece: Piece, label: tuple[str, int, int], base: int, section: int, scope: int, servers: frozenset[str]) -> None:
    """An item of an "MCP Integration:" list naming a server: the prompt relies on that server."""
    text, starts, offsets, kind = piece
    name = label[0].strip().strip("`").strip()
    clean = _blank_quotes(text)
    a = mcp_item(clean, tokenize(clean), name, label[1], label[2], scope == -1)
    if a is not None:
        out.directives.append(Directive(clean, OffsetMap(starts, offsets).shifted(base), "body", kind, section, [a]))


_FENCE_INSTRUCTION = compile_later(r"\b(?:run|execute|mandatory|must|always|first|before|protocol|steps?|checks?|verify|commands?|required)\b", re.I)
_FENCE_ILLUSTRATION = compile_later(r"\b(?:examples?|e\.g|for instance|install(?:ation)?|set\s*up|setup|usage|output|template|format|samples?|demo|illustrat\w*|schema|patterns?|pitfalls|wrong|bad|avoid|"
                                 + _OTHER_EXAMPLES + r")\b|" + _CJK_EXAMPLES, re.I)
_SHELL_LANGS = ("", "bash", "sh", "shell", "zsh", "console", "terminal", "shell-session", "cmd")
_CALL = compile_later(r"\b(mcp__[A-Za-z0-9_.-]+|[A-Z][A-Za-z]+)\s*\(")
# other call syntaxes: `mcp__x__y {"id": 1}` or `mcp__x__y --id 1` as a line of its own, and JSON
# that names the tool to call (`{"tool": "mcp__x__y", "arguments": {...}}`)
_CALL_LINE = compile_later(r"^\s*(?:[-*]\s+|\d+[.)]\s+|>\s*)?(mcp__[A-Za-z0-9_-]+__[A-Za-z0-9_.-]+)\s*(?:\{|--|:|$)")
_CALL_PROSE = compile_later(r"\b(?:call|use|using|with|via|invoke)\s+`?(mcp__[A-Za-z0-9_-]+__[A-Za-z0-9_.-]*[A-Za-z0-9])", re.I)  # "- Call mcp__x__y to ..."
_CALL_JSON = compile_later(r"[\"'](?:tool|tool_name|toolName|name|function)[\"']\s*:\s*[\"'](mcp__[A-Za-z0-9_-]+__[A-Za-z0-9_.-]+|[A-Z][A-Za-z]+)[\"']")


def _fence(doc: Document, b, lead: str, heading: str, section: int, base: int, out: Extraction, servers: frozenset[str],
           all_lines: list[str]) -> None:
    """Tool calls in a code block; shell commands when the block is an instruction to run them."""
    idx = doc.body.parsed.index
    inner = range(b.line + 1, b.end_line - 1) if b.kind == "fence" else range(b.line, b.end_line)
    lines = tuple(all_lines[inner.start : inner.stop])
    for k, kind, start, end, name in _fence_hits(lines, b.kind, b.text, lead, heading):
        ln = inner[k]
        line_map = OffsetMap((0,), (base + idx.starts[ln],))
        if kind == "call":
            out.directives.append(Directive(lines[k], line_map, "body", "code", section, [], [Mention(name, start, end, False)]))
        else:
            out.directives.append(Directive(lines[k], line_map, "body", "code", section, [Action(Act.RUN_COMMANDS, start, end, False, False)]))


# names a code block imports: `from crewai import Agent, Task`, `import { Agent } from "x"`
_IMPORT = compile_later(r"^\s*(?:from\s+\S+\s+import\s+\(?([\w\s,]+)|import\s+(?:type\s+)?\{([^}]*)\}|import\s+([A-Z]\w*)\s+from\b)")


def _imported_names(lines: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for raw in lines:
        if "import" in raw and (m := _IMPORT.match(raw)):
            out.update(w.split(" as ")[-1].strip() for w in (m.group(1) or m.group(2) or m.group(3)).split(","))
    return frozenset(out)


@_piece_cache(1024)
def _fence_hits(lines: tuple[str, ...], kind: str, info: str, lead: str, heading: str) -> tuple[tuple[int, str, int, int, str], ...]:
    """(line index, "call" | "shell", start, end, name) of the instructions in a code block."""
    context = f"{heading}\n{lead}"
    illustrative = bool(_FENCE_ILLUSTRATION.search(lead)) or bool(_EXAMPLE_TITLE.search(heading))
    comments = " ".join(t for t in lines if t.lstrip().startswith("#"))
    shell = kind == "fence" and (info.split()[0].lower() if info else "") in _SHELL_LANGS
    instructive = shell and not illustrative and (bool(_FENCE_INSTRUCTION.search(context)) or bool(re.search(r"\b(?:MANDATORY|MUST|REQUIRED|ALWAYS)\b", comments)))
    imported = _imported_names(lines)
    out = []
    for k, raw in enumerate(lines):
        if not illustrative and ("(" in raw or "mcp__" in raw or '"' in raw):
            hits = list(_CALL.finditer(raw)) if "(" in raw else []
            hits += [m for m in (_CALL_LINE.match(raw),) if m is not None] + list(_CALL_JSON.finditer(raw)) + list(_CALL_PROSE.finditer(raw))
            for m in hits:
                name = m.group(1)
                if name.startswith("mcp__") or (name in TOOLS or name in OLD_TOOLS) and name not in imported and not raw[: m.start(1)].endswith("new "):
                    out.append((k, "call", m.start(1), m.end(1), name))  # not `from crewai import Agent` ... `Agent(`: the library's class
        if instructive:
            m = re.match(r"\s*(?:\d+[.)]\s+|\$\s+)?(\S+)", raw)
            if m and not raw.lstrip().startswith("#"):
                tok = Tok(m.group(1), m.group(1).lower(), m.start(1), m.end(1))
                if shell_command(tok):
                    out.append((k, "shell", m.start(1), m.end(1), ""))
    return tuple(out)


_TOOL_WORD = compile_later(r"(?<![\w`/.-])([A-Z][a-z]+(?:[A-Z][a-z]*)+|mcp__[A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Z][A-Za-z]*)(?![\w`-])")


_QUOTED_ARGUMENT = compile_later(r"\s+[\"“][^\"”\n]{1,80}[\"”]")  # a tool name, then its argument in quotes
_OTHERS_DOMAIN = compile_later(r"(?<!this )(?<!your )\b(?:[\w-]+['’]s|their)\s+(?:domain|job|responsibility|area|territory|remit|turf)\b", re.I)


def mentions(text: str, toks: list[Tok], item: bool = False) -> list[Mention]:
    """Tool names in prose: code spans, CamelCase names, `X tool`, `mcp__...`; a list item's
    first word when it is a tool ("1. **WebSearch** for the latest versions")."""
    out: list[Mention] = []
    if _OTHERS_DOMAIN.search(text):
        return out  # "That is the release agent's domain via `mcp__vercel__*`": another's tool
    starts = [t.start for t in toks]
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    for m in _CODE_SPAN.finditer(text):
        inner = m.group(2).strip()
        call = re.fullmatch(r"([A-Za-z][A-Za-z0-9_]*|mcp__\S+?)(?:\(.*\))?", inner)
        if call:
            name = call.group(1)
            if name in TOOLS or name in OLD_TOOLS or (name.startswith("mcp__") and parse_mcp(name) is not None):
                if not text.isascii() and _HAS_AFTER.match(text, m.end()):
                    continue  # "모두 `Write`가 있고": who has the tool, not a use of it
                if m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha():
                    continue  # "fire-and-forget `Task`s": a word of the code (a plural), not the tool
                if _paired_with_other(text, m.start(), m.end()):
                    continue  # "using `SendMessage`/`BroadcastMessage`?": an API of the code under review
                out.append(Mention(name, m.start(), m.end(), _negated(toks, starts, m.start()) or _banned_after(text, m.start(), m.end())))
    code_starts = [a for a, _ in code]
    for m in _TOOL_WORD.finditer(text):
        k = bisect.bisect_right(code_starts, m.start()) - 1
        if k >= 0 and code[k][0] <= m.start() < code[k][1]:
            continue
        name = m.group(1)
        if not name.startswith("mcp__") and name not in TOOLS and name not in OLD_TOOLS:
            continue
        after = text[m.end() : m.end() + 8].lower()
        if name.startswith("mcp__"):
            ok = parse_mcp(name) is not None and "__" in name[5:]
        elif after.startswith("(") or after.startswith(" tool") and not after.startswith(" tools"):  # "Write Tools:" is a kind of tools
            ok = True
        else:  # a CamelCase name in prose counts where the sentence uses it: "use WebSearch", "via TaskUpdate"
            used = _after_use_word(text, m.start())
            used = used or (item and not text[: m.start()].strip(" \t*_-#>0123456789.)") and re.match(r"\W*(?:for|to)\b", text[m.end() :]) is not None)
            used = used or _foreign(text[max(0, m.start() - 12) : m.end() + 12])  # "AskUserQuestion による確認": used in another language
            used = used or _QUOTED_ARGUMENT.match(text, m.end()) is not None  # 'ToolSearch "UnityMCP"': called with its argument
            tool = TOOLS.get(name)
            ok = sum(ch.isupper() for ch in name) >= 2 and not name.isupper() and used and not (tool is not None and tool.word)
        if ok:
            out.append(Mention(name, m.start(), m.end(), _negated(toks, starts, m.start()) or _banned_after(text, m.start(), m.end())))
    for m in _TOOL_PAIR.finditer(text):  # "use the Edit/Write tools", "via WebSearch/WebFetch": each name is used
        names = [(n.group(), m.start() + n.start()) for n in _NAME.finditer(m.group(1))]
        if not all(n in TOOLS or n in OLD_TOOLS for n, _ in names):
            continue
        # "use the Edit/Write tools", "via WebSearch/WebFetch", "read them with Glob/Read", "Glob/Read で": not "Read/Write access"
        used = _after_use_word(text, m.start()) or _foreign(text[max(0, m.start() - 6) : m.end() + 6])
        tools_only = all(sum(ch.isupper() for ch in n) >= 2 for n, _ in names) or (
            {n for n, _ in names} != {"Read", "Write"} and not _PAIR_NOUN.match(text, m.end()))
        if m.group(2) or used and tools_only:
            out.extend(Mention(n, at, at + len(n), _negated(toks, starts, at) or _banned_after(text, at, m.end())) for n, at in names
                       if not any(x.start == at for x in out))
    return [x for x in out if not _CALLER_USES.search(text, max(0, x.start - 120), x.start)
            and (text.isascii() or not _OTHER_TOPIC.search(text, max(0, x.start - 80), x.start))]


# the caller as the subject of the clause that names the tool: "so the orchestrator can present
# options via `AskUserQuestion`" is the caller's call, not this agent's
_CALLER_USES = compile_later(
    r"\b(?:the|your)\s+(?:orchestrator|caller|main\s+(?:agent|session|thread|assistant|conversation)|parent(?:\s+agent)?|coordinator|"
    r"team[\s-]?lead|invoking\s+agent|calling\s+agent)\s+(?:can|could|will|may|should|must|would|then|is\s+able\s+to)\b[^.;:!?\n]*$|"
    r"(?:编排者|编排器|协调者|主代理|主智能体|主\s*agent|调用者|调用方|父代理)[^。；;：:！!？?\n]{0,16}$|"
    # the way others come back to this agent: "expects to reach this same instance again via `SendMessage`"
    r"\b(?:reach|resume|continue|re-?contact|message|talk\s+to|return\s+to)\s+(?:this|the\s+same|you\b)[^.;:!?\n]{0,60}$",
    re.I,
)


def _foreign(s: str) -> bool:
    """Letters of another script near a name (not a dash or a curly quote): another language."""
    return not s.isascii() and any(ch.isalpha() and not ch.isascii() for ch in s)


_SLASH_AFTER = compile_later(r"\s?/\s?`?([A-Za-z_][A-Za-z0-9_]*)")
_SLASH_BEFORE = compile_later(r"([A-Za-z_][A-Za-z0-9_]*)`?\s?/\s?$")


def _paired_with_other(text: str, start: int, end: int) -> bool:
    """A tool name joined by a slash to an identifier that names no tool: the code's own names."""
    after = _SLASH_AFTER.match(text, end)
    before = _SLASH_BEFORE.search(text, max(0, start - 40), start)
    return any(m is not None and m.group(1) not in TOOLS and m.group(1) not in OLD_TOOLS and not m.group(1).startswith("mcp__")
               for m in (after, before))


def _after_use_word(text: str, at: int) -> bool:
    """Whether the name at `at` follows "use", "via", "with the" ...: "use WebSearch"."""
    before = [w.strip("(*_[\"'") for w in text[max(0, at - 30) : at].lower().split()[-2:]]  # "(via SendMessage)"
    return bool(before) and (before[-1] in _USE_WORDS or (before[-1] == "the" and len(before) > 1 and before[0] in _USE_WORDS))


# tool names joined by slashes: "Edit/Write tools", "WebSearch / WebFetch"
_TOOL_PAIR = compile_later(r"(?<![\w`/.-])([A-Z][A-Za-z]+(?:\s?/\s?[A-Z][A-Za-z]+)+)(?![\w`/-])(\s+tools?\b)?")
_NAME = compile_later(r"[A-Z][A-Za-z]+")
_PAIR_NOUN = compile_later(r"\s+(?:access|permissions?|mode|operations?|rights|capabilit(?:y|ies))\b", re.I)


def may_mention(text: str, lows: list[str]) -> bool:
    """False when `mentions(text, ...)` is certainly empty (`lows` is `words(text)`): every
    mention is an `mcp__` name or a tool's name standing as a whole run of letters."""
    return "mcp__" in text or not TOOL_WORDS.isdisjoint(lows)


def _may_find(text: str) -> bool:
    """False when no sentence of `text`, quotes blanked, can give an action, a tool mention or
    a read path (what `_unit` looks for)."""
    lows = words(text)
    return may_mention(text, lows) or may_read(text, lows) or may_act(text, lows) or may_gate(text, lows) or may_act_in_other_language(text, lows)


_USE_WORDS = frozenset({"use", "using", "via", "call", "calling", "invoke", "invoking", "run", "running", "through", "with"})
_NEG_WORDS = frozenset({"never", "not", "don't", "dont", "doesn't", "cannot", "can't", "won't", "no", "avoid", "without", "instead", "shouldn't", "mustn't", "nor"})


# a tool named, then forbidden, in Korean, Japanese or Chinese: "WebSearch / WebFetch 금지", "Bash は使わない", "禁止使用 Bash"
_BAN_AFTER = compile_later(r"[^.。!！?？\n—–]{0,24}?(?:금지|禁止|禁用|不要使用|不得使用|사용\s*금지|사용하지\s*(?:마|않)|쓰지\s*(?:마|않)|使わない|使用しない|使わず|"
                        r"[가-힣]지\s*(?:않|마|말)|없음|없다|하지\s*않|しないこと|しないで|しません|せず)")  # "`SendMessage` 지시를 넣지 않는다", "`SendMessage` 보고 없음"
# a tool someone has, in Korean or Japanese: "analyst는 `Edit`도 있다" (the analyst has Edit too), "`Write` がある"
_HAS_AFTER = compile_later(r"\s*(?:가|이|도|は|が|も)\s*(?:있|없|ある|あり|ない|なし)")
# another agent, by its Latin name, as the topic of a Korean or Japanese clause: "analyst는 ... `Write`로만 만든다"
_OTHER_TOPIC = compile_later(r"(?<![\w`])[a-z][a-z0-9_-]*(?:는|은|が|は)\s[^.。!！?？\n]{0,60}$")
_BAN_BEFORE = compile_later(r"(?:禁止|不要|不得|请勿|請勿|勿)(?:使用|调用|調用)?\s*$")


def _banned_after(text: str, start: int, end: int) -> bool:
    """A CJK prohibition of the tool named at `start:end` (these languages negate after the name)."""
    if text[start:end].isascii() and text.isascii():
        return False
    return _BAN_AFTER.match(text, end) is not None or _BAN_BEFORE.search(text[max(0, start - 8) : start]) is not None


def _limited(actions):
    """The same actions, their prohibitions no longer blanket (a mode, a case or an object limits them)."""
    return tuple(replace(a, blanket=False) if a.negative else a for a in actions)


def _negated(toks: list[Tok], starts: list[int], start: int) -> bool:
    """A negation in the clause before `start` ("never call `Bash`")."""
    k = bisect.bisect_left(starts, start)
    window = toks[max(0, k - 40) : k]
    for j in range(len(window) - 1, -1, -1):
        t = window[j]
        if t.low in (".", ";", ":", "!", "?", "(", ")", "—", "–"):
            return False
        if t.low == "," and _condition_before(window, j):
            return False  # "If they are not loaded, discover them with ToolSearch": the negation is the condition's
        if t.low in _NEG_WORDS:
            return True
    return False


_CONDITION_WORDS = frozenset("if when whenever unless once since because while where".split())


def _condition_before(toks: list[Tok], comma: int) -> bool:
    """Whether the clause that ends at the comma `toks[comma]` is a condition ("If they are not loaded,")."""
    j = comma - 1
    while j >= 0 and toks[j].low not in (".", ";", ":", "!", "?", "(", ")", "—", "–"):
        j -= 1
    k = j + 1
    while k < comma and not toks[k].low[:1].isalpha():
        k += 1  # list marks, emphasis
    return k < comma and toks[k].low in _CONDITION_WORDS


def _add(out: Extraction, piece: Piece, base: int, source: str, section: int, scope: int, servers: frozenset[str],
         topic: bool = False) -> None:
    """`topic`: an item of a list that names things (categories, what to look for), where a bare
    gerund ("Executing untrusted commands") is a name, not a step."""
    text, starts, offsets, kind = piece
    if not text.strip() or _is_transcript(text):
        return
    clean, actions, found, reads = _unit(text, scope == -1, kind == "item" and not topic, source, servers, topic)
    if kind == "cell" and actions and _state_rule(clean):
        actions = tuple(a for a in actions if not a.negative)  # "Published book with purchases → no delete": the product's rule
    if actions or found or reads:
        out.directives.append(Directive(clean, OffsetMap(starts, offsets).shifted(base), source, kind, section, list(actions), list(found), list(reads)))


# a table cell that maps a state of the product to what it forbids: "Archived order → no edit"
_STATE_ARROW = compile_later(r"^\W*([A-Za-z][\w'-]*)(?:\s+[\w'-]+){0,6}\s*(?:→|->|=>)\s*(?:no|never|not|cannot|can't)\b", re.I)
_CONDITION_WORDS = frozenset("if when whenever once after before unless while on".split())


def _state_rule(text: str) -> bool:
    """A cell "<state of the product> → no <action>": its subject is a thing of the product, not the agent
    (not an imperative, "Tests fail → do not merge" has a condition; "Merge → never" a verb first)."""
    m = _STATE_ARROW.match(text)
    if m is None:
        return False
    first = m.group(1).lower()
    return first not in _CONDITION_WORDS and not (first in VERB_FORMS and VERB_FORMS[first][1] == "base")


@_piece_cache(8192)
def _unit(text: str, scope_negative: bool, item: bool, source: str, servers: frozenset[str], topic: bool = False):
    """Actions, tool mentions and read paths of one piece of text (cached: most pieces survive an edit).
    An item of a list of topics ("Concerns:", "Risks:") names a situation: no gate on the user."""
    clean = _blank_quotes(text)
    lows = words(clean)
    body = source == "body"
    act = may_act(clean, lows) or (scope_negative and item and may_name_capability(lows))
    mention = body and not topic and may_mention(clean, lows)  # "Example edge cases: - Agent tool limitations": named, not used
    read = body and not scope_negative and may_read(clean, lows)
    gates = [] if topic else user_gates(clean, scope_negative, lows)
    foreign = other_language_actions(clean) if may_act_in_other_language(clean, lows) else []
    if not (act or mention or read or gates or foreign):
        return clean, (), (), ()  # most pieces: nothing to tokenize
    return read_unit(clean, tokenize(clean), scope_negative, item, source, servers, act, mention, read, gates, foreign)


def read_unit(clean: str, toks: list[Tok], scope_negative: bool, item: bool, source: str, servers: frozenset[str], act: bool = True,
              mention: bool = True, read: bool = True, gates: list[tuple[int, int, bool]] = (), foreign: list[Action] = ()):
    """One piece read in full, as far as its prechecks allow (`_unit`; everything by default)."""
    actions: tuple[Action, ...] = ()
    found: tuple[Mention, ...] = ()
    reads: tuple[tuple[int, int, str], ...] = ()
    if act:
        actions = tuple(find_actions(clean, toks, scope_negative, servers, item=item, description=source == "description"))
    if foreign:
        if scope_negative:  # "## Interdits" / "- Modifier `secrets.json`": an item of a list of prohibitions, each about its object
            foreign = [a if a.negative else replace(a, negative=True, blanket=False, via_scope=True) for a in foreign]
        actions += tuple(a for a in foreign if not any(b.act == a.act for b in actions))
    if item and _CALL_GLOSS.match(clean):
        actions = ()  # "`create_modes_yaml(root)` - create modes.yaml": what a function of the code does
    if _GERUND_STATEMENT.match(clean):  # "Reusing agents via SendMessage saves context": a fact, not a step
        actions = tuple(a for a in actions if a.negative)
        mention = False
    if item and any(a.negative and a.blanket for a in actions) and _OBJECT_LEAD.match(clean):
        actions = _limited(actions)  # its prohibitions are about that object
    elif any(a.negative and a.blanket for a in actions) and _FILE_EXCEPTION.search(clean, max(a.end for a in actions if a.negative)):
        actions = _limited(actions)  # "Never modify source code - only docs/CHANGELOG.md": some files it does change
    if gates:
        a, z, named = gates[0]
        asks = [x for x in actions if x.act == Act.ASK_USER]
        if asks and all(x.negative and a <= x.start < z for x in asks):  # "never X without ... asking the user": the gate's own ask
            actions = tuple(x for x in actions if x.act != Act.ASK_USER)
            asks = []
        if not asks:
            actions += (Action(Act.ASK_USER, a, z, False, False, weak=not named),)
    if mention:
        found = tuple(Mention(x.name, x.start, x.end, x.negative or scope_negative) for x in mentions(clean, toks, item))
    if read:
        reads = tuple((t.start, t.end, t.text.strip("`")) for t in read_paths(toks))
    return clean, actions, found, reads


# ---- the description -------------------------------------------------------------------------

_DESC_EXAMPLES = compile_later(r"<example>|\bExamples?\s*:|\bContext\s*:|(?<![\w-])user\s*:|(?<![\w-])assistant\s*:|<commentary>", re.I)


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
    if fm is None or doc.split is None:
        return
    f = fm.get("description")
    if f is None or not isinstance(f.value, Scalar) or not f.value.value:
        return
    node = f.value
    value = node.value
    cut = _DESC_EXAMPLES.search(value)
    if cut:
        value = value[: cut.start()]
    if not value.strip():
        return
    raw = fm.parsed.text[node.start : node.end]
    if raw == node.value:
        full = OffsetMap((0,), (doc.split.content_start + node.start,))
    else:
        mapping = _align(node.value, raw)
        full = OffsetMap(tuple(range(len(mapping))), tuple(doc.split.content_start + node.start + k for k in mapping))
    for a, z in _description_sentences(value):
        sub = full.sliced(a)
        _add(out, (value[a:z], sub.starts, sub.offsets, "sentence"), 0, "description", -1, 0, servers)


# a block scalar's paragraphs and list items end a sentence, as in the body
_DESC_BREAK = compile_later(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+•]|\d+[.)])[ \t])")


def _description_sentences(value: str) -> list[tuple[int, int]]:
    """Sentence spans of the description, a paragraph or a list item ending one."""
    out = []
    start = 0
    for end in [m.start() for m in _DESC_BREAK.finditer(value)] + [len(value)]:
        out.extend((start + a, start + z) for a, z in _sentences(value[start:end]))
        start = end
    return out


def prompt_servers(doc: Document, version, workspace) -> frozenset[str]:
    """The MCP servers a prompt can name: those the agent is granted and those configured in
    the workspace. Every rule extracts with this same set, so one extraction serves them all."""
    from agentls.analysis.actions import norm_server
    from agentls.analysis.grants import grants

    servers = set(grants(doc, version).servers)
    if workspace is not None:
        servers |= {norm_server(s) for s in workspace.mcp.servers}
    return frozenset(servers)
