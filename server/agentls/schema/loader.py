"""What Claude Code's agent loader does with an agent file's frontmatter, as of 2.1.332.

Read from the loader in the release's own JavaScript (the function that logs "Agent file ...:
Missing required \\"name\\" field in frontmatter"). Rules that say Claude Code "does not load",
"skips" or "ignores" something read this module, not their own idea of it.

The checks, in the loader's order, and their outcome:

| check | outcome |
|---|---|
| frontmatter unreadable (after the lenient reading of `key: value: more` lines) | unloadable |
| `name` missing or not a string | unloadable |
| `name` starts with `-` | unloadable |
| `name` longer than 256 characters | unloadable |
| `name` contains `:` (after NFKC normalisation; reserved for plugins) | unloadable |
| `description` missing or not a string | unloadable |
| `PreToolUse` / `PermissionRequest` hook events at the frontmatter's top level | unloadable |
| `hooks` that fail the hooks schema | unloadable |
| invalid `background`, `memory`, `isolation`, `effort`, `permissionMode`, `maxTurns`, `autoCompactWindow` | logged and ignored: the agent loads |
| `tools` with `*` | every tool, as when `tools` is omitted |
| `memory` set | Read, Write and Edit are added to an explicit `tools` |
| any other `name` (spaces, capitals, Unicode) | accepted: lowercase-hyphen names are the docs' advice only |
"""

from __future__ import annotations

import unicodedata

NAME_MAX = 256
# Hook events that make the agent unloadable when written at the top level, outside `hooks`.
TOP_LEVEL_GUARDS = ("PreToolUse", "PermissionRequest")
# What `memory` adds to an explicit `tools` list.
MEMORY_TOOLS = ("Read", "Write", "Edit")


# `name_problem` as a JSON Schema pattern (ECMAScript): not starting with `-`, no `:`, 1 to 256 characters.
LOADER_NAME_PATTERN = f"^[^:-][^:]{{0,{NAME_MAX - 1}}}$"


def name_problem(name: object) -> str | None:
    """Why the loader refuses this `name`, in its own terms; None when it accepts it."""
    if not isinstance(name, str) or not name:
        return "it has no `name`"
    if name.startswith("-"):
        return "names must not start with `-`"
    if len(name) > NAME_MAX:
        return f"names must be at most {NAME_MAX} characters"
    if ":" in unicodedata.normalize("NFKC", name):
        return "names must not contain `:` (reserved for plugin agents)"
    return None
