"""Sub-agent frontmatter fields and their values.

Source: https://code.claude.com/docs/en/sub-agents (v2.1.240). The only table of field names
and allowed values in agentls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOCS = "https://code.claude.com/docs/en/sub-agents"
MODEL_DOCS = "https://code.claude.com/docs/en/model-config"
PERMISSIONS_DOCS = "https://code.claude.com/docs/en/permissions"
# Fields the docs do not describe yet, read from Claude Code's agent loader (schema/loader.py);
# `since` from `scripts/sync_catalog.py --history` (none: already in 2.1.240, the oldest read).
_PRODUCT = "https://www.npmjs.com/package/@anthropic-ai/claude-code"


@dataclass(frozen=True, slots=True)
class Value:
    """One allowed value of an enum field."""

    name: str
    doc: str
    since: str | None = None


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One frontmatter field: its type, values and documentation."""

    name: str
    type: str  # string | tools | enum | model | integer | boolean | string-list | mcp-servers | hooks
    doc: str
    source: str = DOCS
    since: str | None = None
    required: bool = False
    default: str | None = None
    values: tuple[Value, ...] = ()
    snippet: str | None = None  # LSP snippet for the value part
    ignored_in_plugins: bool = False
    deprecated: str | None = None  # what to write instead (the field still works, or is ignored)
    targets: tuple[str, ...] = ()  # Copilot `target` values the field applies to (empty: all)
    split_spaces: bool = False  # a string value lists items separated by spaces as well as commas

    def value_names(self) -> list[str]:
        return [v.name for v in self.values]

    @property
    def hover(self) -> str:
        parts = [f"**{self.name}**" + (" (required)" if self.required else ""), "", self.doc]
        if self.values:
            parts.append("")
            parts.append("Allowed: " + ", ".join(f"`{v.name}`" for v in self.values))
        if self.default is not None:
            parts.append(f"\nDefault: `{self.default}`")
        if self.since:
            parts.append(f"\nSince Claude Code {self.since}.")
        if self.ignored_in_plugins:
            parts.append("\nIgnored in plugin agents.")
        if self.targets:
            parts.append("\nOnly for `target: " + "` / `".join(self.targets) + "`.")
        if self.deprecated:
            parts.append(f"\nDeprecated: {self.deprecated}")
        parts.append(f"\n[Documentation]({self.source})")
        return "\n".join(parts)


MODEL_ALIASES: tuple[Value, ...] = (
    Value("inherit", "Use the same model as the main conversation (the default)."),
    Value("sonnet", "The latest Sonnet model: balanced capability and speed."),
    Value("opus", "The latest Opus model: the most capable, for complex reasoning."),
    Value("haiku", "The latest Haiku model: fast and inexpensive."),
    Value("fable", "The Fable model alias."),
    Value("default", "The account's default model."),
    Value("best", "The most capable model available to the account."),
    Value("opusplan", "Opus while planning, Sonnet while executing."),
    Value("sonnet[1m]", "Sonnet with a one-million-token context window."),
    Value("opus[1m]", "Opus with a one-million-token context window."),
)
# Full model ids (2.1.74+): Anthropic ids and the Bedrock / Vertex / Foundry spellings of them.
MODEL_ID = re.compile(r"(?:[a-z0-9.-]*anthropic\.)?claude-[a-z0-9.\-]+(?:@[0-9a-z-]+)?(?::\d+)?(?:\[1m\])?$|arn:aws:bedrock:.+")

COLORS: tuple[Value, ...] = tuple(
    Value(c, f"Shown in {c} in the agents list and the UI.") for c in ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
)

PERMISSION_MODES: tuple[Value, ...] = (
    Value("default", "Ask for permission the first time each tool is used."),
    Value("acceptEdits", "Accept file edits without asking."),
    Value("auto", "Let a classifier approve safe actions automatically."),
    Value("dontAsk", "Deny anything not pre-approved instead of asking."),
    Value("bypassPermissions", "Skip all permission prompts (dangerous)."),
    Value("plan", "Plan mode: read-only exploration, no edits or commands."),
    Value("manual", "Same as `default`.", since="2.1.200"),
)

EFFORTS: tuple[Value, ...] = tuple(Value(e, f"Reasoning effort `{e}`.") for e in ("low", "medium", "high", "xhigh", "max"))
MEMORY: tuple[Value, ...] = (
    Value("user", "Persistent memory in the user's folder, shared across projects."),
    Value("project", "Persistent memory in the project, shared through version control."),
    Value("local", "Persistent memory in the project, not checked in."),
)
ISOLATION: tuple[Value, ...] = (
    Value("worktree", "Run the agent in its own temporary git worktree."),
    Value("remote", "Run the agent in a remote environment."),
)

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*$")

_TOOLS_DOC = (
    "Tools the agent may use: a comma-separated string (`Read, Grep, Glob`) or a YAML list. Items are "
    "tool names, specifiers like `Bash(npm run *)`, MCP tools (`mcp__server`, `mcp__server__tool`, "
    "`mcp__server__*`) or `Agent(a, b)`. Omit it to inherit every tool available to sub-agents, MCP "
    "tools included. Names are case-sensitive; entries that match no tool are dropped silently, and "
    "when none resolves Claude Code refuses to launch the agent."
)

AGENT_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in [
        FieldSpec("name", "string", "Unique identifier of the agent. Claude Code accepts any text that does not start with `-`, has no `:` and is at most 256 characters; the docs recommend lowercase letters, digits and hyphens. The file name need not match.", required=True),
        FieldSpec("description", "string", "When Claude should delegate to this agent. Write it for the main agent; \"use PROACTIVELY\" invites automatic use.", required=True),
        FieldSpec("tools", "tools", _TOOLS_DOC, default="all tools (inherited)"),
        FieldSpec("disallowedTools", "tools", "Tools to remove from the agent's set, applied before `tools`. Same syntax as `tools`; `mcp__*` allowed.", since="2.0.30", source=PERMISSIONS_DOCS),
        FieldSpec("model", "model", "Model for the agent: an alias or a full model id.", default="inherit", values=MODEL_ALIASES, source=MODEL_DOCS),
        FieldSpec("permissionMode", "enum", "Permission mode of the agent. Ignored when the parent runs bypassPermissions, acceptEdits or auto.", since="2.0.43", values=PERMISSION_MODES, ignored_in_plugins=True, source=PERMISSIONS_DOCS),
        FieldSpec("maxTurns", "integer", "Maximum number of agentic turns before the agent stops. A positive integer."),
        FieldSpec("skills", "string-list", "Skills whose full content is preloaded into the agent's context. A missing skill is skipped.", since="2.0.43", snippet="\n  - ${1:skill-name}"),
        FieldSpec("mcpServers", "mcp-servers", "MCP servers for this agent: each item a configured server name, or `{name: <server config>}`.", ignored_in_plugins=True, snippet="\n  - ${1:server}"),
        FieldSpec("hooks", "hooks", "Hooks scoped to this agent, in the shape of settings.json hooks. `Stop` runs as `SubagentStop`.", since="2.1.0", ignored_in_plugins=True),
        FieldSpec("memory", "enum", "Persistent memory scope. Gives the agent Read, Write and Edit on its memory folder.", since="2.1.33", values=MEMORY),
        FieldSpec("background", "boolean", "Run the agent in the background by default.", since="2.1.49", default="false"),
        FieldSpec("effort", "enum", "Reasoning effort for the agent.", values=EFFORTS),
        FieldSpec("isolation", "enum", "Run the agent in an isolated git worktree.", since="2.1.50", values=ISOLATION),
        FieldSpec("color", "enum", "Display color in the UI (set by the `/agents` command).", values=COLORS, since="2.1.140"),
        FieldSpec("initialPrompt", "string", "First prompt submitted when the agent runs as the main session (`claude --agent`).", since="2.1.83"),
        FieldSpec("autoCompactWindow", "integer", "Context size, in tokens, at which the agent's conversation is compacted automatically (at least 100000).", since="2.1.296", source=_PRODUCT),
        FieldSpec("omitClaudeMd", "boolean", "`true`: the agent starts without the CLAUDE.md memory files in its context.", since="2.1.271", default="false", source=_PRODUCT),
        FieldSpec("observer", "string", "An agent that observes this one while it runs.", source=_PRODUCT),
        FieldSpec("observerMessage", "string", "The message the observer is given.", source=_PRODUCT),
        FieldSpec("observeSubagents", "boolean", "`false`: the observer does not see this agent's sub-agents.", default="true", source=_PRODUCT),
        FieldSpec("observeToolResults", "boolean", "`false`: the observer does not see tool results.", since="2.1.328", default="true", source=_PRODUCT),
    ]
}

# Keys seen in the wild that Claude Code ignores, with what the author probably meant.
MISTAKEN_FIELDS: dict[str, str | None] = {
    "mcp_servers": "mcpServers",
    "mcp-servers": "mcpServers",
    "allowed-tools": "tools",
    "allowed_tools": "tools",
    "allowedTools": "tools",
    "disallowed-tools": "disallowedTools",
    "disallowed_tools": "disallowedTools",
    "permission-mode": "permissionMode",
    "permission_mode": "permissionMode",
    "max-turns": "maxTurns",
    "max_turns": "maxTurns",
    "initial-prompt": "initialPrompt",
    "tool": "tools",
    "colour": "color",
    "models": "model",
}
IGNORED_NOTES: dict[str, str] = {
    "extends": "Claude Code has no agent inheritance: nothing from the named agent is loaded.",
}


def is_known_field(key: str) -> bool:
    return key in AGENT_FIELDS


@dataclass(frozen=True, slots=True)
class Profile:
    """The fields of one kind of file, and how its product reads them.

    Rules read the profile of `doc.kind`; the defaults describe Claude Code sub-agents.
    """

    kind: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    product: str = "Claude Code"  # who reads the file
    label: str = "Claude Code agents"  # "is not a field of <label>"
    noun: str = "agent"  # what one file is
    family: str = "claude-agent"  # claude-agent | claude-skill | copilot | opencode
    docs: str = DOCS
    mistaken: dict[str, str | None] = field(default_factory=dict)  # keys seen in the wild -> the field meant
    name_pattern: re.Pattern[str] | None = NAME_PATTERN
    name_max: int | None = None
    name_rule: str = "names are lowercase letters, digits and hyphens, not starting with `-`"
    tool_fields: tuple[str, ...] = ()  # fields listing Claude Code tools: (allowed, disallowed)
    subagent: bool = False  # runs as a Claude Code sub-agent (tools resolve to zero -> not launched)
    plugin: bool = False  # lives in a Claude Code plugin
    required_note: str | None = None  # why a required field matters (None: the sub-agent wording)
    accepted: frozenset[str] = frozenset()  # keys the product reads beyond the documented fields: never unknown

    @property
    def claude_tools(self) -> bool:
        return bool(self.tool_fields)


AGENT_PROFILE = Profile("agent", AGENT_FIELDS, mistaken=MISTAKEN_FIELDS, tool_fields=("tools", "disallowedTools"), subagent=True)


PROFILES: dict[str, Profile] = {
    "agent": AGENT_PROFILE,
    "plugin-agent": Profile("plugin-agent", AGENT_FIELDS, mistaken=MISTAKEN_FIELDS, tool_fields=("tools", "disallowedTools"), subagent=True, plugin=True),
}


def profile_for(kind: str) -> Profile:
    """The field profile of a file kind (sub-agents for an unknown kind)."""
    return PROFILES.get(kind, AGENT_PROFILE)


def register(profile: Profile) -> Profile:
    PROFILES[profile.kind] = profile
    return profile


# The other kinds' tables live beside this module and register their profiles here.
from agentls.schema import copilot as _copilot, opencode as _opencode, skills as _skills  # noqa: E402,F401

# Memory files Claude Code loads by itself, from the project, its parents or the user's folder:
# a prompt that mentions one does not rely on the workspace having it.
MEMORY_FILES = frozenset({"CLAUDE.md", "CLAUDE.local.md", "AGENTS.md"})
