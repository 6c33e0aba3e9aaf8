"""How tool entries are written: MCP names and permission-rule specifiers.

Source: https://code.claude.com/docs/en/mcp and /permissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MCP_DOCS = "https://code.claude.com/docs/en/mcp"

SERVER_NAME = re.compile(r"[A-Za-z0-9_-]+$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def norm_server(name: str) -> str:
    """An MCP server's name as prose may spell it: lowercase letters and digits only ("Context7" = "context-7")."""
    return _NOT_ALNUM.sub("", name.lower())
# mcp__<server>, mcp__<server>__*, mcp__<server>__<tool>; tool names may hold `-` and `.`
_MCP = re.compile(r"mcp__(?P<server>[^_\s](?:[^\s]*?[^_\s])?)(?:__(?P<tool>[^\s]*))?$")
_PLUGIN_SERVER = re.compile(r"plugin_(?P<plugin>[A-Za-z0-9-]+)_(?P<server>.+)$")
_SPECIFIER = re.compile(r"(?P<tool>[A-Za-z][A-Za-z0-9_]*)\((?P<arg>.*)\)$", re.DOTALL)
TOOL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class McpName:
    """An `mcp__server__tool` name, cut into its parts."""

    server: str
    tool: str | None  # None = the whole server; "*" = every tool of it
    plugin: str | None = None  # plugin form mcp__plugin_<plugin>_<server>__<tool>

    @property
    def valid_server(self) -> bool:
        return bool(SERVER_NAME.match(self.server))


@lru_cache(maxsize=4096)
def parse_mcp(entry: str) -> McpName | None:
    """Parse `mcp__server[__tool]`; None when `entry` is not an MCP name (kept: the rules ask
    for the same names on every keystroke)."""
    if not entry.startswith("mcp__"):
        return None
    rest = entry[5:]
    server, sep, tool = rest.partition("__")
    plugin = None
    pm = _PLUGIN_SERVER.match(server)
    if pm:
        plugin, server = pm.group("plugin"), pm.group("server")
    return McpName(server, tool if sep else None, plugin)


@dataclass(frozen=True, slots=True)
class Specifier:
    """A tool with an argument in parentheses: `Bash(git *)`, `Agent(reviewer)`."""

    tool: str
    argument: str


def parse_specifier(entry: str) -> Specifier | None:
    """`Bash(npm run *)` -> Specifier("Bash", "npm run *"); None without parentheses."""
    m = _SPECIFIER.match(entry)
    return Specifier(m.group("tool"), m.group("arg")) if m else None


def specifier_problem(entry: str) -> str | None:
    """What is wrong with a specifier's syntax, if anything."""
    if "(" not in entry and ")" not in entry:
        return None
    if entry.count("(") != entry.count(")"):
        return "its parentheses are not balanced"
    spec = parse_specifier(entry)
    if spec is None:
        return "it should be written `Tool(argument)`, with nothing after the closing parenthesis"
    if not spec.argument.strip():
        return "the parentheses are empty: write the argument (such as `npm run *`) or drop them"
    return None


def split_agents_argument(argument: str) -> list[str]:
    """`Agent(a, b)` -> ["a", "b"]."""
    return [a.strip() for a in argument.split(",") if a.strip()]
