"""Rename an agent, a skill or an MCP server: its name where it is defined, every place in the
workspace that names it (`features.references`), and its file or folder when that is named after
it. A new name the product would not load, or one that is taken, is refused with the reason."""

from __future__ import annotations

import json
import os
import re

from lsprotocol import types

from agentls.document import Document, parse_document
from agentls.features import Refused
from agentls.features.capabilities import ClientCaps
from agentls.features.convert import lsp_range, uri_of
from agentls.features.naming import NAMED_AGENT_KINDS, SKILL_KINDS, frontmatter_sites
from agentls.features.references import Occurrence, Target, occurrences, target_at
from agentls.features.workspace_files import WorkspaceFiles
from agentls.schema import profile_for
from agentls.schema.agents import BUILTIN_AGENTS
from agentls.schema.copilot import BUILTIN_CHAT_AGENTS
from agentls.schema.loader import name_problem as loader_name_problem
from agentls.schema.names import SERVER_NAME
from agentls.schema.versions import Version
from agentls.workspace.index import CLAUDE_AGENT_KINDS


# Characters that would end or split the entries naming an agent (`Agent(a, b)`, `agents: [a]`),
# start a YAML comment or quote, or leave the file name.
_BREAKS = re.compile(r"[,()\[\]{}#\"'`/\\]|[\x00-\x1f\x7f]")
_SUFFIXES = {"copilot-agent": (".agent.md", ".chatmode.md", ".md")}
_WHAT = {"agent": "agent", "skill": "skill", "mcp": "MCP server"}
_A = {"agent": "An agent", "skill": "A skill", "mcp": "An MCP server"}


def prepare_rename(doc: Document, offset: int, version: Version, files: WorkspaceFiles) -> types.PrepareRenamePlaceholder | None:
    """`textDocument/prepareRename`: the exact range of the name under the cursor and the name;
    None where no name is; `Refused` for a name agentls cannot rename (built in, undefined,
    defined outside the workspace or twice)."""
    found = target_at(doc, offset, version, files.index, entry=False)
    if found is None:
        return None
    target, site = found
    _check_target(target, files)
    return types.PrepareRenamePlaceholder(range=lsp_range(doc.range(site.start, site.end)), placeholder=target.name)


def rename(doc: Document, offset: int, new_name: str, version: Version, files: WorkspaceFiles, caps: ClientCaps) -> types.WorkspaceEdit | None:
    """`textDocument/rename`: the edits (and the file or folder renames, where the client can
    make them) that give the target under the cursor its new name everywhere in the workspace."""
    found = target_at(doc, offset, version, files.index, entry=False)
    if found is None:
        return None
    target = found[0]
    _check_target(target, files)
    if new_name == target.name:
        return types.WorkspaceEdit(changes={})
    problem = name_problem(target, new_name, _kind_of(target, files))
    if problem is not None:
        raise Refused(f"`{new_name}` cannot be the {_WHAT[target.category]}'s name: {problem}.")
    _check_free(target, new_name, files)
    moves = _moves(target, new_name, files)
    found = occurrences(target, files, version)
    for o in found:
        doc = files.document(o.path) if o.definition and o.site is None else None
        if doc is not None and doc.field("name") is not None:  # a `name` agentls could not read exactly
            raise Refused(f"The `name` of {_shown(o.path, files)} is not written as plain text (escapes, or YAML agentls cannot read): "
                          "write it plainly, then rename.")
    return _workspace_edit(_edits(found, target, new_name, files, version), moves, files, caps)


# ---- what can be renamed -----------------------------------------------------------------------

def _check_target(target: Target, files: WorkspaceFiles) -> None:
    index, name, what = files.index, target.name, _WHAT[target.category]
    if target.category == "mcp":
        defining = [e for e in index.mcp.servers.get(name, []) if e.scope != "settings"]
        if not defining:
            raise Refused(f"No MCP server named `{name}` is configured for this workspace: there is nothing to rename.")
        for e in defining:
            if not files.inside(e.path):
                raise Refused(f"The MCP server `{name}` is configured in {_shown(e.path, files)} ({e.scope} scope), outside this workspace: "
                              "agentls renames only inside the workspace.")
        return
    if not target.paths:
        if target.category == "agent" and (name in BUILTIN_AGENTS or name in BUILTIN_CHAT_AGENTS):
            raise Refused(f"`{name}` is a built-in agent: it cannot be renamed.")
        raise Refused(f"No {what} named `{name}` is defined in this workspace: there is nothing to rename.")
    for path in sorted(target.paths):
        if not files.inside(path):
            raise Refused(f"The {what} `{name}` is defined in {_shown(path, files)}, outside this workspace: agentls renames only inside the workspace.")
    same = sorted(_defined_as(target, name, files) | target.paths)
    if len(same) > 1:
        raise Refused(f"{len(same)} files define the {what} `{name}` ({', '.join(_shown(p, files) for p in same)}): "
                      "give them different names in their own files first.")


def _family(kind: str) -> tuple[str, ...]:
    """The kinds of file whose names collide with a file of this kind."""
    if kind in CLAUDE_AGENT_KINDS:
        return CLAUDE_AGENT_KINDS
    if kind in SKILL_KINDS:
        return SKILL_KINDS
    return (kind,)


def _kind_of(target: Target, files: WorkspaceFiles) -> str:
    path = next(iter(sorted(target.paths)), None)
    entry = files.index.entries.get(path) if path else None
    if entry is not None:
        return entry.kind
    return "skill" if target.category == "skill" else "agent"


def _defined_as(target: Target, name: str, files: WorkspaceFiles, kinds: tuple[str, ...] | None = None) -> set[str]:
    """The workspace's files of these kinds (the target's family) that define `name`."""
    kinds = kinds or _family(_kind_of(target, files))
    return {e.path for e in files.index.entries.values() if e.name == name and e.kind in kinds and files.inside(e.path)}


def name_problem(target: Target, new: str, kind: str = "agent") -> str | None:
    """Why `new` cannot name the target, a file of `kind` (None when it can): the product's rules
    for such names (Claude Code's loader for its agents), and what the entries naming it can hold."""
    if not new.strip() or new != new.strip():
        return "names have no spaces at their ends" if new.strip() else "the name is empty"
    if target.category == "mcp":
        if not SERVER_NAME.match(new):
            return "MCP server names are letters, digits, `_` and `-`"
        if "__" in new:
            return "`__` separates the server from the tool in `mcp__<server>__<tool>`, so the tool names would be ambiguous"
        return None
    if target.category == "skill":
        profile = profile_for("skill")
        too_long = profile.name_max is not None and len(new) > profile.name_max
        return profile.name_rule if profile.name_pattern is not None and (not profile.name_pattern.match(new) or too_long) else None
    problem = loader_name_problem(new) if kind in CLAUDE_AGENT_KINDS else None
    if problem is not None:
        return problem + " (Claude Code would not load the agent)"
    bad = _BREAKS.search(new)
    if bad is not None:
        return f"`{bad.group(0)!s}` would break the entries that name it (`Agent(...)` lists, `agents: [...]`, YAML) or its file name"
    return None


def _check_free(target: Target, new: str, files: WorkspaceFiles) -> None:
    index = files.index
    if target.category == "mcp":
        if new in index.mcp.servers:
            raise Refused(f"An MCP server named `{new}` is already configured: the two would be one.")
        return
    # Copilot's names include Claude Code's agents (VS Code reads both folders): one namespace
    taken = sorted(_defined_as(target, new, files, NAMED_AGENT_KINDS if target.category == "agent" else None))
    if target.category == "skill" and not taken and new in index.skills and files.inside(os.path.abspath(index.skills[new])):
        taken = [os.path.abspath(index.skills[new])]
    if taken:
        raise Refused(f"{_A[target.category]} named `{new}` already exists ({_shown(taken[0], files)}): of two with one name, only one is used.")


def _shown(path: str, files: WorkspaceFiles) -> str:
    path = os.path.abspath(path)
    if files.root and files.inside(path):
        return os.path.relpath(path, files.root)
    home = os.path.expanduser("~")
    return "~" + path[len(home):] if path.startswith(home + os.sep) else path


# ---- the edit ----------------------------------------------------------------------------------

def _moves(target: Target, new: str, files: WorkspaceFiles) -> list[tuple[str, str]]:
    """(old, new) paths of the files or folders named after the target."""
    out = []
    for path in sorted(target.paths):
        if target.category == "skill":
            folder = os.path.dirname(path)
            if os.path.basename(folder) == target.name:
                out.append((folder, os.path.join(os.path.dirname(folder), new)))
            continue
        base = os.path.basename(path)
        kind = files.index.entries[path].kind if path in files.index.entries else "agent"
        for suffix in _SUFFIXES.get(kind, (".md",)):
            if base == target.name + suffix:
                out.append((path, os.path.join(os.path.dirname(path), new + suffix)))
                break
    for old, dest in out:
        if os.path.exists(dest) and os.path.normcase(dest) != os.path.normcase(old):
            raise Refused(f"{_shown(dest, files)} already exists: the {_WHAT[target.category]}'s "
                          f"{'folder' if target.category == 'skill' else 'file'} cannot take the new name.")
    return out


def _plain_ok(name: str) -> bool:
    """Whether YAML reads `name` written without quotes as this very string."""
    import yaml

    try:
        return yaml.safe_load(f"k: {name}\n") == {"k": name}
    except yaml.YAMLError:
        return False


def _edits(found: list[Occurrence], target: Target, new: str, files: WorkspaceFiles, version: Version) -> dict[str, list[types.TextEdit]]:
    """The text edits by file (a whole plain YAML value that would not read as the new name is
    quoted), each file checked to read the same after them."""
    written = new if _plain_ok(new) else json.dumps(new, ensure_ascii=False)
    by_path: dict[str, list[tuple[Occurrence, str]]] = {}
    for o in sorted(found, key=lambda o: o.range.start):
        if o.site is not None:
            by_path.setdefault(o.path, []).append((o, written if o.site.scalar else new))
    out: dict[str, list[types.TextEdit]] = {}
    for path, occ in sorted(by_path.items()):
        text = files.text(path)
        if text is None:
            continue
        _check_result(path, text, [(o.site.start, o.site.end, t) for o, t in occ if o.site], target, new, files, version)
        out[path] = [types.TextEdit(range=lsp_range(o.range), new_text=t) for o, t in occ]
    return out


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _check_result(path: str, text: str, spans: list[tuple[int, int, str]], target: Target, new: str, files: WorkspaceFiles, version: Version) -> None:
    """Refuse an edit that would change how a file reads beyond the name: the frontmatter must
    read as before, with the new name in each place the old one was; JSON must stay JSON."""
    after = _apply(text, spans)
    if path.endswith(".json"):
        try:
            json.loads(after)
        except ValueError:
            raise Refused(f"Renaming to `{new}` would leave {_shown(path, files)} unreadable as JSON.") from None
        return
    doc = files.document(path)
    if doc is None or doc.frontmatter is None:
        return
    new_doc = parse_document(after, path=doc.path, kind=doc.kind, with_body=False)

    def count(d: Document, name: str) -> int:
        return sum(1 for s in frontmatter_sites(d, version) if s.category == target.category and s.name == name)

    in_fm = {(s.start, s.end) for s in frontmatter_sites(doc, version)}
    renamed = sum(1 for s, e, _ in spans if (s, e) in in_fm)
    fm, new_fm = doc.frontmatter.parsed, new_doc.frontmatter.parsed if new_doc.frontmatter else None
    if new_fm is None or new_fm.mode != fm.mode or [f.key for f in new_fm.fields] != [f.key for f in fm.fields] \
            or count(new_doc, new) != count(doc, new) + renamed:
        raise Refused(f"Renaming to `{new}` would change how the frontmatter of {_shown(path, files)} reads; choose a plainer name.")


def _workspace_edit(edits: dict[str, list[types.TextEdit]], moves: list[tuple[str, str]], files: WorkspaceFiles, caps: ClientCaps) -> types.WorkspaceEdit:
    """`documentChanges` with the renames when the client can rename files; otherwise `changes`
    (text edits only: the files keep their names)."""
    if not (caps.document_changes and caps.rename_files):
        return types.WorkspaceEdit(changes={uri_of(p): e for p, e in sorted(edits.items())})
    changes: list[types.TextDocumentEdit | types.RenameFile] = []
    for path, e in sorted(edits.items()):
        doc = files.open.get(path)
        ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri_of(path), version=doc.version if doc is not None else None)
        changes.append(types.TextDocumentEdit(text_document=ident, edits=list(e)))
    changes.extend(types.RenameFile(kind="rename", old_uri=uri_of(old), new_uri=uri_of(new)) for old, new in moves)
    return types.WorkspaceEdit(document_changes=changes)
