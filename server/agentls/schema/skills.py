"""Skills (`.claude/skills/<name>/SKILL.md`) and commands (`.claude/commands/**/*.md`).

Source: https://code.claude.com/docs/en/skills and /slash-commands (v2.1.240). Commands and
skills share one mechanism and one set of fields; a skill's `name` should equal its folder.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentls.schema.fields import EFFORTS, MODEL_ALIASES, MODEL_DOCS, NAME_PATTERN, FieldSpec, Profile, Value, register

SKILLS_DOCS = "https://code.claude.com/docs/en/skills"
COMMANDS_DOCS = "https://code.claude.com/docs/en/slash-commands"
PLUGINS_DOCS = "https://code.claude.com/docs/en/plugins-reference"

DESCRIPTION_CAP = 1536  # characters of `description` + `when_to_use` shown in the skill listing
SKILL_NAME_MAX = 64

CONTEXTS: tuple[Value, ...] = (Value("fork", "Run the skill in a forked sub-agent with its own context; `agent` picks the sub-agent type."),)
SHELLS: tuple[Value, ...] = (
    Value("bash", "Run `!` command injections with bash (the default)."),
    Value("powershell", "Run `!` command injections with PowerShell."),
)

_ALLOWED_DOC = (
    "Tools Claude may use without asking for permission while the skill is active: a space- or "
    "comma-separated string (`Read Grep Bash(git diff *)`) or a YAML list. Items are tool names, "
    "specifiers like `Bash(npm run *)` and MCP tools (`mcp__server__tool`). It pre-approves; it does "
    "not take other tools away."
)


def _skill_fields(noun: str, docs: str) -> dict[str, FieldSpec]:
    return {
        f.name: f
        for f in [
            FieldSpec("name", "string", f"Name of the {noun}: lowercase letters, digits and hyphens, at most {SKILL_NAME_MAX} characters. "
                      "Defaults to the folder name, and should equal it.", source=docs),
            FieldSpec("description", "string", f"What the {noun} does and when to use it: Claude reads it to decide when to load it. "
                      f"Without it, the first paragraph of the body is used. With `when_to_use`, only the first {DESCRIPTION_CAP:,} "
                      "characters appear in the skill listing.", source=docs),
            FieldSpec("when_to_use", "string", f"More about when to use the {noun}; appended to `description` in the listing and "
                      f"counted in its {DESCRIPTION_CAP:,}-character cap.", source=docs),
            FieldSpec("argument-hint", "string", "Hint shown after the command name while typing, such as `[issue-number]`.", source=docs),
            FieldSpec("arguments", "string-or-list", "Named positional arguments: `$name` in the body takes the argument at that position. "
                      "A space-separated string or a YAML list.", source=docs),
            FieldSpec("allowed-tools", "tools", _ALLOWED_DOC, source=docs, split_spaces=True),
            FieldSpec("disallowed-tools", "tools", f"Tools taken away while the {noun} runs. Same syntax as `allowed-tools`.", source=docs, split_spaces=True),
            FieldSpec("model", "model", f"Model for the {noun}'s turn: an alias or a full model id.", values=MODEL_ALIASES, source=MODEL_DOCS),
            FieldSpec("effort", "enum", "Reasoning effort while the skill runs.", values=EFFORTS, source=docs),
            FieldSpec("context", "enum", f"`fork` runs the {noun} in a sub-agent with its own context instead of the conversation.", values=CONTEXTS, source=docs),
            FieldSpec("agent", "string", "Sub-agent type that runs the skill when `context: fork` is set: a built-in (`Explore`, `Plan`, "
                      "`general-purpose`) or the name of a custom agent. Ignored without `context: fork`.", source=docs),
            FieldSpec("disable-model-invocation", "boolean", f"`true`: only the user can run the {noun} (`/name`); Claude never loads it on its own.", default="false", source=docs),
            FieldSpec("user-invocable", "boolean", f"`false`: hide the {noun} from the `/` menu; only Claude loads it.", default="true", source=docs),
            FieldSpec("hooks", "hooks", f"Hooks active while the {noun} runs, in the shape of settings.json hooks.", source=docs),
            FieldSpec("paths", "string-or-list", "Glob patterns: the skill is offered only when working with matching files.", source=docs),
            FieldSpec("shell", "enum", "Shell for `!` command injections in the body.", values=SHELLS, source=docs),
            FieldSpec("metadata", "mapping", "Free-form metadata (Agent Skills standard); Claude Code does not read it.", source=docs),
            FieldSpec("license", "string", "License of the skill (Agent Skills standard).", source=docs),
            FieldSpec("compatibility", "string", "Environment requirements (Agent Skills standard).", source=docs),
        ]
    }


SKILL_FIELDS = _skill_fields("skill", SKILLS_DOCS)
COMMAND_FIELDS = _skill_fields("command", COMMANDS_DOCS)

MISTAKEN_SKILL_FIELDS: dict[str, str | None] = {
    "tools": "allowed-tools",
    "allowedTools": "allowed-tools",
    "allowed_tools": "allowed-tools",
    "disallowedTools": "disallowed-tools",
    "disallowed_tools": "disallowed-tools",
    "args": "arguments",
    "user-invokable": "user-invocable",
}


@dataclass(frozen=True, slots=True)
class Substitution:
    """A placeholder Claude Code replaces in a skill or command body."""

    text: str  # as written; `N` and `name` stand for a number and an argument name
    doc: str
    variable: str | None = None  # for ${CLAUDE_...}: the variable name
    plugin_only: bool = False


SUBSTITUTIONS: tuple[Substitution, ...] = (
    Substitution("$ARGUMENTS", "Everything typed after the command name. When the body never uses it, the arguments are appended as `ARGUMENTS: <value>`."),
    Substitution("$ARGUMENTS[N]", "The argument at position N, counting from 0 (`$ARGUMENTS[0]` is the first). Quoted words count as one argument."),
    Substitution("$N", "Shorthand for `$ARGUMENTS[N]`: `$0` is the first argument, `$1` the second."),
    Substitution("$name", "The argument named in `arguments`, by its position."),
    Substitution("${CLAUDE_SESSION_ID}", "The current session id.", "CLAUDE_SESSION_ID"),
    Substitution("${CLAUDE_SKILL_DIR}", "The folder holding the skill's SKILL.md, to reach files bundled with it.", "CLAUDE_SKILL_DIR"),
    Substitution("${CLAUDE_PROJECT_DIR}", "The project's root folder.", "CLAUDE_PROJECT_DIR"),
    Substitution("${CLAUDE_PLUGIN_ROOT}", "The root folder of the plugin the file belongs to; set only for plugin skills, commands and agents.", "CLAUDE_PLUGIN_ROOT", plugin_only=True),
    Substitution("${CLAUDE_EFFORT}", "The current reasoning effort level.", "CLAUDE_EFFORT"),
)
VARIABLES: dict[str, Substitution] = {s.variable: s for s in SUBSTITUTIONS if s.variable}


_SKILL_REQUIRED = "Claude Code uses the folder name and the first paragraph instead"

# Every key Claude Code's skill and command loader knows (2.1.332, read by scripts/sync_catalog.py):
# the documented fields above and keys it reads without documenting them for skills (plugin and
# marketplace metadata among them). None of these is reported as unknown.
PRODUCT_SKILL_KEYS = frozenset({
    "agent", "agents", "allowed-tools", "argument-hint", "arguments", "author", "background", "channels", "context",
    "created_by", "defaultEnabled", "dependencies", "description", "disable-model-invocation", "disallowed-tools",
    "disallowedTools", "displayName", "effort", "experimental", "fallback", "homepage", "hooks", "improved_by",
    "keywords", "license", "lspServers", "mcpServers", "metadata", "model", "monitors", "name", "outputStyles",
    "paths", "repository", "settings", "shell", "themes", "user-invocable", "userConfig", "version", "when_to_use",
    "workflows",
})

SKILL_PROFILE = register(Profile(
    "skill", SKILL_FIELDS, label="Claude Code skills", noun="skill", family="claude-skill", docs=SKILLS_DOCS,
    mistaken=MISTAKEN_SKILL_FIELDS, name_pattern=NAME_PATTERN, name_max=SKILL_NAME_MAX,
    name_rule=f"skill names are lowercase letters, digits and hyphens, at most {SKILL_NAME_MAX} characters",
    tool_fields=("allowed-tools", "disallowed-tools"), required_note=_SKILL_REQUIRED, accepted=PRODUCT_SKILL_KEYS,
))
COMMAND_PROFILE = register(Profile(
    "command", COMMAND_FIELDS, label="Claude Code commands", noun="command", family="claude-skill", docs=COMMANDS_DOCS,
    mistaken=MISTAKEN_SKILL_FIELDS, name_pattern=NAME_PATTERN, name_max=SKILL_NAME_MAX,
    name_rule=f"command names are lowercase letters, digits and hyphens, at most {SKILL_NAME_MAX} characters",
    tool_fields=("allowed-tools", "disallowed-tools"), required_note=_SKILL_REQUIRED, accepted=PRODUCT_SKILL_KEYS,
))
PLUGIN_SKILL_PROFILE = register(Profile(
    "plugin-skill", SKILL_FIELDS, label="Claude Code skills", noun="skill", family="claude-skill", docs=PLUGINS_DOCS,
    mistaken=MISTAKEN_SKILL_FIELDS, name_pattern=NAME_PATTERN, name_max=SKILL_NAME_MAX,
    name_rule=SKILL_PROFILE.name_rule, tool_fields=("allowed-tools", "disallowed-tools"), plugin=True, required_note=_SKILL_REQUIRED, accepted=PRODUCT_SKILL_KEYS,
))
PLUGIN_COMMAND_PROFILE = register(Profile(
    "plugin-command", COMMAND_FIELDS, label="Claude Code commands", noun="command", family="claude-skill", docs=PLUGINS_DOCS,
    mistaken=MISTAKEN_SKILL_FIELDS, name_pattern=NAME_PATTERN, name_max=SKILL_NAME_MAX,
    name_rule=COMMAND_PROFILE.name_rule, tool_fields=("allowed-tools", "disallowed-tools"), plugin=True, required_note=_SKILL_REQUIRED, accepted=PRODUCT_SKILL_KEYS,
))
