"""The quick paths of the directive extractor against the plain analysis they stand in for.

Most pieces of a prompt ask for nothing, so `_unit` and `_paragraph` first test cheaply whether a
piece can hold an action, a tool mention or a read path, and skip tokenizing it when it cannot.
These properties build text from the vocabulary of the analysis (its verbs in every form, the
words allowed before them, negations, the nouns its rules look for, tool names, paths) with the
punctuation, quotes, emphasis and code spans that shape tokens and sentences, and check that a
precheck never skips what the full analysis would find. The cleaning and sentence splitting are
checked against simple reference versions of the same rules.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentls.analysis import actions as A
from agentls.analysis import directives as D
from agentls.analysis.languages import other_language_actions
from agentls.analysis.user_gates import user_gates
from agentls.schema import OLD_TOOLS, TOOLS

SETTINGS = settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

_ACTION_FORMS = sorted(f for f, (lemma, _) in A.VERB_FORMS.items() if lemma in A._ACTION_LEMMAS)
_READ_FORMS = sorted(f for f, (lemma, _) in A.VERB_FORMS.items() if lemma in A._READ_VERBS)
_OTHER_VERBS = sorted(set(A.VERB_FORMS) - set(_ACTION_FORMS) - set(_READ_FORMS))[:200]
_NOUNS = sorted(
    A._CODE_NOUNS | A._FILE_NOUNS | A._RUN_NOUNS | A._AGENT_NOUNS | A._APPLY_OBJECTS
    | {"user", "users", "human", "approval", "confirmation", "web", "online", "internet", "url", "clarifying", "questions",
       "anything", "disk", "changes", "branch", "decision", "lead", "orchestrator", "plan", "mode", "read-only", "only",
       "planning", "MCP", "server", "context7", "mcp__docs__find", "pwd", "ls", "git", "npm", "pytest", "performance"}
)
_TOOL_NAMES = sorted({*TOOLS, *OLD_TOOLS})
_PATHS = ["docs/plan.md", "`notes/session.md`", "./out.json", "~/x/y.yaml", "src/app.py", "README.md", "a/b/"]
_MARKS = [
    " ", " ", " ", " ", ", ", ". ", "; ", ": ", " - ", " — ", "! ", "? ", "(", ")", '"', "'", "“", "”", "`", "**", "__",
    "*", "_", "<b>", "</b>", "’", "'s", "/", ".", "1. ", "- ", "e.g. ", "\u212a", "\u0130", "é", "🧪", "->", "\n",
]
WORDS = st.one_of(
    st.sampled_from(_ACTION_FORMS),
    st.sampled_from(_READ_FORMS),
    st.sampled_from(_OTHER_VERBS),
    st.sampled_from(sorted(A.ALLOWED_PREFIX | A.JOINERS | A.NEGATION - {","})),
    st.sampled_from(_NOUNS),
    st.sampled_from(_TOOL_NAMES),
    st.sampled_from(_PATHS),
)
CASES = st.sampled_from([str, str, str, str.capitalize, str.upper])
CASED = st.tuples(WORDS, CASES).map(lambda p: p[1](p[0]))
PART = st.one_of(CASED, CASED, st.sampled_from(_MARKS))
# something like a directive: words allowed before a verb, an action verb, an object
_BASE_FORMS = sorted(f for f, (lemma, form) in A.VERB_FORMS.items() if form == "base" and (lemma in A._ACTION_LEMMAS or lemma in A._READ_VERBS))
_OBJECTS = ["code", "the code", "files", "any files", "the tests", "shell commands", "`git status`", "the user", "the user for approval",
            "clarifying questions", "the web", "online", "other agents", "to a sub-agent", "for confirmation", "anything", "plan mode",
            "docs/plan.md", "to `notes/x.md`", "the changes", "with the user", "to a human before proceeding", "tests", "`WebSearch`",
            "`mcp__docs__find`", "mcp__github__search", "the context7 MCP server", "`x*y`", "`__init__`", "`<b>`"]
# phrases that act without an action verb, or with one after a contraction
_SPECIAL = ["no delegation", "No shell", "no web browsing", "no file edits", "NO code implementation", "You are a read-only agent",
            "(planning only)", "(PLANNING ONLY)", "You are a Read-Only agent", "Stay READ-ONLY", "Do not use plan mode", "enter plan mode", "don't write code", "Don’t run commands",
            "You can't edit files", "WON'T delegate to agents", "never writes files", "x.never write code", "so.don't run tests",
            "Use tools, e.g. Write the file. Then i.e. Stop etc. Done! vs. X? cf. Y. `a. B` end"]
CLAUSE = st.tuples(
    st.lists(st.sampled_from(sorted(A.ALLOWED_PREFIX - {","})), max_size=3),
    st.tuples(st.one_of(st.sampled_from(_BASE_FORMS), st.sampled_from(_ACTION_FORMS + _READ_FORMS)), CASES).map(lambda p: p[1](p[0])),
    st.lists(st.one_of(st.sampled_from(_OBJECTS), CASED), max_size=3),
    st.sampled_from([".", ",", ";", "", " and", ":", "!"]),
).map(lambda c: " ".join([*c[0], c[1], *c[2]]) + c[3])
DENSE = st.lists(PART, min_size=1, max_size=8).map("".join)  # words and marks side by side: "a.write", "`x", "K"
# a few words: often a noun before a verb ("Performance monitoring"), which the prechecks skip
PHRASE = st.one_of(
    st.lists(st.one_of(CASED, st.sampled_from(_NOUNS)), min_size=1, max_size=4).map(" ".join),
    st.tuples(st.sampled_from(_NOUNS + ["Performance", "query", "error", "data"]), st.sampled_from(_ACTION_FORMS), st.sampled_from(["", " and", " of data", "."]))
    .map(lambda p: f"{p[0].capitalize()} {p[1]}{p[2]}"),
)
SPECIAL = st.tuples(st.sampled_from(_SPECIAL), CASES).map(lambda p: p[1](p[0]))
TEXT = st.one_of(st.lists(st.one_of(CLAUSE, CLAUSE, DENSE, SPECIAL), min_size=1, max_size=6).map(" ".join), PHRASE, SPECIAL)


def plain_unit(text: str, scope_negative: bool, item: bool, source: str, servers: frozenset[str]):
    """`_unit` without its prechecks: every piece tokenized and analysed in full (user gates and
    other languages' phrases looked for by their patterns alone)."""
    clean = D._blank_quotes(text)
    body = source == "body"
    return D.read_unit(clean, A.tokenize(clean), scope_negative, item, source, servers, True, body, body and not scope_negative,
                       user_gates(clean, scope_negative), other_language_actions(clean))


def assert_unit_as_full(text: str, scope_negative: bool, item: bool, source: str) -> None:
    """The prechecked unit equals the full analysis of the same piece."""
    servers = frozenset({"context7"})
    assert D._unit.__wrapped__(text, scope_negative, item, source, servers) == plain_unit(text, scope_negative, item, source, servers)


def assert_skip_is_empty(text: str) -> None:
    """A paragraph the prechecks skip whole has nothing in any of its sentences (an item of a list
    of prohibitions is also read when it may name a capability alone: "- Code editing")."""
    if D._may_find(text):
        return
    named = A.may_name_capability(A.words(text))
    for a, z in D._sentences(text):
        for scope_negative in (False, True) if not named else (False,):
            _, actions, found, reads = plain_unit(text[a:z], scope_negative, True, "body", frozenset({"context7"}))
            assert not actions and not found and not reads, text[a:z]


@SETTINGS
@given(TEXT, st.booleans(), st.booleans(), st.sampled_from(["body", "description"]))
def test_unit_finds_what_the_full_analysis_finds(text, scope_negative, item, source):
    assert_unit_as_full(text, scope_negative, item, source)


@SETTINGS
@given(TEXT)
def test_a_paragraph_skipped_whole_has_nothing_in_any_sentence(text):
    assert_skip_is_empty(text)


def test_the_properties_reach_both_sides_of_the_prechecks():
    """The generated texts include pieces with findings, and skipped pieces that hold action verbs."""
    found = skipped_with_verb = 0

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(TEXT)
    def count(text):
        nonlocal found, skipped_with_verb
        result = plain_unit(text, False, True, "body", frozenset())
        found += bool(result[1] or result[2] or result[3])
        skipped_with_verb += not D._may_find(text) and not A._VERB_WORDS.isdisjoint(A.words(text))

    count()
    assert found >= 10 and skipped_with_verb >= 5, (found, skipped_with_verb)


def test_a_verb_after_a_word_that_cannot_precede_a_predicate_is_skipped():
    assert not D._may_find("Performance monitoring for payments online")
    assert D._may_find("Monitoring online and alerting")  # a gerund may start an item
    assert D._may_find("You never monitoring online")  # "never" may stand before a verb
    assert D._may_find("performance, monitoring online")  # not the word just before it
    assert D._may_find("**Performance** monitoring online".replace("**", "`"))  # not a whole word before it


def test_words_are_the_lowercase_letter_runs():
    assert A.words("Don't write_code to `src/App.py`, ok?") == ["don", "t", "write", "code", "to", "src", "app", "py", "ok"]
    assert A.words("WRITE\u212aode") == ["write", "ode"]  # the Kelvin sign lowercases to an ASCII k



# ---- what the rules of a verb need besides it (`actions._CUES`) --------------------------------
# Verbs of every lemma the cues test, the words of their tables as written (with hyphens, digits
# and backticks), near misses, and phrases for the patterns among the cues.
_CUE_FORMS = sorted(f for f, (lemma, _) in A.VERB_FORMS.items() if lemma in A._LEMMA_CUES)
_CUE_WORDS = sorted(set().union(*(cue for _, cue in A._CUES if isinstance(cue, frozenset)), A.SHELL_COMMANDS))  # `_COMMAND_SPAN`
_CUE_PHRASES = ["the web", "online", "the internet", "web search", "web searches", "web pages", "webpage", "websites",
                "the web for", "web fetch", "web browsing", "the web\nsearch", "with the user", "with\n the human",
                "with stakeholders", "for approval", "the user", "users", "the\nhuman", "a decision", "clarification", "input", "feedback", "for explicit sign-off", "a go-ahead", "authorization", "permission",
                "`git status`", "` $NPM`", "docs/plan.md", "`src/app.py`", "notes.txt", "./run", "e.g. this", "and/or", "off to `test-writer`", "over to the\nreviewer agent", "via the docs-writer agent", "through\nthe `db-admin` agent",
                "from the context-manager", "from the\n`db-agent` agent", "with them", "with\nher"]
_CUE_OBJECTS = st.one_of(
    st.sampled_from(_CUE_WORDS),
    st.sampled_from(_CUE_WORDS).map(lambda w: f"`{w}`"),
    st.sampled_from(_CUE_WORDS).map(lambda w: f"`{w} --help`"),
    st.sampled_from(_CUE_WORDS).map(lambda w: f"` ${w} x`"),
    st.sampled_from(_CUE_WORDS).map(lambda w: f"`$ {w}`"),
    st.sampled_from(_CUE_WORDS).map(lambda w: f"`{w}-x`"),
    st.sampled_from(_CUE_PHRASES),
    st.sampled_from(["the", "any", "all", "to", "with", "via", "using", "off", "over", "other", "this", "anything",
                     "user", "docs", "report", "web", "unit", "sub", "agent-like", "filed", "codes"]),
    st.sampled_from(_MARKS),
)
CUE_CLAUSE = st.tuples(
    st.lists(st.sampled_from(sorted(A.ALLOWED_PREFIX | A.NEGATION - {","})), max_size=2),
    st.tuples(st.sampled_from(_CUE_FORMS), CASES).map(lambda p: p[1](p[0])),
    st.lists(st.tuples(_CUE_OBJECTS, CASES).map(lambda p: p[1](p[0])), max_size=4),
    st.sampled_from([".", ",", ";", "", " and", ":", "!"]),
).map(lambda c: " ".join([*c[0], c[1], *c[2]]) + c[3])
# a plain directive, its verb and object most often from one entry of the cues: "Never write any code."
_CUE_BASES = sorted(f for f, (lemma, form) in A.VERB_FORMS.items() if lemma in A._LEMMA_CUES and form == "base")
_ENTRIES = [(sorted(f for f, (lemma, form) in A.VERB_FORMS.items() if lemma in lemmas and form == "base"), sorted(cue))
            for lemmas, cue in A._CUES if isinstance(cue, frozenset)]
_PAIRED = st.sampled_from(_ENTRIES).flatmap(lambda e: st.tuples(st.sampled_from(e[0]), st.sampled_from(e[1])))
CUE_DIRECTIVE = st.tuples(
    st.sampled_from(["", "Never ", "Do not ", "You must ", "Always ", "Don't "]),
    st.one_of(_PAIRED, _PAIRED, st.tuples(st.sampled_from(_CUE_BASES), _CUE_OBJECTS)),
    st.sampled_from(["", "the ", "any ", "all ", "with ", "to ", "other ", "off to ", "for ", "it to ", "with `"]),
    st.sampled_from([".", "", ",", " now.", "`"]),
).map(lambda d: f"{d[0]}{d[1][0]} {d[2]}{d[1][1]}{d[3]}")
CUE_TEXT = st.lists(st.one_of(CUE_CLAUSE, CUE_DIRECTIVE, CUE_DIRECTIVE, DENSE), min_size=1, max_size=3).map(" ".join)


def test_every_pattern_among_the_cues_is_met_by_a_phrase():
    """So that the generated texts reach the rules behind each pattern."""
    for _, cue in A._CUES:
        if isinstance(cue, re.Pattern):
            assert any(cue.search(p) for p in _CUE_PHRASES), cue.pattern


@SETTINGS
@given(CUE_TEXT, st.booleans(), st.booleans(), st.sampled_from(["body", "description"]))
def test_unit_finds_what_the_full_analysis_finds_for_every_verb_rule(text, scope_negative, item, source):
    assert_unit_as_full(text, scope_negative, item, source)


@SETTINGS
@given(CUE_TEXT)
def test_a_paragraph_skipped_for_its_verbs_has_nothing_in_any_sentence(text):
    assert_skip_is_empty(text)


def test_the_verb_rule_properties_reach_both_sides_of_the_cues(monkeypatch):
    """The generated texts include verbs whose rules find an action, and verbs skipped only for
    want of what their rules need."""
    found = refused = 0

    @settings(max_examples=400, deadline=None, database=None, derandomize=True)
    @given(CUE_TEXT)
    def count(text):
        nonlocal found, refused
        found += bool(plain_unit(text, False, False, "body", frozenset())[1])
        lows = A.words(text)
        if not A.may_act(text, lows):
            with monkeypatch.context() as m:
                m.setattr(A, "_verb_may_act", lambda *_: True)
                refused += A.may_act(text, lows)

    count()
    assert found >= 20 and refused >= 20, (found, refused)


def test_cues_outside_ascii_are_not_trusted():
    """The Kelvin sign lowercases to k inside a code span, where `words` sees no letter."""
    text = "Check with `\u212aubectl get pods`"
    assert D._unit.__wrapped__(text, False, False, "body", frozenset()) == plain_unit(text, False, False, "body", frozenset())
    assert plain_unit(text, False, False, "body", frozenset())[1]


def test_a_verb_without_what_its_rules_need_is_skipped():
    assert not D._may_find("Implement the payment flow.")
    assert D._may_find("Implement the code.")
    assert not D._may_find("Gather latency figures and query the metrics database.")
    assert D._may_find("Query the web for it.")
    assert D._may_find("Launch sub-agents in parallel.")  # "agents" of "sub-agents"
    assert D._may_find("Create `notes/plan.md`.")
    assert D._may_find("Never edit.")  # a bare verb may act

# ---- reference versions of the cleaning and the sentence split ---------------------------------

def reference_clean(raw: str, base: int = 0) -> tuple[str, list[int], list[int]]:
    """Character by character: what to keep, then runs of kept characters."""
    code = [False] * len(raw)
    for m in D._CODE_SPAN.finditer(raw):
        for k in range(m.start(), m.end()):
            code[k] = True
    keep = [True] * len(raw)
    for m in D._HTML_TAG.finditer(raw):
        if not code[m.start()]:
            for k in range(m.start(), m.end()):
                keep[k] = False
    for k, ch in enumerate(raw):
        if ch == "*" and not code[k]:
            keep[k] = False
    for m in re.finditer(r"__", raw):
        a, b = m.start(), m.end()
        inner_word = a > 0 and raw[a - 1].isalnum() and b < len(raw) and (raw[b].isalnum() or raw[b] == "_")
        if not inner_word and not code[a] and not (a > 0 and raw[a - 1] == "_"):
            keep[a] = keep[a + 1] = False
    starts, offsets = [], []
    t = 0
    for k, ok in enumerate(keep):
        if ok:
            if k == 0 or not keep[k - 1]:
                starts.append(t)
                offsets.append(base + k)
            t += 1
    return "".join(ch for ch, ok in zip(raw, keep) if ok), starts or [0], offsets or [base]


# a line break before a capital ends a sentence too: `_join_lines` keeps one only where a line opens a step of its own
_REFERENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)(?<!\bcf)[.!?](?=\s+[\"'(*`\[]?[A-Z0-9])|[.!?]$|\n(?=[A-Z])")


def reference_sentences(text: str) -> list[tuple[int, int]]:
    # a sentence end inside a code span or inside a quote `_blank_quotes` blanks does not end the sentence
    code = [m.span() for m in D._CODE_SPAN.finditer(text)] + [m.span() for m in D._QUOTED.finditer(text)]
    out, start = [], 0
    for m in _REFERENCE_END.finditer(text):
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


@SETTINGS
@given(TEXT, st.integers(0, 50))
def test_clean_matches_the_reference(raw, base):
    assert D._clean(raw, base) == reference_clean(raw, base)


@SETTINGS
@given(TEXT)
def test_sentences_match_the_reference(text):
    assert D._sentences(text) == reference_sentences(text)


@SETTINGS
@given(st.lists(st.sampled_from(["*", "**", " ", "a", "Write", "é", "\n"]), max_size=12).map("".join), st.integers(0, 50))
def test_clean_of_asterisks_only_matches_the_reference(raw, base):
    """Texts whose only markers are asterisks take a shorter path through `_clean`."""
    assert D._clean(raw, base) == reference_clean(raw, base)
