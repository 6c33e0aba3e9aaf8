"""The server's settings, in layers: the project's `.agentls.toml` (or `[tool.agentls]`), then
`initializationOptions`, then the client's `agentls` section of `workspace/configuration`.

Every layer takes the same object (see `agentls.analysis.config`). A bad value is reported once
(`window/showMessage`) and replaced by the value of the layer below, or the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentls.analysis.config import Config, config_from_dict, load_config_file

SECTION = "agentls"


@dataclass(slots=True)
class Settings:
    """The client's settings for agentls."""

    file_config: Config = field(default_factory=Config)
    file_path: str | None = None
    init_options: Any = None
    section: Any = None
    config: Config = field(default_factory=Config)
    problems: list[str] = field(default_factory=list)

    def load_file(self, root: str | None) -> None:
        """Read `.agentls.toml` / `pyproject.toml` from the workspace root upwards."""
        if root:
            self.file_config, self.file_path = load_config_file(root)
        self.rebuild()

    def rebuild(self) -> Config:
        problems = list(self.file_config.problems)
        cfg = self.file_config
        for where, data in (("initializationOptions", self.init_options), (f"`{SECTION}` settings", self.section)):
            if data is None:
                continue
            cfg = config_from_dict(_unwrap(data), cfg)
            problems.extend(f"{where}: {p}" for p in cfg.problems)
        cfg.problems = problems
        self.config, self.problems = cfg, problems
        return cfg


def _unwrap(data: Any) -> Any:
    """Accept `{"agentls": {...}}` as well as the bare object."""
    if isinstance(data, dict) and set(data) == {SECTION} and isinstance(data[SECTION], dict):
        return data[SECTION]
    return data
