"""agentls: a language server and linter for agent files."""

__version__ = "0.1.0"
