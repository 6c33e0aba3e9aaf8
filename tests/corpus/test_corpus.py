"""Every real file of ../shared/corpus: no crash, every range inside its document, every fix applies."""

from __future__ import annotations

import collections

from agentls.analysis.fixes import apply_edits
from agentls.cli import run_check
from agentls.document import parse_document
from agentls.document.positions import LineIndex

from support import CORPUS, needs_corpus

pytestmark = needs_corpus


def _inside(index: LineIndex, line: int, character: int) -> bool:
    if not 0 <= line < index.line_count:
        return False
    text = index.line_text(line)
    return 0 <= character <= len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def test_whole_corpus(tmp_path, capsys):
    files = sorted(str(p) for p in CORPUS.rglob("*.md"))
    assert len(files) >= 600
    results, _ = run_check(files, home=str(tmp_path))
    assert len(results) == len(files)
    counts: collections.Counter[str] = collections.Counter()
    for r in results:
        assert r.error is None, (r.path, r.error)
        index = LineIndex(r.text)
        for f in r.findings:
            counts[f.code] += 1
            for pos in (f.range.start, f.range.end):
                assert _inside(index, pos.line, pos.character), (r.path, f.code, pos)
            assert f.range.start <= f.range.end
            assert f.message and f.message[-1] in ".?!)`" or f.message.endswith("]"), (f.code, f.message)
            for fix in f.fixes:
                fixed = apply_edits(r.text, list(fix.edits))
                parse_document(fixed)  # a fixed file still parses
    with capsys.disabled():
        print("\nfindings per code over the corpus:", dict(sorted(counts.items())))
