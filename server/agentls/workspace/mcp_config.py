"""MCP server configuration, read (never started) from every place Claude Code reads it.

Sources: `.mcp.json` (project scope), `~/.claude.json` (user scope, and this project's local
scope under `projects[<abs path>]`), plugins' `.mcp.json` / `plugin.json`, the approval keys of
`.claude/settings.json` / `settings.local.json`, extra paths from the settings, and an agent's
own `mcpServers`. Reading configuration is safe; nothing here runs a command.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from typing import Any

MAX_CONFIG_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServerEntry:
    """An MCP server defined in a configuration file."""

    name: str
    scope: str  # project | user | local | plugin | settings | extra | agent
    path: str  # the file that defines it
    line: int  # 0-based line of its key in that file (best effort)
    config: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def launch(self) -> str:
        """How the server is reached: its command line or URL (for hover; never executed)."""
        c = self.config
        if c.get("url"):
            return f"{c.get('type', 'http')} {c['url']}"
        if c.get("command"):
            return " ".join([str(c["command"]), *map(str, c.get("args", []) or [])])
        return "(approved in settings; defined in .mcp.json)" if self.scope == "settings" else ""


@dataclass(slots=True)
class McpConfig:
    """Every MCP server the workspace configures, by name."""

    servers: dict[str, list[ServerEntry]] = field(default_factory=dict)
    searched: list[str] = field(default_factory=list)  # human-readable places looked at
    problems: list[str] = field(default_factory=list)
    permission_names: set[str] = field(default_factory=set)  # `mcp__...` names in settings permission rules

    def add(self, entry: ServerEntry) -> None:
        self.servers.setdefault(entry.name, []).append(entry)

    def has(self, name: str) -> bool:
        return name in self.servers


def _read_json(path: str, problems: list[str]) -> Any:
    try:
        if os.path.getsize(path) > MAX_CONFIG_BYTES:
            problems.append(f"{path}: larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB, not read")
            return None
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read ({exc.__class__.__name__})")
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})")
        return None


def _key_line(path: str, name: str, cache: dict[str, list[str]], as_key: bool = True) -> int:
    lines = cache.get(path)
    if lines is None:
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
        except OSError:
            lines = []
        cache[path] = lines
    pat = re.compile(r'"' + re.escape(name) + (r'"\s*:' if as_key else '"'))
    for i, line in enumerate(lines):
        if pat.search(line):
            return i
    return 0


def _servers_of(data: Any) -> dict[str, Any]:
    if isinstance(data, dict) and isinstance(data.get("mcpServers"), dict):
        return data["mcpServers"]
    return {}


def _tilde(path: str, home: str) -> str:
    return "~" + path[len(home):] if home and path.startswith(home) else path


def load_mcp_config(root: str | None, home: str | None = None, extra: tuple[str, ...] = (), plugin_roots: tuple[str, ...] = ()) -> McpConfig:
    """Every MCP server configured for a workspace (reading files only)."""
    cfg = McpConfig()
    home = home if home is not None else os.path.expanduser("~")
    lines: dict[str, list[str]] = {}

    def add_file(path: str, scope: str, label: str) -> Any:
        cfg.searched.append(label)
        data = _read_json(path, cfg.problems)
        for name, conf in _servers_of(data).items():
            cfg.add(ServerEntry(name, scope, path, _key_line(path, name, lines), conf if isinstance(conf, dict) else {}))
        return data

    if root:
        add_file(os.path.join(root, ".mcp.json"), "project", ".mcp.json")
    user_file = os.path.join(home, ".claude.json")
    data = add_file(user_file, "user", f"{_tilde(user_file, home)} (user scope)")
    if root and isinstance(data, dict) and isinstance(data.get("projects"), dict):
        proj = data["projects"].get(os.path.abspath(root)) or {}
        for name, conf in _servers_of(proj).items():
            cfg.add(ServerEntry(name, "local", user_file, _key_line(user_file, name, lines), conf if isinstance(conf, dict) else {}))
    if root:
        cfg.searched[-1] = f"{_tilde(user_file, home)} (user and local scope)"
        for fname in ("settings.json", "settings.local.json"):
            path = os.path.join(root, ".claude", fname)
            cfg.searched.append(f".claude/{fname}")
            sdata = _read_json(path, cfg.problems)
            if isinstance(sdata, dict):
                for name in sdata.get("enabledMcpjsonServers") or []:
                    if isinstance(name, str):
                        cfg.add(ServerEntry(name, "settings", path, _key_line(path, name, lines, as_key=False)))
                perms = sdata.get("permissions")
                for key in ("allow", "ask", "deny"):
                    rules = perms.get(key) if isinstance(perms, dict) else None
                    if isinstance(rules, list):
                        cfg.permission_names.update(r for r in rules if isinstance(r, str) and r.startswith("mcp__"))
    for proot in plugin_roots:
        rel = os.path.relpath(proot, root) if root else proot
        add_file(os.path.join(proot, ".mcp.json"), "plugin", f"{rel}/.mcp.json")
        add_file(os.path.join(proot, ".claude-plugin", "plugin.json"), "plugin", f"{rel}/.claude-plugin/plugin.json")
    for path in extra:
        full = path if os.path.isabs(path) or not root else os.path.join(root, path)
        add_file(full, "extra", path)
    return cfg
