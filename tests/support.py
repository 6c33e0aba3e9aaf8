"""Shared test helpers: paths, the shared material (seeds, corpus), and how to start agentls.

Import it as `from support import ...` (pytest puts tests/ on the path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("AGENTLS_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (plain clone)")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent (plain clone)")


def agentls_env(home: str | os.PathLike | None = None) -> dict[str, str]:
    """Environment for an agentls subprocess: this tree's package first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "server"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if home is not None:
        env["HOME"] = str(home)
        env.pop("XDG_CACHE_HOME", None)  # agentls' caches in that home too
    return env


def agentls_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "agentls", *args]

SEED_NAMES = ("000_2241310e23451bf0.md", "001_778f8d6350f71607.md", "002_fcf1d91c52c69a3e.md", "003_9f2bc344d927b32e.md", "004_38ce5ffa682eb3e1.md")


def check_seeds(root: Path) -> dict:
    """Copy the seeds into `root/.claude/agents/`, run `agentls check` with an empty HOME, and
    return the results by file name."""
    import shutil

    from agentls.cli import run_check

    agents = root / ".claude" / "agents"
    agents.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("0*.md")):
        shutil.copy(f, agents / f.name)
    home = root / "home"
    home.mkdir(exist_ok=True)
    results, _ = run_check([str(root)], home=str(home))
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


def body_model(p) -> tuple:
    """Everything a parsed markdown body holds, in comparable form (blocks, code spans, code and
    example lines, top-level blocks, line starts)."""
    return (
        [(b.kind, b.line, b.end_line, b.level, b.text, b.ordered) for b in p.blocks],
        [(c.line, c.start, c.end, c.text) for c in p.code_spans],
        sorted(p.code_lines),
        sorted(p.example_lines),
        list(p.tops),
        p.index.starts,
    )



# ---- workspace edits (rename) ------------------------------------------------------------------

def _utf16_offset(text: str, line: int, character: int) -> int:
    """The string offset of an LSP position (0-based line, UTF-16 column) in `text`."""
    lines = text.splitlines(keepends=True) + [""]
    base = sum(len(x) for x in lines[:line])
    units = 0
    for i, ch in enumerate(lines[line] if line < len(lines) else ""):
        if units >= character:
            return base + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return base + len((lines[line] if line < len(lines) else "").rstrip("\r\n"))


def apply_text_edits(text: str, edits) -> str:
    """Apply LSP text edits as a client does (UTF-16 positions, last edit first)."""
    spans = sorted(((_utf16_offset(text, e.range.start.line, e.range.start.character),
                     _utf16_offset(text, e.range.end.line, e.range.end.character), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def apply_workspace_edit(edit) -> None:
    """Apply an LSP `WorkspaceEdit` to the files on disk as an editor would: text edits on the
    files as they are, then the file and folder renames in order."""
    from lsprotocol import types
    from pygls.uris import to_fs_path

    if edit.changes:
        for uri, edits in edit.changes.items():
            p = Path(to_fs_path(uri))
            p.write_text(apply_text_edits(p.read_text("utf-8"), edits), "utf-8")
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit):
            p = Path(to_fs_path(change.text_document.uri))
            p.write_text(apply_text_edits(p.read_text("utf-8"), change.edits), "utf-8")
        elif isinstance(change, types.RenameFile):
            old, new = Path(to_fs_path(change.old_uri)), Path(to_fs_path(change.new_uri))
            assert not new.exists(), f"{new} exists"
            old.rename(new)
        else:
            raise AssertionError(f"unexpected change {change!r}")


def copy_fixture(name: str, dest: Path) -> Path:
    """A copy of the fixture workspace `tests/fixtures/<name>` at `dest` (tests change it)."""
    import shutil

    shutil.copytree(FIXTURES / name, dest)
    return dest
