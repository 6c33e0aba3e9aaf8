"""The body model from markdown-it-pyrs (the fast path) equals the one from markdown-it-py.

markdown-it-py is the reference: the fast path turns the compiled parser's tree into the same
blocks, code lines, inline lines and top-level starts, and leaves to markdown-it-py the texts on
which the two libraries disagree (`_Unsure`). Each such disagreement is pinned below.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import body_model, CORPUS, SEEDS, agentls_env, needs_corpus

from agentls.document import body as body_mod
from agentls.document import parse_document
from agentls.document.body import _scan_fast, _scan_py, _Unsure

pytest.importorskip("markdown_it_pyrs")


def _model(scan, text: str) -> tuple:
    blocks, code, inline, tops = scan(text, 0)
    return [(b.kind, b.line, b.end_line, b.level, b.text, b.ordered) for b in blocks], sorted(code), sorted(inline), tops


def _fast(text: str, base: int = 0):
    return _scan_fast(body_mod._fast(), text, base)


def _parse_with(monkeypatch: pytest.MonkeyPatch, text: str, fast: bool) -> tuple:
    """The whole ParsedBody of `text`, with the fast path on or off."""
    monkeypatch.setattr(body_mod, "_FAST", None if fast else False)
    body_mod.parse_body.cache_clear()
    try:
        return body_model(body_mod.parse_body(text))
    finally:
        body_mod.parse_body.cache_clear()


# ---- (a) texts that the fast path reads itself ------------------------------------------------

CASES = {
    "atx headings": "# One\n\n## Two ##\n### Three ###   \n#\n####### seven hashes\n#no space\n",
    "setext headings": "Title\n=====\n\nSub\ntitle\n---\n\n  Indented\n  ===\n",
    "nested lists, lazy lines": "- a\n  - b\nlazy for b\n    - c\n- d\n\n1. one\n2. two\n   continued\n   1) inner\n   2) inner\n10. ten\n",
    "loose list": "- a\n\n- b\n\n  second paragraph of b\n- c\n",
    "empty items": "-\n  foo\n- \n-\n\n1.\n   bar\n",
    "task items": "- [ ] todo\n- [x] done\n  more\n",
    "fences in lists": "- step:\n  ```bash\n  echo hi\n  ```\n- next\n  ~~~\n  open fence to the end of the item\n- last\n",
    "indented code": "para\n\n    code line\n      more\n\n    after blank\n\ntext\n",
    "fences": "```python title\nx = 1\n```\n\n````\n```\nnested\n````\n\n~~~\nunclosed\n",
    "block quotes": "> quote\nlazy line\n> > nested\n>\n> after\n\n> # heading in quote\n> - list in quote\n>   more\n",
    "tables": "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n\ntext\n| x | y |\n| - | - |\n\n- | in | list |\n  | -- | -- |\n",
    "html blocks": "<div>\nhtml\n</div>\n\n<!-- comment\nmore -->\nafter\n\n<pre>\nkeep\n\nthis\n</pre>\n<custom-tag>\n",
    "example blocks": "<example>\nuser: hi\nassistant: `Read` the file\n</example>\n\n<commentary>\nWhy.\n</commentary>\n",
    "references": "[ref]: https://example.com \"title\"\n[other]:\n  /url\n\nUse [ref].\n",
    "crlf": "# Title\r\n\r\n- a\r\n- b\r\n\r\n```\r\ncode\r\n```\r\n\r\n> q\r\n",
    "lone cr": "# Title\r\rpara\rmore\r\r- a\r  - b\r",
    "tabs": "-\ta\n\t-\tb\n\n\tcode\n\n>\tquote\n1.\tone\n\t\tdeep\n\n| a\t| b |\n|\t-\t|-|\n",
    "tab-indented paragraph in a list": "1.\n\te\n- a\n\t\tb\n- \t\tx\n  \ty\n",
    "non-ascii": "# Café 😀 ☕\n\n- naïve – ‘quotes’ 𝔘\n- 中文 `código`\n\n> 🧪 test\n\n| é | 😀 |\n|---|---|\n| ü | 🏳️‍🌈 |\n",
    "nul and odd characters": "a\x00b\n\n# \x00\n\n- \x00\n\u00ad soft hyphen\n",
    "trailing spaces": "~~~\n \n\n-\n  \t",
    "no final newline": "- a\n  - b",
    "blank quote lines": "> a\n>\n> b\n>\n\nafter\n>\n> c\n",
    "only blank": "\n\n   \n\t\n",
    "empty": "",
    "hr and lists": "- a\n***\n- b\n---\n* c\n- - -\n",
    "deep but under the limit": "".join("  " * i + "- level\n" for i in range(8)) + "> " * 6 + "deep quote\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_fast_path_equals_markdown_it_py(name: str) -> None:
    text = CASES[name]
    assert _model(_fast, text) == _model(_scan_py, text)  # _fast raises _Unsure (fails) if it declines


@pytest.mark.parametrize("name", ["crlf", "tables", "nested lists, lazy lines", "example blocks"])
def test_parsed_body_equal_with_and_without_the_fast_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CASES[name]
    assert _parse_with(monkeypatch, text, fast=True) == _parse_with(monkeypatch, text, fast=False)


def test_line_numbers_with_a_base() -> None:
    text = CASES["nested lists, lazy lines"] + "\n" + CASES["tables"]
    assert _model(lambda t, _: _fast(t, 7), text) == _model(lambda t, _: _scan_py(t, 7), text)


def test_crlf_breaks_lines_for_both() -> None:
    """markdown-it-py's block parser breaks lines only at \\n; agentls hands it \\n for \\r\\n (the
    line count is the same), so a CRLF blank line is blank, as in CommonMark."""
    blocks = _scan_py("a\r\n\r\nb\r\n", 0)[0]
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [("paragraph", 0, 1), ("paragraph", 2, 3)]


# ---- where the libraries disagree: left to markdown-it-py ---------------------------------------

_NODE_TOKEN = {
    "heading": "heading_open", "lheading": "heading_open", "paragraph": "paragraph_open", "blockquote": "blockquote_open",
    "bullet_list": "bullet_list_open", "ordered_list": "ordered_list_open", "list_item": "list_item_open",
    "table": "table_open", "fence": "fence", "code_block": "code_block", "html_block": "html_block", "hr": "hr",
}


def _tree_of_markdown_it_pyrs(text: str) -> list[tuple]:
    """Block nodes as (markdown-it-py token type, first line, end line, heading text)."""
    src = text.encode()
    starts = body_mod._lines(src)[0]

    def line(offset: int) -> int:
        return sum(1 for s in starts if s <= offset) - 1

    out = []
    for node in body_mod._fast().tree(text).walk():
        if node.name in _NODE_TOKEN and node.srcmap:
            title = "".join(c.meta.get("content", "") for c in node.children).strip() if "heading" in node.name else ""
            out.append((_NODE_TOKEN[node.name], line(node.srcmap[0]), line(node.srcmap[1]) + 1, title))
    return out


def _tokens_of_markdown_it_py(text: str) -> list[tuple]:
    md = body_mod._markdown()
    tokens: list = []
    md.block.parse(text.replace("\r\n", "\n").replace("\r", "\n"), md, {}, tokens)
    return [
        (t.type, t.map[0], t.map[1], tokens[i + 1].content.strip() if t.type == "heading_open" else "")
        for i, t in enumerate(tokens)
        if t.type in _NODE_TOKEN.values() and t.map and not t.hidden
    ]


# text -> how markdown-it-py reads it, where markdown-it-pyrs reads it otherwise
DISAGREEMENTS = {
    "> q\n2) two\n": "an ordered item not numbered 1 ends a block quote's lazy paragraph",
    "> q\n-\n": "an empty item ends a block quote's lazy paragraph",
    "1. > q\n   1.\n": "the same in a list item",
    "[r]:\n1.\n": "an empty item ends a link reference definition (so it is a paragraph)",
    "| a | b |\n|---|---|\n1.\n": "an empty item ends a table",
    "```|b\n-|-\n": "tables come before fences",
    "> |-\n-|-\n": "tables come before block quotes",
    "x\n-|\n": "a table needs a | in its header row",
    "> q\na|b\n-|-\n": "a table does not end a block quote's lazy paragraph",
    "-\n- |b\n-|-\n": "a table does not start on a list item's line",
    "- a\nx\n    :-\n": "no table there, and the paragraph goes on",
    "<!x\n": "a lower-case declaration is an HTML block (CommonMark 0.31)",
    "- <pre\n\n": "an unclosed HTML block in a list item goes on over a blank line",
    "- <!-- c\n\n  more\n": "the same for a comment",
    ">\n\n": "a block quote that ends in a blank line takes the blank lines after it",
    "> a\n>\n>\n\nb\n": "the same after content",
    "> ```\n> a\n>": "an open fence ends before a last line of quote marks only",
    ">>> \tt\n": "tab stops after nested quote marks (a paragraph, not code)",
    ">> -\t x\n": "the same in a list item (code, not a paragraph)",
    "[x]:\\\n": "a lone backslash is a link destination",
    "[x]:/\n\"\"/\n": "a title followed by more text drops the whole definition",
    "[x]:\\\n e\n=\n": "the same definition before a setext underline",
    "> q\n `\n>-\n": "the indentation of a lazy line kept in a setext heading's text",
    "[r]:\x85\n": "U+0085 is no space in a link destination",
    "<t>\x1c\n": "U+001C is a space after an HTML tag",
    "- " * 11 + "deep\n": "nothing is parsed inside the 10th nested list (maxNesting 20)",
    "> " * 21 + "deep\n": "nothing is parsed inside the 20th nested quote",
}


@pytest.mark.parametrize("text", list(DISAGREEMENTS))
def test_disagreements_are_left_to_markdown_it_py(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whether the two libraries still disagree here depends on their versions (markdown-it-py 3
    # follows CommonMark 0.30, 4 follows 0.31): what must hold on every version allowed is that
    # the fast path declines and the model is markdown-it-py's.
    with pytest.raises(_Unsure):
        _fast(text)
    assert _parse_with(monkeypatch, text, fast=True) == _parse_with(monkeypatch, text, fast=False)


def test_the_structure_helpers_agree_where_the_libraries_do() -> None:
    for name in ("atx headings", "block quotes", "tables", "html blocks", "loose list"):
        assert _tree_of_markdown_it_pyrs(CASES[name]) == _tokens_of_markdown_it_py(CASES[name]), name


# ---- (b) generated documents ------------------------------------------------------------------

PREFIXES = ["", " ", "  ", "   ", "    ", "\t", " \t", "> ", ">", "> > ", "- ", "-\t", "* ", "1. ", "1) ", "2. ",
            "10) ", "- > ", "> - ", "  - ", "    - ", "\t- ", "> 1. ", "-   ", "+ "]
CONTENT = ["text", "more words", "`code`", "# h", "## h #", "```", "```js", "~~~", "    code", "<div>", "</div>",
           "<!-- c", "-->", "<pre>", "</pre>", "<?x?>", "<!X", "<![CDATA[", "]]>", "| a | b |", "|---|---|", "a | b",
           "--- | ---", "---", "===", "***", "- - -", "[x]: /y", "[x]:", "\"t\"", "<example>", "</example>", "", "",
           "é😀", "\x00", "\\", "&amp;", "[ ] t", "[x] t", "<a>", "</b>"]
line = st.builds(
    lambda pre, body, tail: "".join(pre) + body + tail,
    st.lists(st.sampled_from(PREFIXES), max_size=3),
    st.one_of(st.sampled_from(CONTENT), st.text(max_size=6)),
    st.sampled_from(["", "", "", " ", "\t", " |", "|", " #", ":"]),
)
documents = st.builds(
    lambda lines, eol, end: eol.join(lines) + end,
    st.lists(line, max_size=14),
    st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]),
    st.sampled_from(["", "\n", "\n\n", "  ", ">"]),
)


@settings(max_examples=400, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents(text: str) -> None:
    try:
        fast = _model(_fast, text)
    except _Unsure:
        fast = None  # left to markdown-it-py: the same model by construction
    if fast is not None:
        assert fast == _model(_scan_py, text)


# ---- (c) the corpus ---------------------------------------------------------------------------


@needs_corpus
def test_corpus_bodies() -> None:
    files = sorted(CORPUS.rglob("*.md")) + sorted(SEEDS.glob("*.md"))
    declined = []
    for path in files:
        text = parse_document(path.read_text(encoding="utf-8", errors="replace")).body.text
        try:
            fast = _model(_fast, text)
        except _Unsure:
            declined.append(path.name)
            continue
        assert fast == _model(_scan_py, text), path
    assert files and len(declined) <= len(files) // 100, declined  # real files take the fast path


# ---- robustness and fallback --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "\x00" * 100_000,
    "x" * 3_000_000,
    "- " * 200_000 + "x",
    "> " * 200_000 + "x",
    "> 1. - " * 50_000,
    "".join(" " * i + "- a\n" for i in range(0, 600, 2)),
    ("word " * 15 + "\n") * 250_000,  # 20 MB
])
def test_any_input_gives_a_model(text: str) -> None:
    blocks, code, inline, tops = body_mod._scan(text, 0)
    assert isinstance(blocks, list) and isinstance(tops, list)


def test_a_parser_failure_gives_an_empty_model() -> None:
    class PanicException(BaseException):  # as pyo3 raises it
        pass

    class Broken:
        def __init__(self, exc: BaseException) -> None:
            self.exc = exc

        def tree(self, text: str):
            raise self.exc

    assert _scan_fast(Broken(RuntimeError("x")), "# a\n", 0) == ([], set(), set(), [])
    assert _scan_fast(Broken(PanicException("x")), "# a\n", 0) == ([], set(), set(), [])
    with pytest.raises(KeyboardInterrupt):
        _scan_fast(Broken(KeyboardInterrupt()), "# a\n", 0)


def _run(code: str) -> str:
    p = subprocess.run([sys.executable, "-c", code], env=agentls_env(), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def test_fast_path_does_not_import_markdown_it_py() -> None:
    code = ("import sys; from agentls.document.body import parse_body; parse_body('# T\\n\\n- a\\n  - b\\n\\n| x |\\n|-|\\n');"
            "print(sorted(m for m in ('markdown_it', 'markdown_it_pyrs') if m in sys.modules))")
    assert _run(code) == "['markdown_it_pyrs']"


def test_without_markdown_it_pyrs_markdown_it_py_parses() -> None:
    code = ("import sys; sys.modules['markdown_it_pyrs'] = None; from agentls.document.body import parse_body;"
            "p = parse_body('# T\\n\\n- a\\n'); print([b.kind for b in p.blocks], 'markdown_it' in sys.modules)")
    assert _run(code) == "['heading', 'list_item', 'paragraph'] True"
