"""Random incremental edit sessions through a real LSP client (pytest-lsp) and the real server.

Each session opens a document and sends random edits (insertions, deletions, replacements, several
changes in one notification, whole-text replacements), many of them around astral characters,
CRLF and other line ends, while asking for hovers, completions, symbols, folding, links, lenses
and code actions on the half-typed text. Throughout:

- the server's text and version equal the client's (read back through the probe server);
- no feature fails: every request is answered, and nothing is logged at ERROR level;
- every range the server sends lies inside the text of the version it describes, on a UTF-16
  boundary;
- diagnostics are published for versions in order, and the last ones are for the last version.

Sessions are seeded (the seed is in the test id), so a failure replays exactly.
AGENTLS_FUZZ=long runs more and longer sessions.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from lsp_support import NEOVIM, VSCODE, write
from rel_gen import PROFILE, Lines, check_range
from rel_lsp import ask, check_answer, client_errors, probe_session, server_errors, server_text

LONG = PROFILE == "long"
SESSIONS = 24 if LONG else 6
EDITS = 600 if LONG else 120

START = (
    "---\nname: reviewer\ndescription: Reviews code 😀 changes. Use when: a diff is ready\n"
    "tools: Read, Grep, Bash(git *), mcp__github__get_me\nmodel: sonnet\n---\n\n"
    "# Reviewer 𝔘\n\nYou review code.## Steps\n\n1. Read the diff with `Read`.\n2. Report.\n"
)
SNIPPETS = [
    "😀", "𝔘", "🏳️‍🌈", "a😀b", "\n", "\r\n", "\r", "\u2028", "\u0085", "\x0c", "\x0b", "\t", " ", "é", "Ã©",
    ": ", ":", "\"", "'", "`", "[", "]", "{", "}", "#", "- ", ",", "(", ")", "---\n", "tools: ", "Read, ", "Bash(",
    "mcp__", "name: x\n", "description: ", "## Heading\n", "<example>", "</example>", "\ufeff", "\x00", "&a ", "*a",
    "Agent(reviewer)", "  - Edit\n", "model: opus\n", "text.## Glued\n",
]
FEATURES = ("hover", "completion", "definition", "symbols", "folding", "links", "lens", "actions")


# ---- the client's own model of the text ----------------------------------------------------------

def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def position_of(lines: Lines, offset: int) -> types.Position:
    """The LSP position of a code-point offset that is not inside a CRLF."""
    line = max(i for i, s in enumerate(lines.starts) if s <= offset)
    return types.Position(line=line, character=utf16_len(lines.text[lines.starts[line] : offset]))


def random_offset(rnd: random.Random, text: str) -> int:
    """A code-point offset, often next to an astral character or a line end, never inside a CRLF."""
    if not text:
        return 0
    special = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF or ch in "\r\n"]
    if special and rnd.random() < 0.5:
        at = rnd.choice(special) + rnd.choice((0, 1))
    else:
        at = rnd.randrange(len(text) + 1)
    if 0 < at < len(text) and text[at - 1] == "\r" and text[at] == "\n":
        at -= 1
    return at


def random_change(rnd: random.Random, text: str) -> tuple[Any, str]:
    """One content change and the text after it, as the client computes it."""
    if rnd.random() < 0.03:
        new = text[: rnd.randrange(len(text) + 1)] + rnd.choice(SNIPPETS) if text else START
        return types.TextDocumentContentChangeWholeDocument(text=new), new
    lines = Lines.of(text)
    a = random_offset(rnd, text)
    op = rnd.random()
    if op < 0.45:  # insert
        b = a
    else:  # delete or replace a span, sometimes across lines
        b = random_offset(rnd, text) if rnd.random() < 0.2 else min(len(text), a + rnd.randint(1, 6))
        if 0 < b < len(text) and text[b - 1] == "\r" and text[b] == "\n":
            b += 1
        a, b = min(a, b), max(a, b)
    insert = "" if 0.45 <= op < 0.7 else "".join(rnd.choice(SNIPPETS) for _ in range(rnd.randint(1, 3)))
    start, end = position_of(lines, a), position_of(lines, b)
    # the client applies its own edit by position, with LSP's line rules
    sa = lines.offset(start.line, start.character)
    sb = lines.offset(end.line, end.character)
    if rnd.random() < 0.1:  # a column past the end of its line means the end of the line (LSP)
        if end.character == utf16_len(lines.contents[end.line]):
            end = types.Position(line=end.line, character=end.character + rnd.choice((1, 2, 1000)))
        if start.character == utf16_len(lines.contents[start.line]) and start.line < end.line:
            start = types.Position(line=start.line, character=start.character + rnd.choice((1, 2, 1000)))
    change = types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=insert)
    return change, text[:sa] + insert + text[sb:]


# ---- the sessions -------------------------------------------------------------------------------------

CASES = [(seed, [VSCODE, NEOVIM][seed % 2], [0, 30, 150][seed % 3], seed % 4 == 3) for seed in range(SESSIONS)]


@pytest.mark.parametrize(("seed", "profile", "delay", "pull"), CASES, ids=[f"seed{c[0]}-{c[1]}-delay{c[2]}{'-pull' if c[3] else ''}" for c in CASES])
async def test_random_edit_session(tmp_path: Path, seed: int, profile: str, delay: int, pull: bool):
    rnd = random.Random(seed)
    root = tmp_path / "project"
    home = tmp_path / "home"
    home.mkdir()
    write(root / ".claude" / "agents" / "other.md", "---\nname: other\ndescription: Another agent.\n---\n\nHelp.\n")
    path = root / ".claude" / "agents" / "reviewer.md"
    text = START.replace("\n", "\r\n") if seed % 5 == 4 else START
    write(path, text)
    by_version: dict[int, str] = {1: text}
    async with probe_session(root, home, profile, pull=pull, init={"diagnostics": {"delay": delay}}) as client:
        uri = client.open(path, text)
        version = 1
        for step in range(EDITS):
            changes = []
            for _ in range(1 if rnd.random() < 0.85 else rnd.randint(2, 4)):
                change, text = random_change(rnd, text)
                changes.append(change)
            version += 1
            by_version[version] = text
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes))
            if rnd.random() < 0.25:
                feature = rnd.choice(FEATURES)
                pos = position_of(Lines.of(text), random_offset(rnd, text))
                check_answer(feature, await ask(client, feature, uri, pos, text), text)
            if pull and rnd.random() < 0.1:
                report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
                for d in getattr(report, "items", []) or []:
                    check_range(Lines.of(text), d.range, f"pulled {d.code}")
            if step % 10 == 0 or step == EDITS - 1:
                assert await server_text(client, uri) == (text, version), f"server text differs from the client's after edit {step}"
        if not pull:
            await client.diagnostics_for(uri, version)  # the last version gets its diagnostics
        errors = await server_errors(client)
    assert not errors, "the server logged errors:\n" + "\n".join(errors)
    assert not client_errors(client), client_errors(client)
    mine = [p for p in client.published if p.uri == uri]
    versions = [p.version for p in mine]
    assert versions == sorted(versions), f"diagnostics published out of order: {versions}"
    if not pull:
        assert versions[-1] == version
    for p in mine:
        assert p.version in by_version, f"diagnostics for version {p.version}, which the client never sent"
        lines = Lines.of(by_version[p.version])
        for d in p.diagnostics:
            check_range(lines, d.range, f"{d.code} of version {p.version}")


@pytest.mark.parametrize("text", ["a\x0cb\nc\n", "a\u2028b\nc\n", "a\u0085b\x0bc\x1cd\u2029e\nf\n", "ab"])
async def test_edits_after_characters_python_counts_as_line_breaks(tmp_path: Path, text: str):
    """Form feeds, U+2028 and the like are not line breaks in LSP: an edit on the next line
    lands where the editor put it; a column past the end of a line means its end."""
    home = tmp_path / "home"
    home.mkdir()
    root = tmp_path / "project"
    path = write(root / ".claude" / "agents" / "a.md", text)
    lines = Lines.of(text)
    last = len(lines.contents) - 1
    edits = [(types.Range(start=types.Position(line=last, character=0), end=types.Position(line=last, character=0)), "X"),
             (types.Range(start=types.Position(line=0, character=1), end=types.Position(line=0, character=500)), "Y")]
    async with probe_session(root, home, VSCODE) as client:
        uri = client.open(path, text)
        expected = text
        for version, (rng, new) in enumerate(edits, start=2):
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)]))
            exp_lines = Lines.of(expected)
            a = exp_lines.offset(rng.start.line, rng.start.character)
            end_char = min(rng.end.character, utf16_len(exp_lines.contents[rng.end.line]))
            b = exp_lines.offset(rng.end.line, end_char)
            expected = expected[:a] + new + expected[b:]
            assert await server_text(client, uri) == (expected, version)
        assert not await server_errors(client)
