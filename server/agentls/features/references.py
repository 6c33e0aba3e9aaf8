"""Find references: every place in the workspace that names an agent, a skill or an MCP server,
from its definition or from any reference to it (what counts as naming it: `features.naming`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from lsprotocol import types

from agentls.document import Document
from agentls.document.positions import LineIndex, Range
from agentls.features.convert import lsp_range, uri_of
from agentls.features.naming import Category, Site, document_sites, json_sites, resolve, site_at
from agentls.features.workspace_files import WorkspaceFiles
from agentls.schema.versions import Version
from agentls.workspace.index import WorkspaceIndex


@dataclass(frozen=True, slots=True)
class Target:
    """What a name stands for: agents and skills by the files that define them, MCP servers by
    name. A name nothing defines goes by its text (`paths` empty)."""

    category: Category
    name: str
    paths: frozenset[str]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A place a name is defined or used."""

    path: str
    range: Range
    definition: bool
    site: Site | None  # None: a file that defines the name without writing it (its path does)


def target_of(site: Site, path: str | None, index: WorkspaceIndex) -> Target | None:
    """What a site names (None for a plugin's MCP server, which the workspace does not define)."""
    if site.category == "mcp":
        return Target("mcp", site.name, frozenset()) if site.plugin is None else None
    paths = resolve(site, path, index)
    name = site.name
    if site.via == "self" and site.category == "skill" and path:
        name = os.path.basename(os.path.dirname(os.path.abspath(path)))  # invoked by its folder
    return Target(site.category, name, paths)


def target_at(doc: Document, offset: int, version: Version, index: WorkspaceIndex, entry: bool = True) -> tuple[Target, Site] | None:
    """The target of the name at an offset, and its site (with `entry`: anywhere on the entry)."""
    site = site_at(doc, offset, version, index, entry)
    if site is None:
        return None
    target = target_of(site, doc.path, index)
    return (target, site) if target is not None else None


def names(site: Site, path: str, target: Target, index: WorkspaceIndex) -> bool:
    """Whether a site (in the file `path`) names the target."""
    if site.category != target.category:
        return False
    if site.category == "mcp":
        return site.plugin is None and site.name == target.name
    paths = resolve(site, path, index)
    if target.paths:
        return bool(paths & target.paths)
    return not paths and site.name == target.name


def occurrences(target: Target, files: WorkspaceFiles, version: Version) -> list[Occurrence]:
    """Every place the workspace names the target, its definitions first; definitions outside
    the workspace (the user's folder) too, but nothing else there."""
    index = files.index
    out: list[Occurrence] = []
    defined = set()
    for doc in files.documents(target.name, target.paths):
        path = os.path.abspath(doc.path or "")
        outside = not files.inside(path)
        for site in document_sites(doc, version, index, (target.category,)):
            if not names(site, path, target, index) or (outside and site.via != "self"):
                continue
            definition = site.via == "self"
            if definition:
                defined.add(path)
            out.append(Occurrence(path, doc.range(site.start, site.end), definition, site))
    for path in sorted(target.paths - defined):  # defined by the path alone (a skill's folder, a Copilot agent's file name)
        out.append(Occurrence(path, Range.of(0, 0), True, None))
    read = set()
    if target.category in ("mcp", "agent"):
        for path, text in files.config_files():
            read.add(path)
            if target.name not in text:
                continue
            lines = LineIndex(text)
            for site in json_sites(text):
                if names(site, path, target, index):
                    out.append(Occurrence(path, lines.range(site.start, site.end), site.via == "self", site))
    if target.category == "mcp":
        for e in index.mcp.servers.get(target.name, []):
            if e.scope != "settings" and os.path.abspath(e.path) not in read:
                out.append(Occurrence(os.path.abspath(e.path), Range.of(e.line, 0), True, None))
    return sorted(set(out), key=lambda o: (not o.definition, o.path, o.range.start, o.range.end))


def references(doc: Document, offset: int, include_declaration: bool, version: Version, files: WorkspaceFiles) -> list[types.Location] | None:
    """`textDocument/references`: the places that name what is under the cursor."""
    found = target_at(doc, offset, version, files.index)
    if found is None:
        return None
    return [types.Location(uri=uri_of(o.path), range=lsp_range(o.range))
            for o in occurrences(found[0], files, version) if include_declaration or not o.definition]
