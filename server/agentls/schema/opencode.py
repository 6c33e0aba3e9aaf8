"""OpenCode agents (`.opencode/agent/*.md`, `.opencode/agents/*.md`, `~/.config/opencode/agent(s)/`).

Sources: https://opencode.ai/docs/agents and OpenCode's agent config schema
(packages/core/src/v1/config/agent.ts, permission.ts). Keys OpenCode does not know are passed to
the model provider as options; the markdown body replaces any `prompt` key.
"""

from __future__ import annotations

import re

from agentls.schema.fields import FieldSpec, Profile, Value, register

DOCS = "https://opencode.ai/docs/agents"
PERMISSIONS_DOCS = "https://opencode.ai/docs/permissions"

MODES: tuple[Value, ...] = (
    Value("primary", "A main agent the user switches to (Tab)."),
    Value("subagent", "Run by other agents through the task tool, or with `@name`."),
    Value("all", "Both primary and subagent (the default)."),
)
ACTIONS: tuple[Value, ...] = (
    Value("ask", "Ask the user before each use."),
    Value("allow", "Allow without asking."),
    Value("deny", "Never allow."),
)
THEME_COLORS: tuple[Value, ...] = tuple(Value(c, f"The theme's `{c}` color.") for c in ("primary", "secondary", "accent", "success", "warning", "error", "info"))
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}$")
PROVIDER_MODEL = re.compile(r"[A-Za-z0-9][\w.@-]*/\S+$")

# Permission keys with a documented meaning; `True`: only a single action, no pattern map.
PERMISSION_KEYS: dict[str, tuple[str, bool]] = {
    "read": ("Reading files (patterns match paths).", False),
    "edit": ("Editing, writing and patching files (patterns match paths).", False),
    "glob": ("Finding files by pattern.", False),
    "grep": ("Searching file contents.", False),
    "list": ("Listing folders.", False),
    "bash": ("Running shell commands (patterns match commands, such as `git *`).", False),
    "task": ("Starting subagents (patterns match agent names).", False),
    "external_directory": ("Touching files outside the project.", False),
    "lsp": ("Language-server queries.", False),
    "skill": ("Loading skills (patterns match skill names).", False),
    "question": ("Asking the user questions.", True),
    "webfetch": ("Fetching URLs.", True),
    "websearch": ("Searching the web.", True),
    "doom_loop": ("Continuing when the same tool call repeats.", True),
}

OPENCODE_TOOLS: dict[str, str] = {
    "bash": "Run shell commands.",
    "edit": "Edit files.",
    "write": "Create or overwrite files.",
    "patch": "Apply patches to files.",
    "read": "Read files.",
    "grep": "Search file contents.",
    "glob": "Find files by pattern.",
    "list": "List folders.",
    "lsp": "Query language servers.",
    "todowrite": "Keep a todo list.",
    "todoread": "Read the todo list.",
    "webfetch": "Fetch URLs.",
    "websearch": "Search the web.",
    "task": "Start subagents.",
    "skill": "Load skills.",
    "question": "Ask the user questions.",
}

OPENCODE_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in [
        FieldSpec("description", "string", "When to use the agent: OpenCode shows it and picks subagents by it. Required.", required=True, source=DOCS),
        FieldSpec("mode", "enum", "How the agent is used: `primary`, `subagent` or `all`.", default="all", values=MODES, source=DOCS),
        FieldSpec("model", "provider-model", "Model as `provider/model-id`, such as `anthropic/claude-sonnet-4-5`. Default: the session's model.", source=DOCS),
        FieldSpec("variant", "string", "Default model variant (only with the agent's own `model`).", source=DOCS),
        FieldSpec("temperature", "number", "Sampling temperature (0.0-1.0 for most models).", source=DOCS),
        FieldSpec("top_p", "number", "Nucleus sampling.", source=DOCS),
        FieldSpec("steps", "integer", "Maximum agentic iterations before the agent must answer in text.", source=DOCS),
        FieldSpec("maxSteps", "integer", "Maximum agentic iterations.", source=DOCS, deprecated="renamed `steps`."),
        FieldSpec("permission", "permission", "What the agent may do without asking: `ask`, `allow` or `deny` for every tool, or a map of "
                  "tool -> action, where `bash`, `edit`, `task`, `skill` ... may map patterns to actions.", source=PERMISSIONS_DOCS,
                  snippet="\n  ${1:edit}: ${2|ask,allow,deny|}"),
        FieldSpec("tools", "tool-map", "Map of tool name -> `true`/`false`.", source=DOCS,
                  deprecated="use `permission` (`tools: {bash: false}` is `permission: {bash: deny}`)."),
        FieldSpec("disable", "boolean", "`true`: the agent is not loaded.", default="false", source=DOCS),
        FieldSpec("hidden", "boolean", "`true`: hide a subagent from the `@` menu.", default="false", source=DOCS),
        FieldSpec("hidden_from_cycle", "boolean", "`true`: skip the agent when cycling with Tab.", default="false", source=DOCS),
        FieldSpec("color", "opencode-color", "Color in the UI: `#RRGGBB` (quoted: an unquoted `#` starts a comment) or a theme color.", values=THEME_COLORS, source=DOCS),
        FieldSpec("options", "mapping", "Extra options passed to the model provider.", source=DOCS),
        FieldSpec("name", "string", "Name of the agent. Defaults to the file name.", source=DOCS),
        FieldSpec("prompt", "string", "System prompt. In a markdown agent the body is the prompt and replaces this key.", source=DOCS),
    ]
}

OPENCODE_PROFILE = register(Profile(
    "opencode-agent", OPENCODE_FIELDS, product="OpenCode", label="OpenCode agents", noun="agent", family="opencode", docs=DOCS,
    mistaken={"max_steps": "steps", "maxTurns": "steps", "allowed-tools": "permission", "disallowedTools": "permission", "permissions": "permission"},
    name_pattern=None, required_note="OpenCode shows it and chooses subagents by it",
))
