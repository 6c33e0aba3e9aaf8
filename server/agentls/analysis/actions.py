"""The action vocabulary: which words of a prompt ask for which capability.

A directive such as "Save the plan to `docs/plan.md`" or "You DO NOT write code directly" is
matched here: a verb in the position of a predicate of the agent (the start of a clause, after
"you must", "always", "never"...), its object, and its polarity. Each action names a capability
from `schema.tools.Cap`; tool names themselves are never spelled here (see `schema.tools`).

Everything is plain regular expressions and word lists: fast, explainable, and conservative.
Precision comes first: a verb whose clause has another subject ("if the user asks you to write")
is not a directive, and a prohibition with a qualifier ("never write code without tests") is not
a blanket prohibition.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from agentls.lazy import compile_later
from dataclasses import dataclass
from enum import Enum

from agentls.schema.names import norm_server  # noqa: F401 (used here and imported from here)
from agentls.schema.tools import OLD_TOOLS, TOOLS, Cap


class Act(str, Enum):
    """What a directive is about; finer than a capability, so that opposite instructions on the
    same act can be compared (writing code is not saving a report, though both need a file tool)."""

    WRITE_CODE = "write-code"
    MODIFY_FILES = "modify-files"
    RUN_COMMANDS = "run-commands"
    WEB = "web"
    DELEGATE = "delegate"
    ASK_USER = "ask-user"
    PLAN_MODE = "plan-mode"
    MCP = "mcp"


ACT_CAP: dict[Act, Cap | None] = {
    Act.WRITE_CODE: Cap.MODIFY_FILES,
    Act.MODIFY_FILES: Cap.MODIFY_FILES,
    Act.RUN_COMMANDS: Cap.RUN_COMMANDS,
    Act.WEB: Cap.WEB,
    Act.DELEGATE: Cap.DELEGATE,
    Act.ASK_USER: Cap.ASK_USER,
    Act.PLAN_MODE: Cap.PLAN_MODE,
    Act.MCP: None,  # a capability of its own per server
}

ACT_DOCS: dict[Act, str] = {
    Act.WRITE_CODE: "write code",
    Act.MODIFY_FILES: "create or change files",
    Act.RUN_COMMANDS: "run shell commands",
    Act.WEB: "search or fetch from the web",
    Act.DELEGATE: "delegate to other agents",
    Act.ASK_USER: "ask the user and wait for an answer",
    Act.PLAN_MODE: "use plan mode",
    Act.MCP: "use an MCP server",
}


@dataclass(frozen=True, slots=True)
class Action:
    """An act a directive asks for or forbids, with its span."""

    act: Act
    start: int  # span in the directive's text (verb .. end of object)
    end: int
    negative: bool  # forbidden rather than asked for
    blanket: bool  # a prohibition of the whole capability, without qualifier
    server: str | None = None  # for Act.MCP: the server as written
    via_scope: bool = False  # polarity comes from a heading or lead-in, not the sentence
    weak: bool = False  # unsure (an ask that names no user): reported as a hint, if at all
    inferred: bool = False  # read from what the object needs ("fix the bug" needs an edit): a tool is missing, no prohibition is contradicted

    @property
    def cap(self) -> Cap | None:
        return ACT_CAP[self.act]


# ---- tokens ------------------------------------------------------------------------------------

_TOKEN = compile_later(r"`[^`]+`|(?<![\w.])\.{1,2}/?[A-Za-z][A-Za-z0-9'’_./@-]*[A-Za-z0-9]|[A-Za-z](?:[A-Za-z0-9'’_./@-]|:(?=[A-Za-z0-9]))*[A-Za-z0-9](?:\(s\))?|[A-Za-z]|\d+[.)]?|—|–|->|→|[^\sA-Za-z0-9]")
# ^ a path that starts with a dot is one token: ".github/workflows", "./src", ".env"; a colon
#   inside a word ("file:line", "host:port") ends no clause; "file(s)" is one word


@dataclass(slots=True)
class Tok:
    """A token: its text, its lowercase form (typographic apostrophe made plain) and its span.
    Not frozen: a frozen dataclass is several times slower to build, and texts have many tokens."""

    text: str
    low: str
    start: int
    end: int


def tokenize(text: str) -> list[Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        start, end = m.span()
        low = t.lower().replace("’", "'")
        out.append(Tok(t, low[:-3] + "s" if low.endswith("(s)") else low, start, end))  # "file(s)" reads as "files"
    return out


_LETTERS = compile_later(r"[A-Za-z]+")
_LOWER_LETTERS = compile_later(r"[a-z]+")


def may_hold(text: str, lows: list[str] | None, ascii_words: frozenset[str], pattern: re.Pattern[str]) -> bool:
    """A precheck by vocabulary: whether `text` may hold one of the words a rule needs (`ascii_words`
    among `lows`, its `words`, when it is ASCII; else a `pattern` match)."""
    if text.isascii() and lows is not None:
        return not ascii_words.isdisjoint(lows)
    return pattern.search(text) is not None


def words(text: str) -> list[str]:
    """The runs of ASCII letters of `text`, lowercase: much cheaper than `tokenize`, for the
    prechecks at the end of this module. A token made of letters only is such a run, so its
    `Tok.low` is among them; so is every such token of a sentence of `text` (cut after a
    punctuation mark or at a space) and of `text` with the inside of quotes blanked."""
    if text.isascii():
        return _LOWER_LETTERS.findall(text.lower())
    # lowercase only the runs: a few other characters lowercase to ASCII letters (Kelvin sign)
    return " ".join(_LETTERS.findall(text)).lower().split()


MAX_BACK = 40  # tokens looked at before a verb: a longer clause start is not a directive's anyway
HARD_BOUNDARY = frozenset({".", ";", ":", "!", "?", "(", ")", "[", "]", "—", "–", "->", "→", "|", '"', "“", "”"})

# Words that may stand before the verb of a directive to the agent itself.
_SUBJECT = {"you", "your", "yourself", "we", "i", "agent", "the", "this", "it", "a", "an", "subagent", "sub-agent", "assistant", "claude"}
_MODAL = {
    "must", "should", "shall", "will", "can", "could", "may", "might", "always", "never", "not", "no", "do", "does",
    "don't", "doesn't", "dont", "cannot", "can't", "won't", "shouldn't", "mustn't", "shan't", "need", "needs", "have", "has",
    "are", "is", "am", "be", "sure", "make", "to", "ever", "ought", "want", "allowed", "expected", "required", "responsible",
    "for", "supposed", "going", "able", "permitted", "avoid", "avoids", "refrain", "refrains", "from", "stop", "prefer",
}
_ADVERB = {
    "also", "then", "first", "firstly", "please", "just", "only", "directly", "proactively", "immediately", "carefully",
    "thoroughly", "explicitly", "actively", "still", "now", "additionally", "finally", "next", "instead", "further",
    "strictly", "absolutely", "yourself", "personally", "manually", "automatically", "simply", "initially", "later",
    "afterwards", "again", "routinely", "regularly", "consistently", "independently", "promptly", "quickly", "briefly",
    "politely", "concisely", "clearly", "and", "or", "but", "so", "nor", "else", "otherwise", "critical", "important",
    "mandatory", "note", "remember", "step", "phase", "therefore", "thus", "here", "under", "circumstances", "any",
    "circumstance", "at", "all", "times", "ever", "each", "every", "time", "once", "twice", "really", "truly",
}
ALLOWED_PREFIX = _SUBJECT | _MODAL | _ADVERB
NEGATION = {"never", "not", "don't", "doesn't", "dont", "cannot", "can't", "won't", "shouldn't", "mustn't", "shan't", "no", "avoid", "avoids", "refrain", "refrains", "stop"}
_GERUND_NEGATION = {"avoid", "avoids", "refrain", "refrains", "stop", "from"}  # negate only a gerund right after them


def _negated_words(words: list[str], form: str) -> bool:
    """"never", "do not"...; "avoid"/"stop" only right before a gerund ("stop and escalate" is not negated)."""
    for k, w in enumerate(words):
        if w in NEGATION and w not in _GERUND_NEGATION:
            return True
        if w in _GERUND_NEGATION and form == "ing" and all(x in _GERUND_NEGATION for x in words[k:]):
            return True
    return False


JOINERS = {"or", "and", "nor", "then", "but", ","}

# Common verbs that start a predicate (coordination, and where an object ends).
_VERBS = """
accept access add adjust adopt aggregate alert align allocate analyse analyze announce answer append apply approve
architect archive ask assemble assess assign assist audit author automate avoid balance benchmark block boost break
browse build bump calculate call capture categorize change check choose clarify classify clean clone close code
collaborate collect combine comment commit communicate compare compile complete compose compute conduct configure
confirm connect consider consolidate consult contact continue contribute convert coordinate copy correct count create
curate cut debug decide decompose define delegate delete deliver demonstrate deploy derive describe design detect
determine develop diagnose dispatch display document download draft drive drop edit educate eliminate embed emit
employ enable encourage enforce engage enhance ensure enter escalate establish estimate evaluate examine execute exit
expand explain explore export expose extend extract facilitate fetch fill filter find fix flag follow force forecast
format formulate forward gather generate get give grant group guide halt hand handle help highlight identify implement
import improve include incorporate increase index infer inform initialize insert inspect install instrument integrate
interpret interview introduce investigate invoke isolate iterate keep kill label launch lead leave leverage limit link list load
locate log look maintain make manage map mark measure mention merge message migrate minimize mirror model modify
monitor move name navigate negotiate note notify observe obtain offer open operate optimize orchestrate order organize
output outline overwrite parse pass patch pause perform persist pick pin ping place plan point polish populate post
prefer prepare present preserve prevent print prioritize probe proceed process produce profile promote prompt propose
protect prototype provide prune publish pull push put query question raise rank rate read rebuild recommend record
refactor reference refine reflect refuse register reject release rely remove rename render reorganize repair repeat
rephrase replace report request require research reset resolve respect respond restart restore restructure resume
retrieve return reuse review revise rewrite route run save say scaffold scan schedule scope score scrape search secure seek
select send separate serve set share ship show sign simulate sketch skip solve sort specify spawn split stage start
state stop store streamline structure study submit suggest summarize supervise supply support surface switch
synthesize tag take target teach tell terminate test touch track trace train transform translate trigger trim troubleshoot discuss
tune turn uncover understand update upgrade upload use utilize validate verify visit wait walk warn watch weigh work
wrap write
"""
VERBS = frozenset(_VERBS.split())


def _forms(lemmas: set[str] | frozenset[str]) -> dict[str, tuple[str, str]]:
    """Inflected form -> (lemma, 'base' | 's' | 'ing')."""
    out: dict[str, tuple[str, str]] = {}
    for w in lemmas:
        out[w] = (w, "base")
        if w.endswith(("s", "sh", "ch", "x", "z")):
            out[w + "es"] = (w, "s")
        elif w.endswith("y") and w[-2:-1] not in "aeiou":
            out[w[:-1] + "ies"] = (w, "s")
        else:
            out[w + "s"] = (w, "s")
        if w.endswith("ie"):
            out[w[:-2] + "ying"] = (w, "ing")
        elif w.endswith("e") and not w.endswith("ee"):
            out[w[:-1] + "ing"] = (w, "ing")
        elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", w) and w not in ("open", "visit"):
            out[w + w[-1] + "ing"] = (w, "ing")
            out[w + "ing"] = (w, "ing")
        else:
            out[w + "ing"] = (w, "ing")
    return out


VERB_FORMS = _forms(VERBS)


def is_verb(low: str) -> bool:
    return low in VERB_FORMS


# ---- objects -----------------------------------------------------------------------------------

_NP_END = frozenset(
    "for with in to that which without on using by from of as into onto within across under over via per at "
    "and or but so if when while unless until before after than because whenever".split()
)
_DETERMINERS = frozenset("the a an any all your their its this that these those our my some every each no".split())
_NOUN_DETERMINERS = frozenset("the a an any this that these those every each another".split())  # never before a verb
_QUALIFIERS = frozenset(
    "without unless except outside beyond other than until before after that which who whose when while if "
    "unrelated unnecessarily unnecessary more too excessive excessively new existing full-blown partial "
    "in into on for to from of at by via using not owned assigned belonging".split()
)
_LIGHT_ADVERBS = frozenset("directly yourself itself ever at all anymore whatsoever".split())
# adverbs of order that may close a noun phrase: "implement the plugin logic first"
_ORDER_ADVERBS = frozenset("first now next then again too also later afterwards afterward".split())

_CODE_NOUNS = frozenset({"code", "tests", "test", "unit-tests", "implementation", "implementations"})
_BLANKET_CODE_MODS = frozenset({"source", "actual", "any", "the", "code", "server-side", "real", "final", "working", "all", "program", "your"})
_FILE_NOUNS = frozenset({"file", "files"})
_BLANKET_FILE_MODS = frozenset({"any", "a", "single", "the", "all", "code", "source", "project", "repository", "repo", "your", "local", "disk", "to", "into", "directly"})
_PATH = compile_later(r"^`?(?:~?[\w.<>-]*/)*[\w.*\[\]{}<>-]+\.(?:md|mdx|json|jsonl|ya?ml|toml|txt|py|js|ts|tsx|jsx|sql|csv|sh|html|css|ini|cfg|env|lock|xml|rb|go|rs|java|kt|swift|php|cs|c|h|cpp|log)`?$|^`?\.?[\w.-]+/[\w./*\[\]{}-]*`?$")
_URL = compile_later(r"https?://|www\.", re.I)


def _url_at(lows: list[str], n: int) -> bool:
    """An address among the first `n` words of an object: "the docs from https://..." is cut at
    its colon, so the object ends with the scheme."""
    return 0 < len(lows) <= n and lows[-1] in ("http", "https")


def is_path(tok: Tok) -> bool:
    t = tok.text.strip("`")
    if not t or " " in t or _URL.search(t) or t.startswith(("-", "@", "#")) or t.count("/") > 12:
        return False
    if not tok.text.startswith("`") and not (_PATH_EXT.search(t) or t.startswith(("./", "../", "~/"))):
        return False  # "policies/procedures", "and/or": words, not paths
    return bool(_PATH.match(t))


_PATH_EXT = compile_later(r"\.(?:md|mdx|json|jsonl|ya?ml|toml|txt|py|js|ts|tsx|jsx|sql|csv|sh|html|css|ini|cfg|env|lock|xml|log)$")


def _object(toks: list[Tok], i: int, limit: int = 14) -> list[Tok]:
    """The tokens after the verb at `i`, up to the clause end or the next coordinated predicate."""
    out: list[Tok] = []
    j = i + 1
    while j < len(toks) and len(out) < limit:
        t = toks[j]
        if t.low in HARD_BOUNDARY:
            if t.low == ":" and out and out[-1].low in ("to", "into", "in", "at") and j + 1 < len(toks) and is_path(toks[j + 1]):
                j += 1  # "Write findings to: `docs/notes.md`"
                continue
            break
        if t.low in ("and", "or", ",") and j + 1 < len(toks):
            nxt = toks[j + 1].low
            if nxt in ("and", "or") and j + 2 < len(toks):
                nxt = toks[j + 2].low
            if is_verb(nxt) and VERB_FORMS[nxt][1] != "ing" and (nxt not in _NOT_VERB_AFTER_JOINER or _denied_object_after(toks, j)):
                break
            if _negation_at(toks, j + 1):  # "write code, do not edit files": another predicate
                break
        if t.low == "-" and _spaced_dash(toks, j):  # a spaced dash ends the clause
            break
        out.append(t)
        j += 1
    return out


_CONTAINERS = frozenset("list lists inventory inventories summary table overview index catalog catalogue map tree manifest checklist".split())


def _listed_in(lows: list[str], h: int) -> bool:
    """The noun at `h` is what a list or a table holds ("a list of all files that changed")."""
    for k in range(h - 1, max(-1, h - 4), -1):
        if lows[k] == "of":
            return k > 0 and lows[k - 1] in _CONTAINERS
    return False


def _denied_object_after(toks: list[Tok], j: int) -> bool:
    """"… and changes no file": the word after the joiner at `j` takes a denied object, so it is a verb."""
    k = j + (3 if j + 2 < len(toks) and toks[j + 1].low in ("and", "or") else 2)
    return k < len(toks) and toks[k].low in ("no", "nothing", "none")


_NEGATING_AUX = frozenset({"do", "does", "must", "should", "will", "shall", "can", "may"})
_NEGATED_AUX = frozenset({"don't", "doesn't", "mustn't", "shouldn't", "won't", "cannot", "can't", "never"})


def _negation_at(toks: list[Tok], j: int) -> bool:
    """A negated predicate starts at `j`: "never", "don't", "do not", "must NOT"."""
    low = toks[j].low if j < len(toks) else ""
    if low in _NEGATED_AUX:
        return True
    return low in _NEGATING_AUX and j + 1 < len(toks) and toks[j + 1].low == "not"


# nouns that are also verbs but usually nouns in an object list ("code, tests and docs")
_NOT_VERB_AFTER_JOINER = frozenset({"test", "tests", "code", "document", "documents", "plan", "plans", "log", "logs", "report", "reports", "name", "names", "list", "lists", "model", "models", "index", "indexes", "scripts", "script", "schedule", "output", "outputs", "record", "records", "review", "reviews", "process", "processes", "structure", "patch", "patches", "fix", "fixes", "change", "changes", "update", "updates"})


def _head_index(obj: list[Tok], nouns: frozenset[str]) -> int | None:
    """Index in `obj` of a noun of `nouns` that ends its noun phrase ("test plans" is not "tests")."""
    for k, t in enumerate(obj):
        if t.low.strip("`") in nouns:
            nxt = obj[k + 1].low if k + 1 < len(obj) else ""
            if nxt == "" or nxt in _NP_END or nxt in HARD_BOUNDARY or nxt in (",", "-") or nxt.endswith("ly") or nxt in _LIGHT_ADVERBS or nxt in _ORDER_ADVERBS:
                # no verb between the verb and the noun (it would be another predicate)
                if not any(is_verb(x.low) and VERB_FORMS[x.low][1] == "base" and x.low not in _ADJ_VERBS for x in obj[:k]):
                    return k
    return None


# words that are verbs but mostly adjectives or nouns in front of a head noun
_ADJ_VERBS = frozenset({"research", "search", "explore", "clean", "test", "unit", "document", "model", "index", "log", "plan", "record", "review", "process", "structure", "name", "list", "order", "format", "profile", "target", "output", "report", "change", "update", "stage", "state", "work", "code", "set", "build", "integrate", "score", "rate", "label", "link", "map", "mark", "patch", "fix", "schedule", "scope", "script", "secure", "sketch", "store", "trace", "track", "train", "tune", "wrap", "complete", "correct", "open", "close", "present", "separate", "select", "split", "prototype", "pin", "point", "post", "print", "query", "question", "draft", "export", "import", "tag", "signal", "release", "lead", "design", "control", "check", "support", "service"})


# Words that limit what a list of objects covers ("code in `src/`", "files for the backend")
_LIMITING = frozenset("in for of under within inside outside to that which except unless beyond only related on at from other than "
                      "without unrelated besides apart".split())


def _is_blanket(obj: list[Tok], head: int, mods: frozenset[str]) -> bool:
    """A prohibition of the whole capability: generic modifiers only, nothing qualifying it."""
    nouns = _CODE_NOUNS | _FILE_NOUNS | _RUN_BLANKET
    for t in obj[:head]:
        if t.low.strip("`") not in mods and t.low not in (",", "and", "or"):
            return False
    rest = obj[head + 1 :]
    if len(rest) > 1 and rest[0].low == "," and not any(t.low.strip("`") in _LIMITING or is_path(t) for t in rest):
        return True  # "write code, configuration files, Dockerfiles, or any implementation artifacts": more of it
    for t in obj[head + 1 :]:
        w = t.low.strip("`")
        if w in _LIGHT_ADVERBS or w in (",", "and", "or") or w in mods or w in nouns:
            continue
        return False
    return True


# ---- the predicate test ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Predicate:
    """Whether a verb is the agent's own predicate, and negated."""

    ok: bool
    negative: bool


def predicate(toks: list[Tok], i: int, form: str, item: bool = False, description: bool = False) -> Predicate:
    """Whether the verb at `i` is a predicate of the agent itself, and whether it is negated.

    `item`: the text is a list item, heading or table cell (a bare gerund may start it);
    `description`: the text describes the agent in the third person ("Asks clarifying questions").
    """
    j = i - 1
    prefix: list[Tok] = []
    while j >= max(0, i - MAX_BACK):
        t = toks[j]
        if t.low in HARD_BOUNDARY or t.low == "," or (t.low == "-" and _spaced_dash(toks, j)):
            break
        prefix.insert(0, t)
        j -= 1
    words = [t.low for t in prefix if not _ignorable(t)]
    if words and words[-1] in ("before", "without", "instead", "of", "than", "after", "when", "while", "about", "how", "whether", "if"):
        return Predicate(False, False)  # "before asking", "instead of asking": not a directive to do it
    if all(w in ALLOWED_PREFIX for w in words):
        neg = _negated_words(words, form)
        if form == "s" and not (set(words) & (_SUBJECT | NEGATION | _MODAL)):
            if not description and not (set(words) & {"then", "also", "first", "and", "or"}):
                return Predicate(False, False)  # "Changes to the file ...": a noun, not a verb
            if not description and _subordinate_before(toks, i):
                return Predicate(False, False)  # "when the slice creates a migration, or changes RLS": the slice does
        if form == "ing" and not (set(words) & _GERUND_LEADS):
            if words or not item:
                return Predicate(False, False)
        return Predicate(True, neg)
    if form == "ing" and len(words) >= 2 and words[-1] == "by" and words[-2] in _BEGIN and all(w in ALLOWED_PREFIX for w in words[:-2]):
        # "Always begin by running the tests": the first step ("never start by editing" forbids no editing)
        return Predicate(not _negated_words(words[:-2], "base"), False)
    # coordination: "never implements solutions or modifies code", "plans but does NOT implement code"
    first = next((k for k, w in enumerate(words) if w not in ALLOWED_PREFIX), None)
    if first is not None and not is_verb(words[first]):
        # "stop after the run and ask": the clause's verb may be one a prefix also holds ("stop and ask")
        first = next((k for k, w in enumerate(words[:first]) if is_verb(w) and VERB_FORMS[w][1] == "base"), first)
    if first is not None and is_verb(words[first]):
        head = words[:first]
        if not all(w in ALLOWED_PREFIX for w in head):
            return Predicate(False, False)
        if words[-1] in JOINERS:
            return Predicate(True, _negated_words(head, "base"))
        last = max((k for k, w in enumerate(words) if w in ("but", "and", "or", "then", "yet")), default=None)
        if last is not None and last > first:
            tail = words[last + 1 :]
            if tail and all(w in ALLOWED_PREFIX for w in tail):
                return Predicate(True, _negated_words(tail, form))
    return Predicate(False, False)


_BEGIN = frozenset({"begin", "start", "begins", "starts"})
_SUBORDINATORS = frozenset({"when", "if", "whenever", "once", "unless", "because", "while", "where", "whether", "that", "which"})


def _subordinate_before(toks: list[Tok], i: int) -> bool:
    """A subordinate clause opened earlier in the sentence: its verbs have their own subject."""
    j = i - 1
    while j >= max(0, i - 40) and toks[j].low not in HARD_BOUNDARY:
        if toks[j].low in _SUBORDINATORS:
            return True
        j -= 1
    return False


_GERUND_LEADS = frozenset({"avoid", "avoids", "refrain", "refrains", "from", "stop", "prefer", "then", "and", "or", "no", "by", "first", "also", "never", "not", "is", "are", "be", "keep", "start", "begin"})


def _spaced_dash(toks: list[Tok], j: int) -> bool:
    t = toks[j]
    before = toks[j - 1] if j > 0 else None
    after = toks[j + 1] if j + 1 < len(toks) else None
    return (before is None or before.end < t.start) and (after is None or after.start > t.end)


_LABEL_MODIFY_VERBS = frozenset("append update overwrite edit modify write save record log rewrite extend".split())


def _file_label(toks: list[Tok], i: int) -> bool:
    """Whether the item opens with a file and a separator just before the verb at `i`: "`notes.md` — append"."""
    k = 0
    while k < i and _ignorable(toks[k]) and toks[k].low not in ("—", "–", ":", "-"):
        k += 1
    return k + 2 == i and toks[k].text.startswith("`") and is_path(toks[k]) and toks[k + 1].low in ("—", "–", ":", "-")


def _ignorable(t: Tok) -> bool:
    """Emoji, bullets, numbering and similar marks in front of a directive."""
    return not any(ch.isalnum() for ch in t.text) or _NUMBERING.fullmatch(t.text) is not None


_NUMBERING = compile_later(r"\d+[.)]?")


def comma_inherits(toks: list[Tok], i: int) -> bool:
    """Whether the predicate at `i`, after a comma, continues a negated series:
    "Do not improvise scope, add features, or skip steps"."""
    j = i - 1
    while j >= max(0, i - MAX_BACK) and toks[j].low not in HARD_BOUNDARY and toks[j].low != ",":
        j -= 1
    if j < 0 or toks[j].low != ",":
        return False
    rest = [t.low for t in toks[j + 1 : i]]
    if "and" in rest or "but" in rest or "then" in rest:
        return False
    k = j - 1
    while k >= max(0, j - MAX_BACK) and toks[k].low not in HARD_BOUNDARY:
        k -= 1
    clause = [t.low for t in toks[k + 1 : j] if not _ignorable(t) or t.low == ","]
    head = []
    for w in clause:
        if w in ALLOWED_PREFIX and w != ",":
            head.append(w)
        else:
            break
    return bool(head) and len(head) < len(clause) and any(w in NEGATION for w in head)


# ---- the acts ----------------------------------------------------------------------------------

_WRITE_CODE_VERBS = frozenset("write implement author develop refactor modify edit change rewrite touch create generate".split())
_MODIFY_VERBS = frozenset("write save store persist create update edit modify change append overwrite delete remove touch rename move record log export dump generate output apply produce draft".split())
_APPLY_OBJECTS = frozenset({"changes", "change", "fixes", "edits", "patches", "patch", "modifications", "diffs", "diff"})
# what only a change of the code can do, by verb: "fix the bug", "implement the endpoint"
_CHANGE_CODE_VERBS = {
    "fix": frozenset("bug bugs issue issues error errors failure failures problem problems vulnerability vulnerabilities warnings regressions regression defect defects test tests".split()),
    "implement": frozenset("feature features function functions method methods class classes endpoint endpoints component components fix fixes solution api module modules logic changes handler handlers".split()),
    "refactor": frozenset("code module modules function functions class classes component components codebase file files".split()),
}
_RUN_VERBS = frozenset("run execute invoke".split())
_RUN_NOUNS = frozenset({"command", "commands", "script", "scripts", "tests", "test", "suite", "suites", "linter", "linters", "lint", "linting", "build", "builds", "migrations", "migration", "benchmarks", "bash", "shell", "checks", "pipeline", "formatter", "formatters", "typecheck", "type-check", "compiler", "code", "program", "app", "application", "container", "containers"})
_PLACE_WORDS = frozenset({"on", "in", "under", "outside", "inside", "within", "at", "that", "which", "related", "about", "beyond", "other", "else", "unrelated"})
_ANYTHING_QUALIFIED = frozenset({"not", "you", "we", "they", "the", "from", "of", "except", "unless", "without", "but", "belonging", "owned"})
_ADVERB_ED = frozenset({"indeed"})
_RUN_BLANKET = frozenset({"command", "commands", "shell", "bash", "scripts", "script", "anything", "code"})
_TEST_MODS = frozenset({"the", "all", "any", "unit", "integration", "e2e", "end-to-end", "regression", "smoke", "relevant", "existing", "failing", "automated", "new", "your", "test", "and", "or", ",", "project's", "full", "entire", "applicable", "affected", "these", "those", "its", "their", "our", "tests", "pytest", "jest", "local", "backend", "frontend", "api", "component", "snapshot", "contract", "performance", "load", "benchmark", "security"})
_CHECK_QUAL = frozenset({"type", "lint", "linting", "build", "test", "tests", "integration", "ci", "unit", "compile", "static", "pre-commit", "quality", "format", "formatting"})
_WEB_VERBS = frozenset("search browse research look check find fetch retrieve download scrape gather query monitor verify".split())
_WEB_NOUNS = compile_later(r"\b(?:the web|online|the internet|internet|web search(?:es)?|web pages?|webpages?|websites?|the web for)\b", re.I)
_CHECK_WEB_VERBS = frozenset("check verify monitor look find gather query".split())
_SITE_PLACE = compile_later(r"\b(?:on|in|across|of|for)\s+(?:the\s+|our\s+|your\s+|this\s+|its\s+)?(?:[\w-]+\s+){0,3}websites?\b", re.I)
_OTHERS_SITE = compile_later(r"\b(?:official|vendor'?s?|external|third-party|public|upstream|provider'?s|manufacturer'?s|their|its)\b", re.I)
_DOWNLOAD_COMPOUND = frozenset("url urls link links button buttons page count counts size speed folder directory path location".split())
_FETCH_VERBS = frozenset("fetch retrieve download scrape visit open".split())
_DELEGATE_VERBS = frozenset("delegate spawn launch invoke dispatch call engage assign use start hand".split())
# "delegate the logic to `src/lib/` / to service and util files / to the repository layer": code, not agents
_TO_CODE = compile_later(r"\bto\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:[\w/.-]+\s+|`[^`]*`\s*){0,3}(?:`[^`]*[/.][^`]*`|[\w.-]+/[\w./-]*\w(?![\w/-]|\s+(?:(?:sub-?)?agents?|specialists?|experts?|engineers?|developers?|teams?)\b)|(?:files?|modules?|services?|utils?|utilit(?:y|ies)|helpers?|"
                      r"functions?|methods?|class(?:es)?|components?|layers?|librar(?:y|ies)|hooks?|stores?|handlers?|repositor(?:y|ies)|"
                      r"controllers?|models?|the\s+(?:backend|server|database|framework|api))\b)", re.I)
_OWN_OUTPUT = frozenset("findings results report reports recommendations proposals output outputs verdict evidence".split())
_AGENT_NOUNS = frozenset({"agent", "agents", "subagent", "subagents", "sub-agent", "sub-agents", "specialist", "specialists"})
_MANNER = frozenset({"in", "like", "as", "for", "clearly", "concisely", "plainly", "simply", "briefly", "tersely"})
_BARE_MODIFY_VERBS = frozenset("modify edit change touch write overwrite delete".split())  # "never edit"
_GIT_VERBS = frozenset({"commit", "push"})
_COMMAND_CHECK_VERBS = frozenset("check verify confirm use run execute inspect look".split())  # "check with `git status`"
_BARE_COMMANDS = frozenset({"pwd", "ls"})  # commands named without backticks
_WITH_USER_VERBS = frozenset("confirm clarify check discuss verify align decide".split())
_APPROVAL_VERBS = frozenset("get obtain seek request".split())
_USE_WEB = compile_later(r"(?:the\s+)?web\s+(?:search|fetch|browsing)", re.I)
_PROMPT_OBJECT = compile_later(r"the\s+(?:user|human)\b", re.I)
_REQUEST_OBJECT = compile_later(r"(?:a\s+)?(?:decision|clarification|input|feedback)\b", re.I)
# "seek user input", "seek clarification from the user": the user named ("seek feedback" alone may be the caller's)
_SEEK_OBJECT = compile_later(r"(?:the\s+)?(?:user|human)(?:'s|’s)?\s+(?:input|feedback|guidance|clarification|decisions?|preferences?|answers?)\b|"
                             r"(?:input|feedback|guidance|clarification|a\s+decision|answers)\s+from\s+(?:the\s+)?(?:user|human)\b", re.I)
_ALERT_OBJECT = compile_later(r"(?:the\s+)?(?:user|users|human)\b", re.I)
# every verb `_verb_actions` looks at; any other verb asks for nothing
_ACTION_LEMMAS = _WRITE_CODE_VERBS | frozenset(_CHANGE_CODE_VERBS) | _MODIFY_VERBS | _RUN_VERBS | _WEB_VERBS | _DELEGATE_VERBS | frozenset(
    "ask wait confirm alert get obtain seek request escalate check verify use present apply commit push clarify discuss align prompt interview perform consult keep decide".split()
)

SHELL_COMMANDS = frozenset(
    """pwd ls cd cat git npm npx pnpm yarn pip pip3 pytest python python3 node deno bun make cargo go docker
    docker-compose kubectl terraform curl wget gh bq mvn gradle dotnet bundle rake rails php composer ruby java tsc
    eslint prettier jest vitest ruff mypy black flake8 sed awk find chmod mkdir rm cp mv touch echo export source bash
    sh zsh uv poetry brew apt apt-get systemctl helm aws gcloud az psql mysql sqlite3 redis-cli ssh scp rsync tar unzip
    openssl jq yq grep rg head tail wc diff sort xargs tee env which whoami uname ps kill lsof netstat ping dig
    shellcheck shfmt bats hadolint tflint ansible ansible-playbook pulumi serverless sam cdk firebase vercel netlify
    heroku flutter dart swift xcodebuild pod adb gradlew mix elixir iex erl rebar3 stack cabal ghc lein clj sbt scala
    pylint pyright coverage tox nox pre-commit semgrep trivy snyk bandit gitleaks trufflehog k6 locust ab wrk""".split()
)


# a script named by its path in a code span: "`scripts/check.py`", "`./deploy.sh --dry-run`"
_SCRIPT = compile_later(r"^`(?:\./|\.\./|~/)?[\w.-]*(?:/[\w.-]+)*\.(?:py|sh|bash|zsh|js|mjs|cjs|ts|rb|pl|ps1)(?:\s[^`]*)?`$|^`\./[\w./-]+(?:\s[^`]*)?`$")


def shell_command(tok: Tok) -> bool:
    """A token that names a shell command: `git diff`, `npm test`, pwd."""
    t = tok.text.strip("`").strip()
    if not t:
        return False
    if t in TOOLS:
        return False  # `Grep`, `Glob`: the tools of that name, not the commands
    first = t.split()[0].lstrip("$").strip()
    return first.lower() in SHELL_COMMANDS and (tok.text.startswith("`") or first == first.lower())


_ASK_OBJECT_OK = compile_later(
    r"^(?:the\s+|a\s+|your\s+)?(?:user|users|user's|human|humans|requester|stakeholder|stakeholders|client|customer|them)\b"
    r"|^(?:\w+\s+){0,2}(?:clarifying|clarification|follow-up|followup|targeted|probing|specific|open|scoping|discovery)\s+(?:\w+\s+)?questions?\b"
    r"|^for\s+(?:\w+\s+){0,3}(?:clarification|confirmation|approval|permission|input|feedback|details|information|context|specifics|preferences|the\s+missing|missing|it|them|their|jurisdiction|more|requirements|consent|a\s+decision|guidance|direction)\b"
    r"|^(?:if|whether)\b|^about\b|^before\b|^(?:up\s+to\s+\d+|\d+(?:\s*[-–]\s*\d+)?|one|two|three|a\s+few|few)\s+(?:\w+\s+){0,2}questions?\b"
    r"|^(?:conversationally|politely|directly|briefly|openly)\b",  # "ask conversationally, 1-2 questions at a time"
    re.I,
)
_ASK_THEM = compile_later(r"^(?:if|whether)\s+(?:they|the\s+user)\b|^them\b", re.I)  # "Ask if they want to proceed" (people, not an agent)
_ASK_USER_OBJECT = compile_later(r"^(?:the\s+|your\s+)?(?:user|users|user's|human|humans|(?:developer|maintainer)s?(?![\s-]*(?:agent|sub-?agent)s?\b)|me)\b", re.I)
_ASK_NOT_USER = compile_later(r"^(?:the\s+|a\s+|your\s+)?(?:team[\s-]lead|lead|orchestrator|caller|main\s+agent|parent|coordinator|other\s+agents?|\S+-(?:agent|engineer|developer|expert|architect|reviewer|specialist)|\S+\s+agent|yourself|model|llm)\b", re.I)
_QUESTIONS_THEN = compile_later(r"\bquestions?\b.*\b(?:one at a time|before|to the user|of the user|and wait|then wait|until)\b", re.I)
_WAIT_OBJECT = compile_later(r"^(?:for|on|until)\s+(?:the\s+|their\s+|a\s+|an\s+|explicit\s+|user's\s+|the\s+user's\s+|my\s+)?(?:(?P<strong>user|users|human|me|developer(?![\s-]*(?:agent|sub-?agent)s?\b)|maintainer(?![\s-]*(?:agent|sub-?agent)s?\b)|confirmation|approval|go-ahead|sign-off|signoff|permission|consent|yes|ok|okay)|response|responses|answer|answers|reply|replies|input|feedback|decision|instructions|them)\b", re.I)
# what goes back through the caller, not to the user live: "via your report", "routed through the orchestrator"
VIA_CALLER = compile_later(r"\b(?:via|through|in|using)\s+(?:your|the)\s+(?:final\s+)?(?:report|response|answer|summary|output|hand-?off)\b|"
                         r"\b(?:routed\s+)?(?:through|via)\s+(?:the\s+)?(?:orchestrator|caller|main\s+(?:agent|session|thread)|parent\s+agent|coordinator)\b", re.I)
_USER_WORD = compile_later(r"(?<!\babout\s)(?<!\bon\s)\b(?:user|users|user's|human|humans|(?:developer|maintainer)s?(?![\s-]*(?:agent|sub-?agent)s?\b))\b"
                        r"(?!\s+(?:needs|experience|experiences|journeys?|flows?|stories|story|research|interfaces?|input\s+validation|data|behaviou?r|personas?|goals|"
                        r"interactions?|engagement|accounts?|sessions?|profiles?|roles?|permissions|settings|preferences|management|onboarding|retention|segments?|"
                        r"work|files?|changes|code|content|uploads?|documents?)\b)", re.I)  # "never discard user work": whose work
_OTHER_PARTY = compile_later(r"(?<![\w./-])(?:team[\s-]?lead|lead|teammates?|orchestrator|coordinator|sub-?agents?|agents?|workers?|SendMessage|message\s+the)(?![\w./-])", re.I)
# who a bare "ask" goes to, when the rest of the sentence says: "If in doubt, ask - message the team lead"
_OTHER_RECIPIENT = compile_later(
    r"(?<![\w./-])(?:(?:message|ask|ping|contact|notify|consult|tell)\s+(?:the\s+|your\s+)?(?:team[\s-]?lead|lead|orchestrator|coordinator|caller|parent|main\s+agent|teammates?|[\w-]+-agent)"
    r"|SendMessage|team[\s-]?lead)(?![\w./-])",
    re.I,
)
_FOR_APPROVAL = compile_later(r"^for\s+(?:(?:an?|the|your|their|explicit|prior|written)\s+){0,2}(?:approval|confirmation|permission|sign-?off|go-ahead|authori[sz]ation)\b", re.I)
# the approval itself, not a thing it qualifies ("authorization requirements", "approval workflow")
_APPROVAL = compile_later(r"\b(?:approval|confirmation|permission|sign-off|signoff|go-ahead|authorization)\b"
                          r"(?!\s+(?:requirements?|rules?|flows?|logic|process(?:es)?|workflows?|status|checks?|headers?|polic(?:y|ies)|"
                          r"matrix|models?|layers?|middleware|services?|code|tokens?|scopes?|levels?|settings?|system|states?)\b)", re.I)
_WITH_THEM = compile_later(r"(?:(?:it|this|that)\s+)?\bwith\s+(?:them|him|her)\b", re.I)  # matched at an object's start
# the person, not what is theirs: "align each option with the user's stated goals" asks no one
_WITH_USER = compile_later(r"\bwith\s+(?:(?:the\s+)?(?:user|users|human|requester|stakeholders?|(?:developer|maintainer)(?![\s-]*(?:agent|sub-?agent)s?\b))|me)\b(?!['’]s?\s)", re.I)
_TO_USER = compile_later(r"^to\s+(?:a\s+|the\s+)?(?:human|user|person)s?\b", re.I)  # "stop and escalate to the user"
_TO_HUMAN = compile_later(r"^to\s+(?:a\s+|the\s+)?(?:human|user|person)s?\b.*\b(?:before proceeding|and wait|before continuing|until)\b", re.I)
# an agent asked for something, named as agents are: "from the context-manager", "from the `db-agent`"
_FROM_AGENT = compile_later(r"\bfrom\s+(?:the\s+)?`?[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:manager|agent|coordinator|orchestrator)`?(?:\s+(?:sub-?)?agent)?\b(?![-/]|\.\w)")
_PLAN_MODE = compile_later(r"\bplan mode\b", re.I)
_MCP_AFTER = compile_later(r"^(?:mcp)\b", re.I)


def _text_of(obj: list[Tok]) -> str:
    return " ".join(t.text for t in obj)


def find_actions(text: str, toks: list[Tok] | None = None, scope_negative: bool = False, servers: frozenset[str] = frozenset(),
                 item: bool = False, description: bool = False) -> list[Action]:
    """Every action asked for or forbidden in one directive's text."""
    toks = tokenize(text) if toks is None else toks
    ctx = (scope_negative, item, description)
    out: list[Action] = []
    if item and scope_negative and toks and _tool_label(toks):
        return []  # "Not allowed: - **Task** - leaf specialist, cannot spawn sub-agents": why a tool is left out
    for i, tok in enumerate(toks):
        low = tok.low
        form_info = VERB_FORMS.get(low)
        if form_info is not None and form_info[0] in _ACTION_LEMMAS:
            lemma, form = form_info
            if form == "ing" and i > 0 and toks[i - 1].low in _DETERMINERS:
                continue  # "the editing", "no direct code editing" is handled as a noun below
            if form == "base" and i > 0 and toks[i - 1].low in _NOUN_DETERMINERS:
                continue  # "a push to `main`", "not for every run": a noun
            if item and i == 0 and _tool_label(toks):
                continue  # "- **Edit** - proposals are written fresh": the tool of that name, not the verb
            if _in_list_of_names(toks, i):
                continue  # "type prefixes: feat, fix, refactor, docs": names of things
            out.extend(_verb_actions(toks, i, lemma, form, ctx))
        if low == "no":
            out.extend(_noun_prohibitions(toks, i))
        elif scope_negative and item and low in _BARE_NOUN_STARTS and (i == 0 or toks[i - 1].low == ":"):
            out.extend(_noun_prohibitions(toks, i, bare=True))  # "**Not available**: Code editing"
        if low in ("requests", "calls") and i >= 2:
            out.extend(_web_requests(toks, i, ctx))
        if low == "plan" and i + 1 < len(toks) and toks[i + 1].low == "mode":
            out.extend(_plan_mode(toks, i, ctx))
    out = [_limited_after(text, a) for a in out]
    out.extend(_mcp_mentions(text, toks, servers, scope_negative))
    out.extend(_roles(text))
    if "implementation" in text or "coding" in text:
        out.extend(Action(Act.WRITE_CODE, m.start(1), m.end(1), True, True) for m in _NO_IMPLEMENTATION.finditer(text))
    if not scope_negative and "`" in text and ("output" in text or "deliverable" in text or "Output" in text or "Deliverable" in text):
        out.extend(Action(Act.MODIFY_FILES, m.start("path"), m.end("path"), False, False) for m in _OUTPUT_FILE.finditer(text))
    if item and not scope_negative:
        out.extend(_labelled_command(text, toks))
        web = _WEB_STEP.match(text)
        if web:  # "- Web search for the library's changelog": a step named by what it does
            out.append(Action(Act.WEB, web.start(1), web.end(1), False, False))
    return _dedupe(out)


# the agent's own output named as a file: "Your only output is the file `AUDIT_PLAN.md`", "Deliverable: `docs/plan.md`"
_OUTPUT_FILE = compile_later(
    r"(?:^|[.;!?]\s+)\W*(?:your\s+(?:only\s+|sole\s+|final\s+|main\s+)?(?:output|deliverable)\s+(?:is|must\s+be|goes\s+(?:to|in)|lives\s+in)"
    r"|(?:your\s+|the\s+)?(?:output|deliverable)\s+file\s*(?::|is)|the\s+(?:only\s+)?deliverable\s+is|(?:deliverable|output)\s*:)\s*"
    r"(?:a\s+|the\s+|one\s+|single\s+)*(?:(?:markdown\s+|md\s+|json\s+|yaml\s+)?(?:file|document|report)\s+)?(?:at\s+|in\s+|named\s+|called\s+)?"
    r"(?P<path>`(?:~/|\.{0,2}/)?[\w.<>{}\[\]*$-]+(?:/[\w.<>{}\[\]*$-]+)*\.[A-Za-z]{1,5}`)", re.I)


def _in_list_of_names(toks: list[Tok], i: int) -> bool:
    """A word between commas whose next item is a single word that is no verb: "feat, fix,
    refactor, docs, test" names commit types ("Refactor, test and document it" are steps)."""
    if i < 2 or i + 3 > len(toks) or toks[i - 1].low != "," or toks[i + 1].low != ",":
        return False
    nxt = toks[i + 2]
    after = toks[i + 3].low if i + 3 < len(toks) else ""
    return nxt.low.isalpha() and nxt.low not in VERB_FORMS and after in ("", ",", "and", "or", ".", ")", ";")


# "Do not add features, refactor code, or make changes beyond what was asked": the series is limited
_LIMIT_AFTER = compile_later(r"[^.;!?\n]*?\b(?:beyond|unless|except|other\s+than|outside\s+(?:of\s+)?(?:the|your|this)|"
                             r"than\s+(?:what\s+)?(?:was|is|were|you\s+were|you\s+are)\s+(?:asked|requested|needed|required))\b", re.I)


def _limited_after(text: str, a: Action) -> Action:
    """A blanket prohibition whose sentence goes on to limit it is not blanket."""
    if a.negative and a.blanket and _LIMIT_AFTER.match(text, a.end):
        return dataclasses.replace(a, blanket=False)
    return a


_ASKING_VERBS = frozenset({"ask", "tell", "instruct", "remind", "invite", "encourage", "have", "let", "get", "help"})
_NOT_OTHERS = frozenset({"you", "yourself", "me", "us", "it", "them", "agent", "subagent", "sub-agent", "claude"})


def _someone_else_asked(toks: list[Tok], i: int) -> bool:
    """The verb at `i` is what the agent asks someone else to do ("ask the learner to export it,
    and save the file"): "ask / tell / have <someone> to <verb>[, ... and <verb>]"."""
    if i == 0 or toks[i - 1].low not in ("to", "and", "or", ","):
        return False
    j = i - 1
    while j >= max(0, i - 40) and toks[j].low not in (".", ";", "!", "?", ":"):
        if toks[j].low == "to" and j >= 2:
            k = j - 1
            while k > j - 5 and k > 0 and toks[k].low not in _ASKING_VERBS:
                k -= 1
            if toks[k].low in _ASKING_VERBS and j - k >= 2 and not any(t.low in _NOT_OTHERS for t in toks[k + 1 : j]):
                return True
        j -= 1
    return False


def _tool_label(toks: list[Tok]) -> bool:
    """An item that opens with a tool's exact name and a separator ("Edit - ...", "Bash: ...")."""
    return (toks[0].text in TOOLS or toks[0].text in OLD_TOOLS) and (len(toks) == 1 or toks[1].low in ("-", "—", "–", ":", "(", "/", ","))


_CHECK_LABEL = compile_later(
    r"^\W*(?:[A-Za-z][\w-]*\s+){0,2}(?:format|formatting|formatter|lint|linting|linter|tests?|testing|type[- ]?check(?:ing|s)?|"
    r"build|compile|checks?|validation|validate|verify|verification)\W*:\s*(?=`)",
    re.I,
)


_WEB_STEP = compile_later(r"^\W*((?:web|internet|online)\s+search(?:es)?)\b(?!\s+(?:results?|engines?)\b)", re.I)


def _labelled_command(text: str, toks: list[Tok]) -> list[Action]:
    """A list item that names the command of a check ("Formatting: `prettier --check .`"): the
    check is run with it, so it needs a shell."""
    m = _CHECK_LABEL.match(text)
    if m is None:
        return []
    tok = next((t for t in toks if t.start >= m.end()), None)
    if tok is None or not tok.text.startswith("`") or not shell_command(tok) or " " not in tok.text.strip("`").strip():
        return []
    return [Action(Act.RUN_COMMANDS, tok.start, tok.end, False, False, inferred=True)]


_ROLE_NOUNS = (r"agent|sub-?agent|mode|role|(?:sub)?reviewer|advisor|analyst|assistant|auditor|consultant|specialist|inspector|"
               r"investigator|validator|checker|researcher|explorer|observer|critic|evaluator|planner")
_ROLE_WORDS = r"(?P<role>read[- ]only|planning[- ]only|plan[- ]only|research[- ]only|analysis[- ]only|advisory[- ]only|review[- ]only)"
_ROLE = compile_later(
    r"\b(?:you\s+are|you're|this\s+agent\s+is|the\s+agent\s+is|act(?:s|ing)?\s+as|operates?\s+as|operating\s+as|works?\s+as|stay|remain|operates?\s+in|work\s+in)"
    r"\s+(?:a\s+|an\s+|strictly\s+|purely\s+|always\s+|in\s+)*" + _ROLE_WORDS
    + r"(?=\s*(?:" + _ROLE_NOUNS + r"|[.:;,!\-—–)]|$))"
    r"|" + _ROLE_WORDS.replace("role>", "role4>") + r"(?=\s+(?:" + _ROLE_NOUNS + r")\b)"
    r"|^\W*" + _ROLE_WORDS.replace("role>", "role2>") + r"(?=\W*(?:[-—–:]|$))"
    r"|\(" + _ROLE_WORDS.replace("role>", "role3>") + r"(?=\))",
    re.I,
)


_QUALIFIED_OBJECT = compile_later(r"\b(?:code|codebase|files?|source|directory|directories|folders?|modules?|schemas?|components?|logic|tests?|docs|configs?|configuration|data|database)\W*$", re.I)
_DEFINITE_BEFORE = compile_later(r"\b(?:the|these|those|other|their|its|our)\s+$", re.I)
# what a "(read-only)" in parentheses may qualify as the agent: a role ("Reviewer (read-only)") or a short title
_ROLE_HOLDER = compile_later(r"\b(?:" + _ROLE_NOUNS + r")s?\W*$", re.I)


# "You shouldn't do the actual implementation": "do" is no verb of `_ACTION_LEMMAS` ("do not" is a negation)
_NO_IMPLEMENTATION = compile_later(
    r"\b(?:should\s*n[o']?t|should\s+not|must\s*n[o']?t|must\s+not|do\s+not|don't|never|will\s+not|won't|cannot|can't)\s+"
    r"((?:do|perform)\s+(?:the\s+|any\s+)?(?:actual\s+|real\s+)?(?:implementation|coding)(?:\s+work)?)\b(?!\s+(?:of|for)\b)", re.I)


def _roles(text: str) -> list[Action]:
    """"You are a read-only agent", "**Read-only** - ...", "(planning only)": a standing prohibition."""
    out = []
    for m in _ROLE.finditer(text):
        group = next(g for g in ("role", "role2", "role3", "role4") if m.group(g))
        if group == "role4" and _DEFINITE_BEFORE.search(text, 0, m.start()):
            continue  # "the read-only reviewer bench": other agents
        if group == "role3" and (not _ROLE_HOLDER.search(text, 0, m.start()) or _QUALIFIED_OBJECT.search(text, 0, m.start())):
            continue  # "Application source code (review only)": the code is, not the agent
        role = m.group(group).lower()
        act = Act.MODIFY_FILES if role.startswith("read") else Act.WRITE_CODE
        out.append(Action(act, m.start(group), m.end(group), True, True))
    return out


def _dedupe(actions: list[Action]) -> list[Action]:
    seen: set[tuple] = set()
    out = []
    for a in actions:
        key = (a.act, a.start, a.server)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _polarity(toks: list[Tok], i: int, form: str, ctx: tuple[bool, bool, bool]) -> tuple[bool, bool, bool] | None:
    """(is a directive, negative, polarity from scope) for the verb at `i`."""
    scope_negative, item, description = ctx
    if i >= 3 and toks[i - 1].low == "no" and toks[i - 2].low == "," and any(t.low == "no" for t in toks[max(0, i - 6) : i - 2]):
        return None  # "No spec, no run.": a condition, not a prohibition
    p = predicate(toks, i, form, item, description)
    if not p.ok:
        return None
    if p.negative:
        return True, True, False
    if comma_inherits(toks, i):
        return True, True, False
    if scope_negative and not _turns_positive(toks, i):
        return True, True, True
    return True, False, False


def _turns_positive(toks: list[Tok], i: int) -> bool:
    """"Never auto-create ADRs - always suggest and wait for consent": in a list of prohibitions, a
    clause after "always" or "instead" asks for its action."""
    j = i - 1
    while j >= max(0, i - MAX_BACK) and toks[j].low not in HARD_BOUNDARY and not (toks[j].low == "-" and _spaced_dash(toks, j)):
        if toks[j].low in ("always", "instead", "rather"):
            return True
        j -= 1
    return False


def _span_end(obj: list[Tok], default: int) -> int:
    return obj[-1].end if obj else default


# what each rule here needs in the text besides its verb is listed in `_CUES`, for the prechecks
def _verb_actions(toks: list[Tok], i: int, lemma: str, form: str, ctx: tuple[bool, bool, bool]) -> list[Action]:
    pol = None
    out: list[Action] = []
    obj = None

    def polarity():
        nonlocal pol
        if pol is None:
            pol = _polarity(toks, i, form, ctx) or (False, False, False)
        return pol

    def add(act: Act, blanket: bool = False, end: int | None = None, weak: bool = False, inferred: bool = False) -> None:
        ok, neg, via = polarity()
        if ok and not neg and obj and obj[0].low in ("no", "nothing") and (len(obj) < 2 or obj[1].low not in ("more", "less", "longer", "fewer")):
            neg, via = True, False  # "You write NO code and touch NO files": the object denies it
            # "write NO code", "touch NO files", "run NO commands"; not "run no pipeline" (one named thing)
            blanket = blanket or (len(obj) <= 2 and (len(obj) < 2 or obj[1].low.strip("`") in _CODE_NOUNS | _FILE_NOUNS | _RUN_BLANKET))
        if ok:
            blanket = blanket and neg and not _conditional(toks, i)
            out.append(Action(act, toks[i].start, end if end is not None else _span_end(obj or [], toks[i].end), neg, blanket,
                              via_scope=via, weak=weak, inferred=inferred))

    if lemma not in _ACTION_LEMMAS or not polarity()[0]:
        return out  # every action is added by `add`, and only to a predicate of the agent
    if _someone_else_asked(toks, i):
        return out  # "ask the learner to open the app ... and save the file": the learner saves it
    if _embedded(toks, i):
        return out  # "check whether the PR modifies code": what the agent looks for, not what it does
    obj = _object(toks, i)
    objtext = _text_of(obj)
    objlows = [t.low.strip("`") for t in obj]
    via = _named_agent_after_to(obj, ("via", "through"))
    if via is not None and not polarity()[1] and (_is_agent_noun_after(obj, via) or _AGENT_SUFFIX.search(via.text)):
        add(Act.DELEGATE, False, via.end)  # "record the decision via the docs-writer agent": another agent does it
        return out

    if lemma in ("perform", "do") and objlows[:1] in (["implementation"], ["coding"]) and (len(objlows) == 1 or objlows[1] in ("work", "tasks", "yourself", "directly", ",", ".")):
        add(Act.WRITE_CODE, True, obj[0].end)  # "you do not perform implementation work yourself"
        return out
    if lemma in _WRITE_CODE_VERBS:
        h = _head_index(obj, _CODE_NOUNS)
        if h is not None and not (objlows[h] in ("test", "tests") and lemma in ("modify", "edit", "change", "touch", "delete", "remove")):
            if objlows[h] in ("implementation", "implementations") and lemma != "write":
                pass
            else:
                add(Act.WRITE_CODE, _is_blanket(obj, h, _BLANKET_CODE_MODS) and objlows[h] == "code", obj[h].end)
                return out
    if lemma == "implement" and polarity()[1] and _any_changes(obj, objlows):
        add(Act.WRITE_CODE, True)  # "Never implement changes by yourself": no change of the code at all
        return out
    if lemma in _CHANGE_CODE_VERBS and not polarity()[1]:
        h = _head_index(obj, _CHANGE_CODE_VERBS[lemma])
        if h is not None:
            add(Act.WRITE_CODE, False, obj[h].end, inferred=True)  # "fix the failing tests", "implement the endpoint"
            return out
    if lemma == "keep" and obj and is_path(obj[0]) and not polarity()[1] and _kept_current(toks, i + 2):
        add(Act.MODIFY_FILES, False, obj[0].end)  # "keep `docs/api.md` in sync": the file is edited
        return out
    if lemma in _MODIFY_VERBS:
        h = _head_index(obj, _FILE_NOUNS)
        if h is not None and _listed_in(objlows, h):
            h = None  # "create a list of files that are likely to change": the list is the object
        if h is not None and h > 0 and objlows[h - 1] in ("you", "we", "they", "i"):
            h = None  # "change what you file": a verb (to file a report), not a file
        if h is not None and lemma == "write" and objlows[0] in _MANNER and "," in objlows[:h]:
            h = None  # "Write in plain language, name the concrete file": how to write the answer
        if h is not None:
            add(Act.MODIFY_FILES, _is_blanket(obj, h, _BLANKET_FILE_MODS), obj[h].end)
            return out
        nxt = i + 1 + len(obj)
        target = _path_target(obj, lemma, toks[nxt : nxt + 2])
        if target is not None:
            add(Act.MODIFY_FILES, False, target.end)
            return out
        if lemma == "apply" and objlows and any(w in _APPLY_OBJECTS for w in objlows[:3]):
            add(Act.MODIFY_FILES, False)
            return out
        if lemma in _LABEL_MODIFY_VERBS and form == "base" and ctx[1] and _file_label(toks, i):
            add(Act.MODIFY_FILES, False)  # "- `docs/DECISIONS.md` — append all entries": the file the item is about
            return out
        if lemma in _BARE_MODIFY_VERBS and polarity()[1]:
            nxt = _next_tok(toks, i)
            bare = nxt is None or nxt.low in HARD_BOUNDARY or nxt.low in (",", "-")
            if nxt is not None and nxt.low == ":":
                bare = False  # "Never modify: package.json, tsconfig.json", "Cannot touch:" and a list: the list names what
            elif nxt is not None and nxt.low == "," and _series_object(toks, i):
                bare = False  # "delete, disable, or loosen a test": the series shares an object
            limited = any(is_path(t) for t in obj)  # "anything under `docs/adrs/`"
            # "anything on the shared host", "anything outside the plan": a place or kind limits it
            limited = limited or (objlows[:1] == ["anything"] and len(objlows) > 1 and (objlows[1] in _PLACE_WORDS or objlows[1] in _ANYTHING_QUALIFIED
                                                                                           or (objlows[1].endswith("ed") and objlows[1] not in _ADVERB_ED)))
            limited = limited or any(w in ("unless", "except") for w in objlows)  # "anything tracked by git", "... unless the recipe names it"
            to_files = objlows[:2] in (["to", "disk"], ["to", "files"]) and (len(objlows) == 2 or objlows[2] in _LIGHT_ADVERBS or objlows[2] in (",", "and", "or"))
            if (bare or objlows[:1] == ["anything"] or to_files) and not limited:
                add(Act.MODIFY_FILES, True)  # "never edit", "do not write anything"
                return out
    if lemma in _GIT_VERBS and objlows[:1] and (objlows[0] in ("changes", "the", "your", "it", "them", "all", "work", "code", "fixes") or (lemma == "push" and objlows[0] == "to")) and (objlows[0] != "the" or (len(objlows) > 1 and objlows[1] in ("changes", "fix", "fixes", "work", "code", "branch"))):
        add(Act.RUN_COMMANDS, False)  # git needs a shell
        return out
    if lemma in _RUN_VERBS:
        if objlows and objlows[0] in ("through", "into", "by", "across", "out", "over", "away", "to", "in", "on", "with", "for", "from"):
            return out
        h = _head_index(obj, _RUN_NOUNS)
        if h is not None and objlows[h] in ("tests", "test") and not all(w in _TEST_MODS for w in objlows[:h]):
            h = None  # "run moderated usability tests" are not a command
        if h is not None and (objlows[h] != "checks" or any(w in _CHECK_QUAL for w in objlows[:h])) and (objlows[h] not in ("test", "build", "pipeline") or h + 1 == len(objlows) or objlows[h + 1] in _NP_END):
            blanket = objlows[h] in _RUN_BLANKET and _is_blanket(obj, h, frozenset({"any", "a", "single", "the", "shell", "bash", "terminal", "system", "arbitrary", "your", "all"}))
            add(Act.RUN_COMMANDS, blanket, obj[h].end)
            return out
        if obj and shell_command(obj[0] if objlows[0] not in _DETERMINERS or len(obj) < 2 else obj[1]):
            add(Act.RUN_COMMANDS, False, obj[0].end if objlows[0] not in _DETERMINERS else obj[1].end)
            return out
        if obj and _SCRIPT.match(obj[0].text):
            add(Act.RUN_COMMANDS, False, obj[0].end)  # "Execute `css_coverage_analyzer.py`", "run `./deploy.sh`": a script
            return out
        if not obj and _series_object(toks, i):
            return out  # "Do not run or author Playwright specs": the verbs share an object
        nxt = _next_tok(toks, i)
        if not obj and nxt is not None and nxt.low == ":" and (listed := _object(toks, i + 1)):
            # "Cannot run: paid API calls": what may not run follows the colon
            h = _head_index(listed, _RUN_NOUNS)
            if h is not None and listed[h].low in _RUN_BLANKET and _is_blanket(listed, h, frozenset({"any", "shell", "bash", "terminal", "system", "arbitrary"})):
                add(Act.RUN_COMMANDS, True, listed[h].end)
            return out
        if not obj or objlows[0] in ("anything",):
            if polarity()[1]:  # "never run anything"; a bare "Running:" is a label
                limited = len(objlows) > 1 and objlows[1] not in _LIGHT_ADVERBS and objlows[1] not in (",", "and", "or")
                add(Act.RUN_COMMANDS, not limited)  # "never run anything that touches production" is limited
            return out
    if lemma in _COMMAND_CHECK_VERBS:
        for k, t in enumerate(obj[:6]):
            if t.low in ("with", "using", "via", "by") or k == 0:
                cand = obj[k + 1] if t.low in ("with", "using", "via", "by") and k + 1 < len(obj) else (t if k == 0 and lemma == "use" else None)
                if cand is not None and cand.text.strip("`") in OLD_TOOLS:
                    break  # "use the LS tool": a tool of that name (removed since), not the command
                if cand is not None and shell_command(cand) and cand.text.startswith("`") or (cand is not None and cand.low in _BARE_COMMANDS):
                    add(Act.RUN_COMMANDS, False, cand.end)
                    return out
    if lemma in _WEB_VERBS:
        m = _WEB_NOUNS.search(objtext)
        if m and lemma in _CHECK_WEB_VERBS and (site := _SITE_PLACE.search(objtext, 0, m.end())) and not _OTHERS_SITE.search(site.group()):
            m = None  # "checks the layout on the Tendra website": the project's own site, where the work is
        if m or (lemma in ("search", "browse") and objlows[:1] == ["online"]):
            add(Act.WEB, bool(m) and lemma in ("search", "browse") and len(objlows) <= 3)
            return out
        if lemma == "download" and objlows[:1] and objlows[0] in _DOWNLOAD_COMPOUND:
            return out  # "Download URL ready", "the download link": a noun, no fetching
        if lemma in _FETCH_VERBS and (any(w in ("url", "urls", "webpage", "webpages", "website", "websites") or _URL.search(w) for w in objlows[:5])
                                      or _url_at(objlows, 8)):
            add(Act.WEB, False)
            return out
    if lemma in ("use",) and objtext and _USE_WEB.match(objtext):
        add(Act.WEB, False)
        return out
    if lemma == "consult" and (named := _agent_mention(obj, 0)) is not None and _is_agent_noun_after(obj, named):
        add(Act.DELEGATE, False, named.end)  # "consult the `schema-designer` agent first": another agent answers
        return out
    if lemma in ("call", "invoke", "spawn", "launch", "dispatch", "engage") and (named := _agent_mention(obj, 0)) is not None \
            and (_is_agent_noun_after(obj, named) or _ROLE_NAME.search(named.text.strip("`"))):
        add(Act.DELEGATE, False, named.end)  # "call `component-reviewer` before proceeding": another agent
        return out
    if lemma in _DELEGATE_VERBS:
        if lemma == "delegate" and (not objlows or "to" in objlows[:6]):
            if _TO_CODE.search(objtext):
                return out  # "delegate logic to service files": a place in the code, not an agent
            add(Act.DELEGATE, not objlows)
            return out
        if lemma == "delegate" and objlows[0] in ("when", "if", "whenever"):
            named = _named_agent_after_to(toks[i + 1 :], (":", "→", "->", "=>"), within=40)
            if named is not None:
                add(Act.DELEGATE, False, named.end)  # "Delegate when it crosses the boundary: candles → `candle-specialist`"
            return out
        if lemma == "hand":
            named = _named_agent_after_to(obj)
            if named is not None and objlows[:1] and objlows[0] in _OWN_OUTPUT:
                return out  # "Hand findings to a `domain-writer`": where its report goes, which the caller routes
            if named is not None:
                add(Act.DELEGATE, False, named.end)  # "hand off to `test-writer`", "hand the SQL to @db-engineer"
            return out
        h = _head_index(obj, _AGENT_NOUNS)
        if h is not None and not any(w in ("this", "these") for w in objlows[:h]):
            add(Act.DELEGATE, _is_blanket(obj, h, frozenset({"any", "a", "an", "single", "other", "sub", "the", "more", "additional", "new"})))
            return out
    if lemma in ("ask", "wait") and VIA_CALLER.search(_sentence_of(toks, i)):
        return out  # "ask the developer via your report", "wait for authorization routed through the orchestrator"
    if lemma == "ask":
        rest = objtext
        after = " ".join(t.text for t in toks[i + 1 : i + 40])
        if _OTHER_RECIPIENT.search(after) and not _USER_WORD.search(after):
            return out  # "If in doubt, ask - message the team lead": another agent, not the user
        # Only a question for the user is out of a sub-agent's reach: "ask clarifying questions"
        # or "stop and ask" with no user named can go back to the caller in the final answer.
        if _names_user_before(toks, i):
            add(Act.ASK_USER, False)  # "report to the user and ask how to proceed"
            return out
        user_named = _names_user_after(toks, i) or _DIALOGUE.search(_sentence_of(toks, i)) is not None
        if not obj:
            nxt = _next_tok(toks, i)
            if nxt is not None and nxt.low == ":":
                return out  # "Ask: is the hypothesis wrong?" asks oneself
            add(Act.ASK_USER, False, toks[i].end, weak=not user_named)
            return out
        if _ASK_NOT_USER.match(rest):
            first = obj[1] if len(obj) > 1 and objlows[0] == "the" else obj[0]
            named = _agent_mention(obj, 0) or (first if _AGENT_NAME.match(first.text) and _AGENT_SUFFIX.search(first.text) else None)
            if named is not None and not polarity()[1] and _AGENT_SUFFIX.search(named.text) and _ASK_TO.match(objtext, len(named.text) + objtext.find(named.text)):
                add(Act.DELEGATE, False, named.end)  # "Ask code-reviewer to review the diff": work handed to an agent
            return out
        if _ASK_USER_OBJECT.match(rest) or _ASK_THEM.match(rest):
            add(Act.ASK_USER, False)
            return out
        if _ASK_OBJECT_OK.match(rest) or _QUESTIONS_THEN.search(rest):
            # "ask for confirmation before pushing": an approval, as "request confirmation" (only a person gives it)
            # (not "Agent asks for permission", a symptom in a table: a third person after its subject)
            approval = _FOR_APPROVAL.match(rest) is not None and (form != "s" or i == 0)
            add(Act.ASK_USER, False, weak=not user_named and not approval)
            return out
    if lemma == "wait":
        m = _WAIT_OBJECT.match(objtext)
        if m and (m.group("strong") or _USER_WORD.search(_sentence_of(toks, i))) and not (_OTHER_PARTY.search(_sentence_of(toks, i)) and not _USER_WORD.search(_sentence_of(toks, i))):
            add(Act.ASK_USER, False)
        return out
    if lemma in _WITH_USER_VERBS and _WITH_USER.search(objtext):
        add(Act.ASK_USER, False)  # "confirm the schedule with the user"
        return out
    if lemma in _WITH_USER_VERBS and _WITH_THEM.match(objtext) and _USER_WORD.search(" ".join(t.text for t in toks[max(0, i - 30) : i])):
        add(Act.ASK_USER, False)  # "if the user describes a goal ..., map it and confirm with them"
        return out
    if lemma in ("prompt", "interview") and _PROMPT_OBJECT.match(objtext):
        add(Act.ASK_USER, False)  # "prompt the user for the file name", "interview the human before drafting"
        return out
    if lemma in _APPROVAL_VERBS and _APPROVAL.search(" ".join(objlows[:4])) and not re.search(r"\bfrom\s+(?:the\s+)?(?:\S+-agent|team lead|lead|orchestrator)", objtext, re.I):
        add(Act.ASK_USER, False)
        return out
    if lemma == "seek" and _SEEK_OBJECT.match(objtext):
        add(Act.ASK_USER, False)
        return out
    if lemma in ("request", "query", "get", "obtain") and _FROM_AGENT.search(objtext) is not None:
        add(Act.DELEGATE, False)  # "request the project context from the context-manager": another agent answers
        return out
    if lemma == "request" and _REQUEST_OBJECT.match(objtext):
        add(Act.ASK_USER, False, weak=not _names_user_after(toks, i))
        return out
    if lemma == "alert" and _ALERT_OBJECT.match(objtext):
        add(Act.ASK_USER, False)
        return out
    if lemma == "escalate" and (_TO_HUMAN.match(objtext) or (_TO_USER.match(objtext) and any(t.low == "stop" for t in toks[max(0, i - 3) : i]))):
        add(Act.ASK_USER, False)
        return out
    return out


_COMPLEMENTIZERS = frozenset({"whether", "if"})
_CLAUSE_SUBJECTS = frozenset({"the", "a", "an", "this", "that", "it", "they", "someone", "anyone", "somebody", "code", "pr", "change", "changes", "commit", "diff"})


_CURRENT = (("in", "sync"), ("up", "to", "date"), ("up-to-date",), ("current",), ("updated",), ("accurate",), ("in", "step"))


def _kept_current(toks: list[Tok], j: int) -> bool:
    """The words from `j` (a parenthesis skipped) say a thing is kept current: "in sync", "up to date"."""
    if j < len(toks) and toks[j].low == "(":
        while j < len(toks) and ")" not in toks[j].low:  # "9)" is one token
            j += 1
        j += 1
    lows = tuple(t.low for t in toks[j : j + 3])
    return any(lows[: len(words)] == words for words in _CURRENT)


def _embedded(toks: list[Tok], i: int) -> bool:
    """The verb is in an embedded question with its own subject: "whether the PR modifies code"."""
    for k in range(i - 1, max(-1, i - 12), -1):
        low = toks[k].low
        if low in HARD_BOUNDARY or low in (",", "then"):
            return False
        if low in _COMPLEMENTIZERS:
            between = [t.low for t in toks[k + 1 : i]]
            return bool(between) and between[0] in _CLAUSE_SUBJECTS and "you" not in between
    return False


_AGENT_NAME = compile_later(r"^`?@?[a-z][a-z0-9]*(?:-[a-z0-9]+)+`?$")


_ROLE_NAME_CUE = compile_later(r"-(?:reviewer|writer|agent|engineer|expert|specialist|architect|analyst|planner|tester|auditor|designer|developer|researcher|"
                               r"builder|checker|validator|fixer|critic|advisor|scout|explorer|investigator|debugger|optimizer|coordinator|orchestrator)`")
# the last word of a kebab-case name that says a role: `component-reviewer`, `test-writer`
_ROLE_NAME = compile_later(r"-(?:reviewer|writer|agent|engineer|expert|specialist|architect|analyst|planner|tester|auditor|designer|developer|researcher|"
                           r"builder|checker|validator|fixer|critic|advisor|scout|explorer|investigator|debugger|optimizer|coordinator|orchestrator)$")


# "via `notion-query-database-view`" is as often a tool, a skill or a script: an agent there is
# named as one ("via the `docs-writer` agent", "via `review-agent`")
_AGENT_SUFFIX = compile_later(r"-(?:agent|subagent|expert|specialist|reviewer|writer|architect|engineer|developer|auditor|analyst|planner|manager|coordinator|orchestrator)`?$")


_ASK_TO = compile_later(r"`?(?:\s+(?:agent|sub-?agent))?\s+to\s+\w", re.I)
_CHANGES = frozenset({"changes", "fixes", "modifications", "anything"})
_ANY_CHANGES = frozenset({"any", "the", "these", "those", "such", "code", "changes", "fixes", "modifications", "yourself", "by", "itself"})
_BY_SELF = frozenset({"yourself", "itself", "by"})


def _any_changes(obj: list[Tok], objlows: list[str]) -> bool:
    """"changes", "the fixes yourself": every change of the code, by this agent ("changes to the schema" is one object)."""
    heads = [w for w in objlows if w not in _BY_SELF]
    return bool(heads) and heads[-1] in _CHANGES and _is_blanket(obj, 0, _ANY_CHANGES)


def _named_agent_after_to(obj: list[Tok], words: tuple[str, ...] = ("to",), within: int = 10) -> Tok | None:
    """The agent named after "to" (or another of `words`): "to `test-writer`", "to the test-writer
    agent": a kebab-case name in backticks, or any kebab-case name followed by "agent"."""
    for k, t in enumerate(obj[:within]):
        if t.low not in words:
            continue
        name = _agent_mention(obj, k + 1)
        if name is not None:
            return name
    return None


def _agent_mention(toks: list[Tok], i: int) -> Tok | None:
    """The agent named at `toks[i]`: "`test-writer`", "the test-writer agent". (Not "@test-writer":
    lists of such mentions are as often the team the caller may turn to next.)"""
    rest = toks[i : i + 3]
    rest = rest[1:] if rest and rest[0].low in ("the", "a", "an", "your") else rest
    if rest and _AGENT_NAME.match(rest[0].text) and (rest[0].text.startswith("`") or (len(rest) > 1 and rest[1].low in _AGENT_NOUNS)):
        return rest[0]
    return None


def _is_agent_noun_after(obj: list[Tok], name: Tok) -> bool:
    """Whether "agent" follows the name: "consult the `x` agent", not "consult `x`" (as often a skill)."""
    k = next(k for k, t in enumerate(obj) if t is name)
    return k + 1 < len(obj) and obj[k + 1].low in _AGENT_NOUNS


def _series_object(toks: list[Tok], i: int) -> bool:
    """Whether the verbs listed after `toks[i]` ("delete, disable, or loosen a test") end in an object."""
    joins = (",", "or", "and", "nor", "/", "-")
    j = i + 1
    while j < min(len(toks), i + 16):
        t = toks[j]
        nxt = toks[j + 1].low if j + 1 < len(toks) else ""
        if t.low in joins or t.text.startswith("`") or (t.text.isalpha() and t.text.islower() and (nxt in joins or toks[j - 1].low in ("or", "and", "nor"))):
            j += 1
            continue
        break
    return j < len(toks) and toks[j].low not in HARD_BOUNDARY and j > i + 2


def _sentence_of(toks: list[Tok], i: int) -> str:
    return " ".join(t.text for t in toks[max(0, i - 60) : i + 60])


# questions asked one at a time: a conversation, which only the user can hold with the agent
_DIALOGUE = compile_later(r"\bquestions?\s+(?:one\s+)?at\s+a\s+time\b|\b(?:one|1)\s+(?:question\s+)?at\s+a\s+time\b", re.I)


def _names_user_after(toks: list[Tok], i: int) -> bool:
    """Whether the words just after the verb name the user ("ask the user", "request input from the user")."""
    return _USER_WORD.search(" ".join(t.text for t in toks[i + 1 : i + 14])) is not None


def _names_user_before(toks: list[Tok], i: int) -> bool:
    """"report to the user and ask how to proceed": the user named earlier in the same clause, just before "and".
    Not when the user is the one who asks ("only when the user is present and asks for it")."""
    if i < 2 or toks[i - 1].low != "and" or toks[i].low in ("asks", "asked"):
        return False
    j = i - 2
    while j >= max(0, i - 10) and toks[j].low not in HARD_BOUNDARY and toks[j].low != ",":
        if toks[j].low in ("user", "human"):
            return True
        j -= 1
    return False


_CONDITIONS = frozenset({"if", "when", "whenever", "unless", "until", "while", "once", "after", "before", "during", "case", "otherwise", "except"})


def _conditional(toks: list[Tok], i: int) -> bool:
    """A prohibition under a condition ("If the build is red, do not write code") is not a blanket one."""
    return any(t.low in _CONDITIONS for t in toks[max(0, i - MAX_BACK) : i])


def _next_tok(toks: list[Tok], i: int) -> Tok | None:
    return toks[i + 1] if i + 1 < len(toks) else None


def _folder_named(obj: list[Tok], k: int) -> bool:
    """`packages/app/plans/ folder`: a path without backticks, named as a folder."""
    rest = [t.low for t in obj[k + 1 : k + 3]]
    return "/" in obj[k].text and _PATH.match(obj[k].text.strip("`")) is not None and (
        rest[:2] in (["/", "folder"], ["/", "directory"]) or rest[:1] in (["folder"], ["directory"]))


_FILE_ADJECTIVES = frozenset({"brief", "short", "new", "concise", "single", "small", "final", "updated", "detailed", "separate"})


_DOC_VERBS = frozenset({"describes", "says", "specifies", "explains", "documents", "defines", "shows", "lists", "prescribes", "requires"})


def _path_target(obj: list[Tok], lemma: str, after: list[Tok] = ()) -> Tok | None:
    """A path written as the object ("Write `report.md`"), the target ("Save it to `docs/x.md`"),
    or in parentheses right after the object ("Update the notes (`notes/session.md`)")."""
    if lemma == "apply":
        return None  # "apply `rules/style.md`" follows a document; it writes nothing
    if len(after) >= 2 and after[0].low == "(" and is_path(after[1]) and obj:
        return after[1]
    for k, t in enumerate(obj[:10]):
        if is_path(t) or _folder_named(obj, k):
            if k + 1 < len(obj) and obj[k + 1].low in _DOC_VERBS:
                return None  # "record each edge as `docs/tracker.md` describes": the document says how
            if k == 0 or all(x.low in _DETERMINERS or x.low in _FILE_ADJECTIVES for x in obj[:k]):  # "update the `CHANGELOG.md`", "a brief `notes.md`"
                return t
            if lemma in ("delete", "remove") and k <= 2:
                return t
            prev = [x.low for x in obj[max(0, k - 4) : k]]
            if any(w in ("to", "into", "in", "as", "at") for w in prev):
                return t
            return None
    return None


_BARE_NOUN_STARTS = frozenset({"code", "source", "file", "files", "shell", "bash", "command", "terminal", "web", "network", "internet", "delegation", "subagents", "sub-agents"})
_BARE_NOUN_WORDS = frozenset(w for name in _BARE_NOUN_STARTS for w in name.split("-"))  # as `words` cuts them
_NOUN_ACT = compile_later(
    r"^no\s+(?:direct\s+|actual\s+)?(?:(?P<code>code|source\s+code)\s+(?:implementation|writing|changes|edits|editing|modifications?)"
    r"|(?P<file>file|files)\s+(?:editing|edits|changes|writes|modifications?|creation|writing)"
    r"|(?P<writes>writes|file\s+writes|edits|modifications)"
    r"|(?P<shell>shell\s+commands|shell\s+access|shell|bash\s+commands|bash|command\s+execution|terminal(?:\s+access|\s+commands)?)"
    r"|(?P<web>(?:external\s+)?(?:web|network|internet|http)\s+(?:access|browsing|search(?:es)?|requests|calls)|browsing)"
    r"|(?P<delegate>delegation|sub-?agents))\b",
    re.I,
)


def _noun_prohibitions(toks: list[Tok], i: int, bare: bool = False) -> list[Action]:
    """"NO code implementation", "No direct file editing", "no shell"; `bare`: an item of a list
    of prohibitions that names the capability alone ("Not available: - Code editing")."""
    if i > 0 and not bare:
        prev = [t.low for t in toks[max(0, i - 4) : i] if not _ignorable(t)]
        if prev and prev[-1] not in (",", "and", "or") and not all(w in ALLOWED_PREFIX for w in prev[-3:]):
            return []
    rest_start = toks[i].start
    text = ("no " if bare else "") + " ".join(t.text.strip("`").lower() for t in toks[i : i + 5])
    m = _NOUN_ACT.match(text)
    if not m:
        return []
    act = {"code": Act.WRITE_CODE, "file": Act.MODIFY_FILES, "writes": Act.MODIFY_FILES, "shell": Act.RUN_COMMANDS, "web": Act.WEB, "delegate": Act.DELEGATE}[m.lastgroup or "code"]
    n = len(m.group(0).split()) - bare
    end_tok = toks[min(len(toks), i + n) - 1]
    after = toks[i + n].low if i + n < len(toks) else ""
    blanket = after in ("", ".", ",", ";", ":", "—", "–", "-", "(", ")", "!", "and", "or") or after in _LIGHT_ADVERBS
    return [Action(act, rest_start, end_tok.end, True, blanket)]


_REQUEST_VERBS = frozenset({"make", "attempt", "send", "perform", "issue"})
_WEB_REQUEST_CUE = compile_later(r"\b(?:web|network|http|https|internet)\s+(?:requests|calls)\b", re.I)


def _web_requests(toks: list[Tok], i: int, ctx: tuple[bool, bool, bool]) -> list[Action]:
    """"Do not attempt web requests", "never make external HTTP calls": a prohibition of the web
    (asked for, the same words may mean the code the agent writes, so only the prohibition counts)."""
    j = i - 1
    if toks[j].low not in ("web", "network", "http", "https", "internet"):
        return []
    j -= 1
    while j >= 0 and toks[j].low in ("external", "outbound", "any", "outgoing"):
        j -= 1
    if j < 0 or toks[j].low not in _REQUEST_VERBS:
        return []
    pol = _polarity(toks, j, "base", ctx)
    if pol is None or not pol[0] or not pol[1]:
        return []
    rest = _object(toks, i)  # "... web requests to the staging API", "... unless asked": limited
    blanket = not _conditional(toks, j) and all(t.low in _LIGHT_ADVERBS or t.low in (",", "and", "or") for t in rest)
    return [Action(Act.WEB, toks[j].start, toks[i].end, True, blanket, via_scope=pol[2])]


def _plan_mode(toks: list[Tok], i: int, ctx: tuple[bool, bool, bool]) -> list[Action]:
    j = i - 1
    while j >= 0 and toks[j].low in _DETERMINERS:
        j -= 1
    if j < 0 or toks[j].low not in ("enter", "use", "switch", "exit", "activate", "start", "entering", "using", "into", "in"):
        return []
    if toks[j].low == "in":  # "always start in plan mode", "work in plan mode": not "while the user is in plan mode"
        if j < 1 or toks[j - 1].low not in ("start", "begin", "work", "operate", "stay", "remain"):
            return []
        j -= 1
    k = j - 1 if toks[j].low == "into" else j
    if toks[j].low == "into":
        while k >= 0 and toks[k].low not in ("switch", "go", "get"):
            k -= 1
        if k < 0:
            return []
    lemma, form = VERB_FORMS.get(toks[k].low, (toks[k].low, "base"))
    pol = _polarity(toks, k, form, ctx)
    if pol is None:
        return []
    return [Action(Act.PLAN_MODE, toks[k].start, toks[i + 1].end, pol[1], pol[1], via_scope=pol[2])]


_MCP_NAME = compile_later(# "Call MCP Jira to update the status": the server named after "MCP" (first: "Call" is no name)
                          r"\b(?i:call|use|query|via|through)\s+(?i:the\s+)?MCP\s+(?!(?i:servers?|tools?|integration)\b)(?P<name6>[A-Z][\w-]*[A-Za-z0-9])\b|"
                          r"(?<![\w`/-])`?(?P<name>[A-Za-z][\w-]*[A-Za-z0-9])`?\s+MCP\b(?!\s*(?:tool|tools)\s+(?:like|such))|\bMCP\s+server\s+`?(?P<name2>[A-Za-z][\w-]*[A-Za-z0-9])`?"
                          # "via n8n-mcp", "through `figma-mcp`": a server's own name; "into Blender via MCP"
                          r"|\b(?i:via|through|using|use|with)\s+(?i:the\s+)?`?(?P<name3>[A-Za-z][\w]*(?:-[\w]+)*-mcp)`?(?![\w-])"
                          r"|(?<![\w`/-])(?P<name4>[A-Z][\w-]*[A-Za-z0-9])\s+(?:via|through|using)\s+(?:the\s+|an\s+)?MCP\b(?!\s+(?:server|tool)s?\s+(?:of|for|named))"
                          # "use the Xero connector": a connector is an MCP server
                          r"|\b(?i:use|using|via|through|with)\s+(?i:the\s+|your\s+)?`?(?P<name5>[A-Z][\w-]*[A-Za-z0-9])`?\s+connector\b"
                          # "Load Acme_Docs tools via ToolSearch": ToolSearch loads only an MCP server's tools
                          r"|(?<![\w`/-])`?(?!MCP\b)(?P<name7>[A-Z][\w-]*[A-Za-z0-9])`?\s+tools\s+(?i:via|through|with|using)\s+`?ToolSearch\b")




def _mcp_mentions(text: str, toks: list[Tok], servers: frozenset[str], scope_negative: bool) -> list[Action]:
    """"consult the Context7 MCP server": the prompt relies on an MCP server."""
    if "MCP" not in text and "-mcp" not in text and "connector" not in text and "ToolSearch" not in text and not _names_distinct_server(text):
        return []
    out = []
    for m in _MCP_LIST.finditer(text):  # "using available MCP tools (supabase, filesystem, tavily-remote)": each a server
        for n in re.finditer(r"[a-z][\w-]*", m.group("list")):
            if n.group() not in _NOT_A_SERVER_NAME:
                out.append(_mcp_action(text, toks, m.start(), m.end(), n.group(), scope_negative))
    for m in _MCP_NAME.finditer(text):
        name = m.group("name") or m.group("name2")
        if name is None:
            group = next((g for g in ("name3", "name4", "name5", "name6", "name7") if m.group(g)), None)
            other = m.group(group) if group else None
            if other is not None and other.lower() not in _NOT_A_SERVER_NAME and not (group == "name4" and _clause_start(text, m.start())):
                action = _mcp_action(text, toks, m.start(group), m.end(), other, scope_negative)
                out.append(dataclasses.replace(action, inferred=norm_server(other) not in servers))
            continue
        if norm_server(name) in servers:
            out.append(_mcp_action(text, toks, m.start(), m.end(), name, scope_negative))
        elif m.group("name") and name.lower() not in _NOT_A_SERVER_NAME:
            # "the Linear MCP server": a server of that name, whatever its configured name is;
            # "query the Companies House MCP": a name of two or three capitalized words
            start = m.start()
            lead = _CAPITALIZED_LEAD.search(text, 0, start) if name[0].isupper() else None
            if lead is not None:
                name, start = text[lead.start(1) : m.start()] + name, lead.start(1)
            if not (_NAMED_SERVER.match(text, m.end()) or _USE_BEFORE.search(text, 0, start)):
                continue
            if text[start] == "`" or "mcp" in name.lower() or (name[0].isupper() and not _clause_start(text, start)):
                action = _mcp_action(text, toks, start, m.end(), name, scope_negative)  # "the gcal-mcp-remote MCP server"
                out.append(dataclasses.replace(action, inferred=True))
    for m in _distinct_server_uses(text):  # "leverage Context7 for the latest docs": a name only an MCP server has
        if not any(a.start <= m.start("name") < a.end for a in out):  # "consult Context7 MCP server": read above
            out.append(dataclasses.replace(_mcp_action(text, toks, m.start("name"), m.end("name"), m.group("name"), scope_negative), inferred=True))
    return out


# The catalog's servers whose names no word or command shares ("context7", "sequential-thinking";
# not "git", "memory" or "playwright"), used by name: "leverage Context7 for the docs"
_DISTINCT_USE = compile_later(r"\b(?:use|using|leverage|leveraging|query|querying|consult|call|via|through|with)\s+(?:the\s+)?`?(?P<name>[A-Za-z][\w-]*[A-Za-z0-9])`?(?![\w-])", re.I)
_DISTINCT: frozenset[str] | None = None


def _distinct_servers() -> frozenset[str]:
    global _DISTINCT
    if _DISTINCT is None:
        from agentls.schema.mcp_catalog import known_servers  # its data is read on first use
        _DISTINCT = frozenset(n.lower() for n in known_servers() if "-" in n or any(c.isdigit() for c in n))
    return _DISTINCT


def _names_distinct_server(text: str) -> bool:
    low = text.lower()
    return any(n in low for n in _distinct_servers())


def _distinct_server_uses(text: str) -> list[re.Match]:
    if not _names_distinct_server(text):
        return []
    return [m for m in _DISTINCT_USE.finditer(text) if m.group("name").lower() in _distinct_servers()]


_MCP_LIST = compile_later(r"\b(?:use|using|via|through|with|query|call)\s+(?:the\s+)?(?:available\s+|following\s+|these\s+)?MCP\s+(?:tools|servers)\s*"
                        r"\((?P<list>[a-z][\w-]*(?:\s*,\s*[a-z][\w-]*)+)\)", re.I)


def _clause_start(text: str, at: int) -> bool:
    """Whether `at` is the first word of its clause, where every word is capitalized ("Designa MCP
    server och client" is Swedish for "design an MCP server and client")."""
    clause = re.split(r"[.!?:;—–]\s|\s-\s|\*\*", text[:at])[-1]
    return re.search(r"\w", clause) is None


_CAPITALIZED_LEAD = compile_later(r"\b(?i:use|using|via|through|query|call|from)\s+(?i:the\s+)?((?:[A-Z][a-z][\w-]*\s+){1,2})$")
_NAMED_SERVER = compile_later(r"\s+(?:servers?|tools?|integration)\b", re.I)
_USE_BEFORE = compile_later(r"\b(?:use|using|via|through|query|call|from)\s+(?:the\s+)?$", re.I)  # "use Figma MCP to get the node"
_NOT_A_SERVER_NAME = frozenset(
    "the a an any your our their this that these those its each every some custom remote local relevant appropriate available "
    "configured connected installed internal external other additional specific required given project official existing new "
    "such all no which".split()
)


def mcp_item(text: str, toks: list[Tok], name: str, start: int, end: int, scope_negative: bool) -> Action | None:
    """An item of an "MCP Integration:" list that names a server ("- context7: research docs")."""
    return _mcp_action(text, toks, start, end, name, scope_negative)


def _mcp_action(text: str, toks: list[Tok], start: int, end: int, name: str, scope_negative: bool) -> Action | None:
    # negation anywhere before the mention in its clause: "do not use the X MCP"
    k = bisect.bisect_left([t.start for t in toks], start)
    j = k - 1
    words = []
    while j >= max(0, k - MAX_BACK) and toks[j].low not in HARD_BOUNDARY:
        words.append(toks[j].low)
        j -= 1
    negative = any(w in NEGATION for w in words) or scope_negative
    return Action(Act.MCP, start, end, negative, False, server=name, via_scope=scope_negative and not any(w in NEGATION for w in words))


_READ_VERBS = frozenset("read review check consult load open see follow reference study examine inspect parse skim scan consider".split())


def read_paths(toks: list[Tok], description: bool = False) -> list[Tok]:
    """Paths the text tells the agent to read: "Read `docs/context.md`", "Follow the rules in CLAUDE.md"."""
    out = []
    for k, t in enumerate(toks):
        if not ("/" in t.text or "." in t.text) or not is_path(t):
            continue
        j = k - 1
        while j >= max(0, k - MAX_BACK) and (toks[j].low not in HARD_BOUNDARY or toks[j].low in ("(", ")")):
            info = VERB_FORMS.get(toks[j].low)
            if info is not None and (info[0] in _READ_VERBS or info[1] != "ing") and not toks[j].text.startswith("`"):
                break
            j -= 1
        if j < 0 or toks[j].low not in VERB_FORMS:
            continue
        lemma, form = VERB_FORMS[toks[j].low]
        if lemma not in _READ_VERBS:
            continue
        p = predicate(toks, j, form, False, description)
        if not p.ok and j > 0 and toks[j - 1].low == "to" and toks[0].low in VERB_FORMS and VERB_FORMS[toks[0].low][1] == "base":
            p = Predicate(True, any(x.low in NEGATION for x in toks[:j]))  # "Use `Read` to read X"
        if p.ok and not p.negative:
            out.append(t)
    return out


# ---- prechecks ---------------------------------------------------------------------------------
# Most sentences of a prompt ask for nothing. These tests, on the text and its `words`, say
# cheaply when `find_actions` or `read_paths` cannot find anything, so that the text need not be
# tokenized. Each only looks for what the full analysis needs in any case: a word that one of its
# branches starts from ("write", "no", "mode" of "plan mode"), "MCP", "only" of "read-only", and
# for a verb, a place where `predicate` can accept it and what its rules need (`_CUES`). A rule
# that starts from another word must be added here too; tests/unit/test_directive_prechecks.py
# compares with the full analysis.

# words of letters only (see `words`)
_VERB_WORDS = frozenset(form for form, (lemma, _) in VERB_FORMS.items() if lemma in _ACTION_LEMMAS)
_NOUN_WORDS = frozenset({"no", "mode"})  # `_noun_prohibitions`, `_plan_mode`
_READ_WORDS = frozenset(form for form, (lemma, _) in VERB_FORMS.items() if lemma in _READ_VERBS)
assert all(w.isascii() and w.isalpha() for w in _VERB_WORDS | _NOUN_WORDS | _READ_WORDS)
_ROLE_HINT = compile_later("only", re.I)  # every role of `_ROLE` ends with it
_BEFORE_PREDICATE = ALLOWED_PREFIX | JOINERS  # what `predicate` accepts just before a verb


def may_act(text: str, lows: list[str]) -> bool:
    """False when `find_actions(text)` is certainly empty; `lows` is `words(text)`."""
    return (
        not _NOUN_WORDS.isdisjoint(lows)
        or "MCP" in text or "-mcp" in text or "connector" in text or "ToolSearch" in text or _names_distinct_server(text)
        or (_ROLE_HINT.search(text) is not None and _ROLE.search(text) is not None)  # `_roles`
        or (("implementation" in lows or "coding" in lows) and _NO_IMPLEMENTATION.search(text) is not None)
        or ("`" in text and _CHECK_LABEL.match(text) is not None)  # `_labelled_command`
        or ("`" in text and ("output" in lows or "deliverable" in lows) and _OUTPUT_FILE.search(text) is not None)
        or ("search" in lows and _WEB_STEP.match(text) is not None)  # a web search step
        or (("requests" in lows or "calls" in lows) and _WEB_REQUEST_CUE.search(text) is not None)  # `_web_requests`
        or (not _VERB_WORDS.isdisjoint(lows) and _may_be_predicate(text, lows))
    )


def may_name_capability(lows: list[str]) -> bool:
    """Whether an item may name a capability alone ("Code editing"), a prohibition under "Never:"."""
    return not _BARE_NOUN_WORDS.isdisjoint(lows)


def _may_be_predicate(text: str, lows: list[str]) -> bool:
    """Whether a verb of `_ACTION_LEMMAS` in `text` may be a predicate of the agent that asks for
    an action. Not when the token just before it is a word that `predicate` refuses there
    ("Performance monitoring"), nor when the text lacks every word its rules need (`_verb_may_act`)."""
    gaps = _LETTERS.split(text)  # gaps[k]: what stands before the k-th word of `lows`
    found: dict[str, bool] = {}
    for k, low in enumerate(lows):
        if low not in _VERB_WORDS:
            continue
        before = gaps[k - 1] if k else ""  # the word before is a whole token when a space or nothing precedes it
        if (k == 0 or not gaps[k].isspace() or lows[k - 1] in _BEFORE_PREDICATE or (before and not before[-1].isspace())
                or (lows[k - 1] == "by" and k > 1 and lows[k - 2] in _BEGIN)):
            lemma = VERB_FORMS[low][0]
            if lemma not in found:
                found[lemma] = _verb_may_act(lemma, text, lows)
            if found[lemma]:
                return True
    return False


# What `_verb_actions` needs in the text, besides the verb, before it adds an action, per set of
# lemmas: a word of a set (a token of a noun table), a match of one of its patterns anywhere in
# the text with its spaces collapsed (the rule may ask for more: a match at the object's start),
# or nothing it can be tested for (None: a bare "never edit", an object read word by word). A
# lemma may act when one entry that holds it is met, and always when no entry holds it. A new
# rule of `_verb_actions` must be entered here.
_Cue = frozenset[str] | re.Pattern[str] | None
_PATH_HINT = compile_later(r"/|\.[A-Za-z]")  # every `is_path` has a slash or an extension
# a code span that `shell_command` accepts: "`git status`", "`$npm test`"
_COMMAND_SPAN = compile_later(r"` ?\$*(?:" + "|".join(re.escape(c) for c in sorted(SHELL_COMMANDS)) + r")[ `]", re.I)
_CUES: tuple[tuple[frozenset[str], _Cue], ...] = (
    (_WRITE_CODE_VERBS, _CODE_NOUNS),
    *((frozenset({verb}), nouns) for verb, nouns in _CHANGE_CODE_VERBS.items()),
    (_MODIFY_VERBS, _FILE_NOUNS),
    (_MODIFY_VERBS, _PATH_HINT),  # `_path_target`
    (frozenset({"apply"}), _APPLY_OBJECTS),
    (frozenset({"keep"}), _PATH_HINT),  # "keep `docs/api.md` in sync"
    (_BARE_MODIFY_VERBS, None),
    (_GIT_VERBS, None),
    (_RUN_VERBS, None),  # "never run anything"
    (_COMMAND_CHECK_VERBS, _BARE_COMMANDS),
    (_COMMAND_CHECK_VERBS, _COMMAND_SPAN),
    (_WEB_VERBS, _WEB_NOUNS),  # it matches "online" too
    (_FETCH_VERBS, None),  # a URL
    (frozenset({"use"}), _USE_WEB),
    (frozenset({"delegate"}), None),
    (_DELEGATE_VERBS, _AGENT_NOUNS),
    (frozenset({"hand"}), re.compile(r"\bto\b")),  # "hand off to `test-writer`"
    (frozenset({"consult"}), _AGENT_NOUNS),  # "consult the schema-keeper agent" (not "consult `x`": as often a skill)
    (frozenset({"call", "invoke", "spawn", "launch", "dispatch", "engage"}), _ROLE_NAME_CUE),  # "call `component-reviewer`"
    (frozenset({"perform"}), frozenset({"implementation", "coding"})),
    (frozenset({"implement"}), frozenset({"anything"})),  # "never implement anything yourself"
    (frozenset({"ask", "wait", "escalate"}), None),
    (frozenset({"prompt", "interview"}), _PROMPT_OBJECT),
    (frozenset({"request"}), _REQUEST_OBJECT),
    (frozenset({"seek"}), _SEEK_OBJECT),
    (frozenset({"request", "query", "get", "obtain"}), _FROM_AGENT),
    (frozenset({"alert"}), _ALERT_OBJECT),
    (_WITH_USER_VERBS, _WITH_USER),
    (_WITH_USER_VERBS, _WITH_THEM),  # "confirm with them" (the user named before)
    (_APPROVAL_VERBS, _APPROVAL),
    (_ACTION_LEMMAS, re.compile(r"\b(?:via|through)\b", re.I)),  # "... via the docs-writer agent"
)


def _letter_run(word: str) -> str:
    """The longest run of letters of a table word: `words` holds it wherever a token spells the word."""
    return max(_LOWER_LETTERS.findall(word.lower()), key=len)


def _lemma_cues() -> dict[str, tuple[frozenset[str] | re.Pattern[str], ...] | None]:
    """`_CUES` by lemma, each word set as `words` sees it ("sub-agents" as "agents", "python3" as
    "python"); None for a lemma that some rule lets act without any."""
    out: dict[str, tuple[frozenset[str] | re.Pattern[str], ...] | None] = {}
    for lemmas, cue in _CUES:
        test = frozenset(_letter_run(w) for w in cue) if isinstance(cue, frozenset) else cue
        for lemma in lemmas:
            known = out.get(lemma, ())
            out[lemma] = None if known is None or test is None else (*known, test)
    return out


_LEMMA_CUES = _lemma_cues()


def _verb_may_act(lemma: str, text: str, lows: list[str]) -> bool:
    """False when no rule of `_verb_actions` for `lemma` can add an action to `text`.

    Only for ASCII text: elsewhere a character inside a code span may lowercase, or match a
    pattern, as an ASCII letter (the Kelvin sign as k) where `words` does not see one."""
    cues = _LEMMA_CUES.get(lemma)
    if cues is None or not text.isascii():
        return True
    spaced = None
    for cue in cues:
        if isinstance(cue, frozenset):
            if not cue.isdisjoint(lows):
                return True
        else:
            if spaced is None:
                spaced = " ".join(text.split())  # the rules read tokens rejoined with one space
            if cue.search(spaced):
                return True
    return False


def may_read(text: str, lows: list[str]) -> bool:
    """False when `read_paths(tokenize(text))` is certainly empty; `lows` is `words(text)`."""
    return ("/" in text or "." in text) and not _READ_WORDS.isdisjoint(lows)
