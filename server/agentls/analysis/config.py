"""Settings shared by the CLI (`.agentls.toml`, `[tool.agentls]`) and the server.

The same object shape is accepted everywhere::

    {"claudeCodeVersion": "2.1.240",
     "rules": {"disable": ["D002"], "severity": {"T001": "warning"}},
     "diagnostics": {"delay": 150, "scope": "workspace"},
     "files": {"agents": ["**/.claude/agents/**/*.md"]},
     "mcp": {"configPaths": ["tools/mcp.json"]}}

Invalid values are reported (`Config.problems`) and replaced by the default.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from agentls.schema.rules import SEVERITIES, find_rule
from agentls.schema.versions import LATEST, Version, parse_version

SCOPES = ("workspace", "open")
DEFAULT_AGENT_PATTERNS = (
    "**/.claude/agents/**/*.md",
    "**/agents/**/*.md",  # plugin agents; narrowed to plugins by discovery
)


@dataclass(slots=True)
class Config:
    """The settings every check reads (defaults where a value is missing or invalid)."""

    claude_code_version: str = LATEST
    disabled: set[str] = field(default_factory=set)
    severities: dict[str, str] = field(default_factory=dict)
    delay_ms: int = 150
    scope: str = "workspace"  # the server's diagnostics: every agent file of the workspace, or the open ones
    agent_patterns: tuple[str, ...] = DEFAULT_AGENT_PATTERNS
    mcp_config_paths: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)

    @property
    def version(self) -> Version:
        return parse_version(self.claude_code_version) or parse_version(LATEST)  # type: ignore[return-value]

    def enabled(self, code: str) -> bool:
        return code not in self.disabled

    def severity(self, code: str, default: str) -> str:
        return self.severities.get(code, default)


def _codes(value: Any, where: str, problems: list[str]) -> list[str]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        rule = find_rule(str(item))
        if rule is None:
            problems.append(f"{where}: unknown rule {item!r} (see `agentls rules`)")
        else:
            out.append(rule.code)
    return out


def config_from_dict(data: dict[str, Any] | None, base: Config | None = None) -> Config:
    """Build a Config from the shared settings object; bad values are reported, not raised."""
    cfg = Config() if base is None else dataclasses.replace(base, disabled=set(base.disabled), severities=dict(base.severities), problems=[])
    if not data:
        return cfg
    if not isinstance(data, dict):
        cfg.problems.append("agentls settings must be an object")
        return cfg
    problems = cfg.problems
    version = data.get("claudeCodeVersion")
    if version is not None:
        if isinstance(version, str) and parse_version(version):
            cfg.claude_code_version = version.lstrip("v")
        else:
            problems.append(f"claudeCodeVersion: {version!r} is not a version like {LATEST!r}; using {LATEST}")
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        problems.append("rules must be an object with `disable` and `severity`")
        rules = {}
    if "disable" in rules:
        cfg.disabled |= set(_codes(rules["disable"], "rules.disable", problems))
    sev = rules.get("severity") or {}
    if isinstance(sev, dict):
        for key, value in sev.items():
            codes = _codes(key, "rules.severity", problems)
            if value in ("off", "none", "ignore"):
                cfg.disabled |= set(codes)
            elif value in SEVERITIES:
                for c in codes:
                    cfg.severities[c] = value
            else:
                problems.append(f"rules.severity.{key}: {value!r} is not one of {', '.join(SEVERITIES)}, off")
    else:
        problems.append("rules.severity must be an object of CODE = severity")
    diag = data.get("diagnostics") or {}
    if isinstance(diag, dict) and "delay" in diag:
        delay = diag["delay"]
        if isinstance(delay, (int, float)) and not isinstance(delay, bool) and 0 <= delay <= 10_000:
            cfg.delay_ms = int(delay)
        else:
            problems.append(f"diagnostics.delay: {delay!r} is not a number of milliseconds (0-10000); using {cfg.delay_ms}")
    if isinstance(diag, dict) and "scope" in diag:
        if diag["scope"] in SCOPES:
            cfg.scope = diag["scope"]
        else:
            problems.append(f"diagnostics.scope: {diag['scope']!r} is not one of {', '.join(map(repr, SCOPES))}; using {cfg.scope!r}")
    files = data.get("files") or {}
    if isinstance(files, dict) and "agents" in files:
        pats = files["agents"]
        if isinstance(pats, list) and all(isinstance(p, str) for p in pats) and pats:
            cfg.agent_patterns = tuple(pats)
        else:
            problems.append("files.agents must be a list of glob patterns")
    mcp = data.get("mcp") or {}
    if isinstance(mcp, dict) and "configPaths" in mcp:
        paths = mcp["configPaths"]
        if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
            cfg.mcp_config_paths = tuple(paths)
        else:
            problems.append("mcp.configPaths must be a list of paths")
    return cfg


def load_config_file(start: str) -> tuple[Config, str | None]:
    """Find `.agentls.toml` or `[tool.agentls]` in `pyproject.toml` from `start` upwards."""
    import tomllib

    here = os.path.abspath(start)
    if os.path.isfile(here):
        here = os.path.dirname(here)
    while True:
        for name in (".agentls.toml", "pyproject.toml"):
            path = os.path.join(here, name)
            if not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                cfg = Config()
                cfg.problems.append(f"{path}: cannot read ({exc})")
                return cfg, path
            if name == "pyproject.toml":
                data = data.get("tool", {}).get("agentls")
                if data is None:
                    continue
            cfg = config_from_dict(data)
            cfg.problems[:] = [f"{path}: {p}" for p in cfg.problems]
            return cfg, path
        parent = os.path.dirname(here)
        if parent == here:
            return Config(), None
        here = parent
