"""The catalog of diagnostics: code, name, category, default severity, docs and examples.

`agentls rules`, `agentls explain`, the README's rule table and the tests all read this list.
Every rule carries a failing example (`bad`) and a passing one (`good`): a test checks that the
rule fires on the first and not on the second.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CATEGORIES = ("syntax", "schema", "tools", "mcp", "contradiction", "references", "markdown", "encoding")
SEVERITIES = ("error", "warning", "information", "hint")


@dataclass(frozen=True, slots=True)
class Rule:
    """A diagnostic code: its name, category, default severity and documentation."""

    code: str
    name: str
    category: str
    severity: str
    summary: str
    docs: str
    bad: str
    good: str
    workspace: bool = False  # needs the other files of the workspace
    config: tuple[tuple[str, str], ...] = ()  # settings the examples are checked with
    kind: str = "agent"  # the file kind the examples are (see workspace.discovery.kind_for_path)
    path: str | None = None  # where the examples live, relative to the workspace root
    files: tuple[tuple[str, str], ...] = ()  # other files of the example workspace: (path, text)
    good_path: str | None = None  # where the passing example lives, when not at `path`

    @property
    def url(self) -> str:
        """This rule's page (`docs/rules/CODE.md`), under `AGENTLS_DOCS_URL` when it is set."""
        return f"{os.environ.get('AGENTLS_DOCS_URL', DOCS_URL).rstrip('/')}/{self.code}.md"

    def page(self) -> str:
        """The rule's documentation page, generated from this catalog (`docs/rules/CODE.md`)."""
        suppress = (f"# agentls-disable-next-line {self.code}   (in the frontmatter)\n"
                    f"<!-- agentls-disable-next-line {self.code} -->   (in the body)")
        return (
            f"# {self.code} `{self.name}`\n\n"
            f"{self.summary}\n\n"
            f"Category `{self.category}`, {self.severity} by default"
            + (" (reads the other files of the workspace)" if self.workspace else "") + ".\n\n"
            f"## Why\n\n{self.docs}\n\n"
            f"## Fails\n\n```markdown\n{self.bad.rstrip()}\n```\n\n"
            f"## Passes\n\n```markdown\n{self.good.rstrip()}\n```\n\n"
            "## Turn it off\n\n"
            f"For one line, a comment on the line before it:\n\n```\n{suppress}\n```\n\n"
            f"For a project, in `.agentls.toml`:\n\n```toml\n[rules]\ndisable = [\"{self.code}\"]\n```\n\n"
            f"Or for one run: `agentls check --disable {self.code}`.\n"
        )

    def explain(self) -> str:
        return (
            f"{self.code} {self.name} ({self.category}, {self.severity} by default)\n\n{self.summary}\n\n{self.docs}\n\n"
            f"Fails:\n{_indent(self.bad)}\n\nPasses:\n{_indent(self.good)}\n"
        )


DOCS_URL = "https://github.com/agentls/agentls/blob/main/docs/rules"  # the repository's docs folder


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))


def _agent(fm: str, body: str = "You review code and report problems.\n") -> str:
    return f"---\n{fm.strip()}\n---\n\n{body}"


_BASE = "name: reviewer\ndescription: Reviews code changes."

RULES: list[Rule] = [
    # syntax
    Rule("S001", "yaml-syntax", "syntax", "error",
         "The frontmatter is not valid YAML.",
         "Strict YAML rejects the frontmatter. When Claude Code's more lenient reader still loads it (a single-line "
         "plain value containing `: `), this is a warning: other tools (and future versions) may not. When it does "
         "not, Claude Code silently skips the agent: an error. The quick fix quotes the value, or turns a value that "
         "runs over unindented lines into an indented block scalar, keeping its text exactly.",
         _agent("name: reviewer\ndescription: Reviews code. Triggers: any diff"),
         _agent("name: reviewer\ndescription: \"Reviews code. Triggers: any diff\"")),
    Rule("S002", "frontmatter-missing", "syntax", "error",
         "The file has no frontmatter.",
         "An agent file starts with a `---` line, YAML frontmatter with at least `name` and `description`, and a "
         "closing `---` line. Without it Claude Code does not load the file as an agent.",
         "You review code.\n",
         _agent(_BASE)),
    Rule("S003", "frontmatter-unclosed", "syntax", "error",
         "The frontmatter has no closing `---` line.",
         "Without the closing delimiter the whole file is read as YAML and Claude Code skips the agent. Add a `---` "
         "line after the last field.",
         "---\nname: reviewer\ndescription: Reviews code.\n\n# Reviewer\n",
         _agent(_BASE)),
    Rule("S004", "frontmatter-not-at-start", "syntax", "warning",
         "The frontmatter does not start on the first line.",
         "Claude Code looks for `---` on the very first line. Blank or indented lines before it make the "
         "frontmatter plain text. Remove them.",
         "\n" + _agent(_BASE),
         _agent(_BASE)),
    Rule("S005", "frontmatter-not-mapping", "syntax", "error",
         "The frontmatter is not a set of `key: value` fields.",
         "The frontmatter must be a YAML mapping (`name: ...`, `description: ...`).",
         "---\n- name\n- description\n---\n\nBody.\n",
         _agent(_BASE)),
    Rule("S006", "yaml-too-complex", "syntax", "error",
         "The frontmatter is too deeply nested, too large or holds several documents.",
         "agentls stops reading YAML that nests deeper than 64 levels or has more than 50,000 nodes (a defence "
         "against alias bombs), or that holds a second YAML document. No agent needs that: simplify it.",
         "---\nname: reviewer\ndescription: " + "[" * 70 + "]" * 70 + "\n---\n\nBody.\n",
         _agent(_BASE)),
    Rule("S007", "duplicate-key", "syntax", "warning",
         "A frontmatter key appears twice.",
         "Strict YAML readers reject duplicate keys; others keep only the last value. Keep one.",
         _agent(_BASE + "\nmodel: sonnet\nmodel: opus"),
         _agent(_BASE + "\nmodel: sonnet")),
    # schema
    Rule("F001", "missing-required-field", "schema", "error",
         "`name` or `description` is missing or empty.",
         "Claude Code skips an agent without a `name`, or with a `name` but no `description`.",
         _agent("name: reviewer"),
         _agent(_BASE)),
    Rule("F002", "invalid-name", "schema", "error",
         "The agent name is one Claude Code does not accept (an error), or not in the recommended style (a hint).",
         "Claude Code's loader (2.1.332) skips an agent whose name starts with `-`, contains `:` (reserved for plugin "
         "agents since 2.1.218) or is longer than 256 characters. Any other name loads; the docs recommend lowercase "
         "letters, digits and hyphens, and a name in another style gets a hint only.",
         _agent("name: code:reviewer\ndescription: Reviews code changes."),
         _agent(_BASE)),
    Rule("F003", "unknown-field", "schema", "warning",
         "Claude Code does not know this frontmatter field.",
         "Unknown keys have no effect: Claude Code ignores them. Usually it is a typo or a field of another file "
         "kind (`allowed-tools` belongs to skills and commands; agents use `tools`). The quick fix renames it.",
         _agent(_BASE + "\nmcp_servers:\n  - github"),
         _agent(_BASE + "\nmcpServers:\n  - github")),
    Rule("F004", "wrong-type", "schema", "error",
         "A field's value has the wrong type.",
         "For example `maxTurns` takes a positive integer, `background` a boolean, `skills` a list of names.",
         _agent(_BASE + "\nmaxTurns: many"),
         _agent(_BASE + "\nmaxTurns: 10")),
    Rule("F005", "invalid-value", "schema", "warning",
         "A field's value is not one of the allowed values.",
         "Enum fields (`model`, `color`, `permissionMode`, `effort`, `memory`, `isolation`) take fixed values; "
         "the message lists them.",
         _agent(_BASE + "\ncolor: magenta"),
         _agent(_BASE + "\ncolor: purple")),
    Rule("F006", "field-not-in-version", "schema", "warning",
         "The field needs a newer Claude Code than the configured `claudeCodeVersion`.",
         "Older versions ignore fields they do not know. Raise `claudeCodeVersion` if you run a newer Claude Code.",
         _agent(_BASE + "\nisolation: worktree"),
         _agent(_BASE), config=(("claudeCodeVersion", "2.1.40"),)),
    Rule("F007", "duplicate-agent-name", "schema", "warning",
         "Another agent file of the same scope declares the same `name`.",
         "Claude Code loads only one agent per name and scope: the others are silently lost. Rename one.",
         _agent(_BASE), _agent(_BASE), workspace=True),
    Rule("F008", "ignored-field", "schema", "warning",
         "Claude Code ignores this field here.",
         "Plugin agents ignore `hooks`, `mcpServers` and `permissionMode`; `extends` and similar keys have no "
         "effect anywhere.",
         _agent(_BASE + "\nextends: base-agent"),
         _agent(_BASE)),
    Rule("F009", "agent-not-loaded", "schema", "error",
         "Claude Code would not load or launch this agent.",
         "Claude Code skips an agent file silently (only its debug log says why) when the frontmatter cannot be "
         "read, or `name` is missing or invalid, or `description` is missing; and it refuses to launch an agent "
         "whose `tools` resolve to nothing. This error sits at the top of the frontmatter, names the reason and "
         "points at the place to fix. Plugin agents still load, under their file name, unless no tool resolves.",
         _agent("name: code:reviewer\ndescription: Reviews code changes."),
         _agent(_BASE)),
    # tools
    Rule("T001", "unknown-tool", "tools", "error",
         "The tool name is not a Claude Code tool.",
         "Tool names are case-sensitive (`Read`, not `read`). Claude Code drops entries that match no tool, so the "
         "agent silently runs without it. The quick fix picks the closest name.",
         _agent(_BASE + "\ntools: read, Grep"),
         _agent(_BASE + "\ntools: Read, Grep")),
    Rule("T002", "renamed-tool", "tools", "warning",
         "The tool was renamed.",
         "Old names that are no longer in Claude Code's map of aliases resolve to nothing (the aliases it still "
         "accepts, such as `Task` for `Agent` and `KillBash` for `TaskStop`, get T009). The quick fix writes the new name.",
         _agent(_BASE + "\ntools: Read, SlashCommand"),
         _agent(_BASE + "\ntools: Read, Skill")),
    Rule("T003", "removed-tool", "tools", "warning",
         "The tool was removed from Claude Code.",
         "The entry resolves to nothing. The message names the tool that replaces it.",
         _agent(_BASE + "\ntools: Read, MultiEdit"),
         _agent(_BASE + "\ntools: Read, Edit")),
    Rule("T004", "duplicate-tool", "tools", "warning",
         "The tool is listed twice, or under its old and new name.",
         "`Task` is the old name of `Agent`; listing both (or one twice) changes nothing. Remove one.",
         _agent(_BASE + "\ntools: Read, Task, Agent"),
         _agent(_BASE + "\ntools: Read, Agent")),
    Rule("T005", "tool-allowed-and-disallowed", "tools", "warning",
         "The tool is in both `tools` and `disallowedTools`.",
         "`disallowedTools` is applied first, so the tool is not available. Remove it from one list.",
         _agent(_BASE + "\ntools: Read, Bash\ndisallowedTools: Bash"),
         _agent(_BASE + "\ntools: Read\ndisallowedTools: Bash")),
    Rule("T006", "malformed-tool-entry", "tools", "error",
         "The tool entry is malformed.",
         "Specifiers are written `Tool(argument)` (`Bash(npm run *)`, `Agent(a, b)`); MCP tools "
         "`mcp__server__tool`; items are separated by commas.",
         _agent(_BASE + "\ntools: Read, Bash(npm run *"),
         _agent(_BASE + "\ntools: Read, Bash(npm run *)")),
    Rule("T007", "no-resolvable-tools", "tools", "error",
         "No entry of `tools` resolves to a tool: Claude Code refuses to launch the agent.",
         "Since 2.1.208 an agent whose `tools` resolve to nothing would be spawned with zero tools, and Claude Code "
         "refuses to launch it. Fix the names, or omit `tools` to inherit every tool.",
         _agent(_BASE + "\ntools: read, grep"),
         _agent(_BASE + "\ntools: Read, Grep")),
    Rule("T008", "tool-never-given", "tools", "information",
         "Sub-agents never get this tool, even when it is listed.",
         "`AskUserQuestion`, `EnterPlanMode`, `WaitForMcpServers` and a few others are kept from sub-agents (and "
         "`ExitPlanMode` unless `permissionMode: plan`). The entry has no effect.",
         _agent(_BASE + "\ntools: Read, AskUserQuestion"),
         _agent(_BASE + "\ntools: Read")),
    Rule("T009", "deprecated-tool", "tools", "hint",
         "The tool name is deprecated.",
         "It still works, but a newer name or tool replaces it (`Task` -> `Agent`).",
         _agent(_BASE + "\ntools: Read, Task"),
         _agent(_BASE + "\ntools: Read, Agent")),
    # mcp
    Rule("M001", "mcp-server-not-configured", "mcp", "warning",
         "The agent is granted tools of an MCP server that no configuration defines.",
         "`mcp__X...` tools exist only when server X is configured (`.mcp.json`, `~/.claude.json`, a plugin, or the "
         "agent's `mcpServers`). Add the server, or remove the entries.",
         _agent(_BASE + "\ntools: Read, mcp__nosuch__tool"),
         _agent(_BASE + "\ntools: Read"), workspace=True),
    Rule("M002", "mcp-server-entry-unknown", "mcp", "warning",
         "An `mcpServers` entry names a server that no configuration defines.",
         "A string item of `mcpServers` refers to a server configured elsewhere; inline `{name: config}` items "
         "define their own.",
         _agent(_BASE + "\nmcpServers:\n  - nosuch"),
         _agent(_BASE + "\nmcpServers:\n  - inline:\n      command: npx"), workspace=True),
    Rule("M003", "invalid-mcp-server-name", "mcp", "error",
         "The MCP server name has characters that are not allowed.",
         "Server names use letters, digits, `-` and `_` only.",
         _agent(_BASE + "\ntools: Read, mcp__my.server__tool"),
         _agent(_BASE + "\ntools: Read, mcp__my-server__tool")),
    Rule("M004", "unknown-mcp-tool", "mcp", "warning",
         "The MCP server is known and has no tool of that name.",
         "Checked only for servers whose tools agentls knows (its bundled catalog of well-known servers).",
         _agent(_BASE + "\ntools: Read, mcp__context7__no-such-tool"),
         _agent(_BASE + "\ntools: Read, mcp__context7__resolve-library-id"), workspace=True),
    # contradiction
    Rule("C001", "prohibited-capability-granted", "contradiction", "warning",
         "The prompt forbids an action that a granted tool performs.",
         "The text says the agent must not do something (modify files, write code, run commands, use the web, delegate) "
         "but `tools` grants a tool that does it, or `tools` is omitted so the agent inherits every tool. Only blanket "
         "prohibitions count (\"never modify files\", \"you are read-only\"), not qualified ones (\"never write code "
         "without tests\"), and not when another instruction needs the same tool. The quick fix removes the tools from "
         "`tools`, or adds `disallowedTools`.",
         _agent(_BASE + "\ntools: Read, Write", "Never modify files. Report findings only.\n"),
         _agent(_BASE + "\ntools: Read", "Never modify files. Report findings only.\n")),
    Rule("C002", "required-capability-missing", "contradiction", "warning",
         "The prompt requires an action that no granted tool provides.",
         "`tools` is an explicit list and the text tells the agent to do something (save a file, write code, run a "
         "command, search the web, use an MCP server, delegate) that nothing granted can do. The agent fails at runtime. "
         "When only a shell (`Bash`) could do it (writing files through the shell), the finding is information. The quick "
         "fix adds a tool that can.",
         _agent(_BASE + "\ntools: Read", "Save the report to `docs/review.md`.\n"),
         _agent(_BASE + "\ntools: Read, Write", "Save the report to `docs/review.md`.\n")),
    Rule("C003", "ungranted-tool-reference", "contradiction", "warning",
         "The prompt names a tool that is not granted.",
         "The text tells the agent to use a tool, exactly by name (`WebSearch`, `mcp__docs__find(...)` in a code block), "
         "that `tools` does not list. Mentions under a prohibition (\"never call `Bash`\") and in examples do not count. "
         "The quick fix adds it to `tools`.",
         _agent(_BASE + "\ntools: Read", "Use `WebSearch` to find the latest release notes.\n"),
         _agent(_BASE + "\ntools: Read, WebSearch", "Use `WebSearch` to find the latest release notes.\n")),
    Rule("C004", "self-contradiction", "contradiction", "hint",
         "Two instructions say opposite things about the same action.",
         "One part of the prompt (or the description) tells the agent to do what another forbids: \"Write clean code\" "
         "against \"You DO NOT write code\". The agent will follow one at random. A qualified or conditional prohibition "
         "(\"do not write code without tests\", \"if the build is red, do not ...\") is not a contradiction. "
         "A hint by default: pairing every instruction with every prohibition of a long prompt is the reading most "
         "often wrong on files agentls was not tuned to (none of its 17 findings in six blind rounds was right); "
         "raise it with `rules.severity` (`\"C004\": \"warning\"`).",
         _agent(_BASE, "- Write clean code for each fix.\n\nYou DO NOT write code.\n"),
         _agent(_BASE, "- Review each fix.\n\nYou DO NOT write code.\n")),
    Rule("C005", "subagent-unavailable", "contradiction", "warning",
         "The prompt asks for something a sub-agent cannot do.",
         "A sub-agent cannot ask the user and wait for an answer, get approval mid-task, or enter plan mode: it can "
         "only return a message to its caller (`AskUserQuestion` and `EnterPlanMode` are never given to it). Tell it "
         "to return its questions in its final answer.",
         _agent(_BASE, "Ask the user clarifying questions before you start.\n"),
         _agent(_BASE, "List open questions in your final answer.\n")),
    Rule("C006", "frontmatter-conflict", "contradiction", "warning",
         "Two frontmatter fields contradict each other.",
         "`permissionMode: plan` (read-only) with tools that change files or run commands granted, or "
         "`permissionMode: acceptEdits` without any tool that edits files.",
         _agent(_BASE + "\ntools: Read, Write\npermissionMode: plan"),
         _agent(_BASE + "\ntools: Read\npermissionMode: plan")),
    # references
    Rule("R001", "missing-agent", "references", "information",
         "The prompt relies on an agent the workspace does not have.",
         "The text delegates to a named agent (or `tools` allows `Agent(name)`) that is neither an agent file of the "
         "workspace nor a built-in agent. Reported only when agentls knows the workspace's agents.",
         _agent(_BASE, "Delegate the fixes to the `nosuch-fixer` agent.\n"),
         _agent(_BASE, "Report the fixes.\n"), workspace=True),
    Rule("R002", "missing-skill", "references", "information",
         "A skill named in `skills` (or the prompt) does not exist in the workspace.",
         "Claude Code skips a missing skill silently. Skills are looked for in the project's `.claude/skills`, the "
         "user's `~/.claude/skills` and the plugins'.",
         _agent(_BASE + "\nskills:\n  - nosuch-skill"),
         _agent(_BASE), workspace=True),
    Rule("R003", "missing-file", "references", "information",
         "The prompt tells the agent to read a file the workspace does not have.",
         "Reported only for relative paths inside the workspace, and not for files the prompt also tells the agent "
         "to write (a shared state file it creates).",
         _agent(_BASE, "Read `docs/nosuch.md` before you start.\n"),
         _agent(_BASE, "Read the diff before you start.\n"), workspace=True),
    # markdown
    Rule("D001", "glued-heading", "markdown", "warning",
         "A heading is glued to the end of a line, so it is not a heading.",
         "Markdown headings start a line. `text.## Title` renders as text; the agent loses the section structure. "
         "The quick fix moves it to its own line.",
         _agent(_BASE, "Use JSON.## Output\n\nReturn a list.\n"),
         _agent(_BASE, "Use JSON.\n\n## Output\n\nReturn a list.\n")),
    Rule("D002", "duplicate-section", "markdown", "warning",
         "A section heading appears twice.",
         "Two sections with the same title usually mean a copy-paste or a merge went wrong; the agent gets "
         "two versions of the same instructions.",
         _agent(_BASE, "## Rules\n\nBe brief.\n\n## Rules\n\nBe thorough.\n"),
         _agent(_BASE, "## Rules\n\nBe brief.\n")),
    Rule("D003", "empty-body", "markdown", "warning",
         "The agent has no system prompt.",
         "The body is the agent's system prompt. Without it the agent knows only its description.",
         _agent(_BASE, ""),
         _agent(_BASE)),
    # encoding
    Rule("E001", "mojibake", "encoding", "warning",
         "Text that was UTF-8 was decoded with another encoding (mojibake).",
         "Sequences like `üî¥` or `‚ùå` are UTF-8 emoji read as Mac Roman (or cp1252 / Latin-1) and saved again. "
         "The quick fix restores the original characters.",
         _agent(_BASE, "## \uf8ff\u00fc\u00ee\u00a5 Rules\n"),
         _agent(_BASE, "## \U0001F534 Rules\n")),
    Rule("E002", "byte-order-mark", "encoding", "information",
         "The file starts with a byte-order mark.",
         "Some readers then miss the frontmatter delimiter. The quick fix removes it.",
         "\ufeff" + _agent(_BASE),
         _agent(_BASE)),
    Rule("E003", "unreadable-file", "encoding", "error",
         "The file is not valid UTF-8, is binary, or is too large to check.",
         "Agent files are UTF-8 text. Re-save the file as UTF-8.",
         "", ""),
]


def _fm(fm: str, body: str = "Follow these steps.\n") -> str:
    return f"---\n{fm.strip()}\n---\n\n{body}"


_SKILL = ".claude/skills/review/SKILL.md"
_LONG = "Reviews code changes. " * 75  # 1,650 characters
_PLUGIN = (("tools/.claude-plugin/plugin.json", '{"name": "tools"}'), ("tools/.mcp.json", '{"mcpServers": {"github": {"command": "npx"}}}'))

# Rules of the other file kinds: skills, commands, plugins, Copilot / VS Code and OpenCode files.
RULES += [
    Rule("F010", "deprecated-field", "schema", "warning",
         "The field is deprecated: a newer field replaces it.",
         "VS Code prompt files renamed `mode` to `agent`; Copilot custom agents replaced `infer` with `user-invocable` and "
         "`disable-model-invocation`; OpenCode renamed `maxSteps` to `steps` and replaced the `tools` map with `permission`. "
         "The quick fix renames the field where the value carries over as is.",
         _fm("description: Review the changes\nmode: agent"),
         _fm("description: Review the changes\nagent: agent"),
         kind="copilot-prompt", path=".github/prompts/review.prompt.md"),
    Rule("F011", "name-folder-mismatch", "schema", "warning",
         "The skill's `name` differs from its folder.",
         "A skill is invoked by its folder name (`.claude/skills/<name>/SKILL.md`); a different `name` makes the listing and the "
         "command disagree, and other tools reject it. The quick fix writes the folder name.",
         _fm("name: code-review\ndescription: Reviews code changes."),
         _fm("name: review\ndescription: Reviews code changes."),
         kind="skill", path=_SKILL),
    Rule("F012", "description-too-long", "schema", "warning",
         "The description is longer than Claude Code shows.",
         "Claude Code lists each skill with its `description` and `when_to_use`, cut at 1,536 characters: the rest never reaches "
         "Claude when it decides which skill to load. Shorten it, and move details into the body.",
         _fm(f"name: review\ndescription: {_LONG}"),
         _fm("name: review\ndescription: Reviews code changes."),
         kind="skill", path=_SKILL),
    Rule("F013", "legacy-chat-mode", "schema", "warning",
         "Chat mode files were renamed custom agents.",
         "VS Code reads `.github/chatmodes/*.chatmode.md` only for compatibility. Move the file to `.github/agents/<name>.agent.md`.",
         _fm("description: Plans features"),
         _fm("description: Plans features"),
         kind="copilot-agent", path=".github/chatmodes/planner.chatmode.md", good_path=".github/agents/planner.agent.md"),
    Rule("T010", "tool-reference-not-enabled", "tools", "warning",
         "The body references a tool (`#tool:name`) that `tools` does not enable.",
         "VS Code runs the agent or prompt with the tools of its `tools` list only; a `#tool:` reference to any other tool "
         "does nothing. Add the tool (or its tool set) to `tools`.",
         _fm("description: Research\ntools: ['search']", "Use #tool:web/fetch to read the page.\n"),
         _fm("description: Research\ntools: ['search', 'web']", "Use #tool:web/fetch to read the page.\n"),
         kind="copilot-agent", path=".github/agents/research.agent.md"),
    Rule("M005", "plugin-mcp-name", "mcp", "warning",
         "An MCP tool of a plugin's server is named without the plugin prefix.",
         "Tools of a server that a plugin defines are named `mcp__plugin_<plugin>_<server>__<tool>`; `mcp__<server>__<tool>` "
         "matches nothing. The quick fix writes the full name. Also reported: a plugin-prefixed name whose server the plugin "
         "does not define.",
         _agent(_BASE + "\ntools: Read, mcp__github__get_issue"),
         _agent(_BASE + "\ntools: Read, mcp__plugin_tools_github__get_issue"),
         workspace=True, kind="plugin-agent", path="tools/agents/reviewer.md", files=_PLUGIN),
    Rule("R004", "unknown-agent-reference", "references", "warning",
         "A frontmatter field names an agent that does not exist.",
         "A skill's `agent` (with `context: fork`), a Copilot handoff's `agent`, a Copilot agent's `agents` and a prompt file's "
         "`agent` must name a built-in agent or one in the workspace (or the user's folder); otherwise the step fails when it runs.",
         _fm("description: Plans features\nhandoffs:\n  - label: Implement\n    agent: nosuch-implementer\n    prompt: Implement the plan."),
         _fm("description: Plans features\nhandoffs:\n  - label: Implement\n    agent: agent\n    prompt: Implement the plan."),
         workspace=True, kind="copilot-agent", path=".github/agents/planner.agent.md"),
    Rule("D004", "unknown-substitution", "markdown", "warning",
         "A `${CLAUDE_...}` placeholder is misspelled.",
         "Claude Code replaces `${CLAUDE_SKILL_DIR}`, `${CLAUDE_SESSION_ID}`, `${CLAUDE_PROJECT_DIR}` and `${CLAUDE_PLUGIN_ROOT}` "
         "in skills and commands; a misspelled one stays as literal text. The quick fix corrects it.",
         _fm("name: review\ndescription: Reviews code.", "Read ${CLAUDE_SKIL_DIR}/checklist.md first.\n"),
         _fm("name: review\ndescription: Reviews code.", "Read ${CLAUDE_SKILL_DIR}/checklist.md first.\n"),
         kind="skill", path=_SKILL),
    Rule("D005", "substitution-unavailable", "markdown", "warning",
         "The placeholder is not set for this kind of file.",
         "`${CLAUDE_PLUGIN_ROOT}` is set only for skills, commands and agents of a plugin; elsewhere it expands to nothing. Use "
         "`${CLAUDE_SKILL_DIR}` (skills) or `${CLAUDE_PROJECT_DIR}`.",
         _fm("name: review\ndescription: Reviews code.", "Run ${CLAUDE_PLUGIN_ROOT}/scripts/check.sh.\n"),
         _fm("name: review\ndescription: Reviews code.", "Run ${CLAUDE_SKILL_DIR}/scripts/check.sh.\n"),
         kind="skill", path=_SKILL),
    Rule("D006", "argument-position", "markdown", "warning",
         "Argument positions do not match the arguments.",
         "Positions count from 0: `$0` (or `$ARGUMENTS[0]`) is the first argument and `$1` the second, so a body that uses "
         "`$1` and `$2` but never `$0` skips the first argument. With `arguments` declared, a position past its names is "
         "always empty, and a declared name the body never uses is reported too.",
         _fm("description: Migrate a component\nargument-hint: <component> <framework>", "Migrate $1 to $2.\n"),
         _fm("description: Migrate a component\nargument-hint: <component> <framework>", "Migrate $0 to $1.\n"),
         kind="command", path=".claude/commands/migrate.md"),
]

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
RULES_BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    return RULES_BY_CODE.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())


def rules_markdown_table() -> str:
    """The README's rule table (a test keeps the README in step with this catalog)."""
    rows = ["| code | name | category | default | what it reports |", "|---|---|---|---|---|"]
    rows += [f"| {r.code} | `{r.name}` | {r.category} | {r.severity} | {r.summary} |" for r in RULES]
    return "\n".join(rows)
