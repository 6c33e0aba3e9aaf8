"""Claude Code's built-in sub-agent types (what `Agent(...)` may name besides the workspace's agents).

Source: https://code.claude.com/docs/en/sub-agents ("Built-in subagents"), as of v2.1.240.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "https://code.claude.com/docs/en/sub-agents"


@dataclass(frozen=True, slots=True)
class BuiltinAgent:
    """An agent Claude Code ships with."""

    name: str
    summary: str

    @property
    def docs(self) -> str:
        return f"**{self.name}** (built-in agent): {self.summary}\n\n[Sub-agents]({SOURCE})"


BUILTIN_AGENTS: dict[str, BuiltinAgent] = {
    a.name: a
    for a in [
        BuiltinAgent("general-purpose", "Complex research and multi-step tasks that may also modify code; inherits every tool."),
        BuiltinAgent("Explore", "Fast, read-only search and analysis of a codebase (Write and Edit denied)."),
        BuiltinAgent("Plan", "Read-only research of the codebase while planning (Write and Edit denied)."),
        BuiltinAgent("statusline-setup", "Configures the status line (the `/statusline` command)."),
        BuiltinAgent("claude-code-guide", "Answers questions about Claude Code's own features."),
    ]
}
