"""GitHub Copilot / VS Code custom agents (`.github/agents/*.agent.md`, legacy
`.github/chatmodes/*.chatmode.md`) and prompt files (`.github/prompts/*.prompt.md`).

Sources: https://code.visualstudio.com/docs/copilot/customization/custom-agents, /prompt-files,
the tools reference (https://code.visualstudio.com/docs/copilot/reference/copilot-vscode-features),
GitHub's custom agents configuration reference, and VS Code's prompt validator
(microsoft/vscode, src/vs/workbench/contrib/chat/common/promptSyntax/languageProviders/promptValidator.ts).
"""

from __future__ import annotations

from dataclasses import dataclass

from agentls.schema.fields import FieldSpec, Profile, Value, register

AGENT_DOCS = "https://code.visualstudio.com/docs/copilot/customization/custom-agents"
PROMPT_DOCS = "https://code.visualstudio.com/docs/copilot/customization/prompt-files"
GITHUB_DOCS = "https://docs.github.com/en/copilot/reference/custom-agents-configuration"
TOOLS_DOCS = "https://code.visualstudio.com/docs/copilot/reference/copilot-vscode-features"

VSCODE, GITHUB = "vscode", "github-copilot"
TARGETS: tuple[Value, ...] = (
    Value(VSCODE, "Only VS Code reads this agent (handoffs, hooks, model lists, subagents)."),
    Value(GITHUB, "Only GitHub Copilot's cloud agent reads this agent (`mcp-servers`, `metadata`)."),
)
PROMPT_BODY_LIMIT = 30_000  # GitHub Copilot's limit for an agent's prompt

_TOOLS_DOC = (
    "A YAML list of tool or tool set names available to this agent: built-in tools (`read`, `edit`, "
    "`search/codebase`), tool sets, MCP tools (`server/tool`, `server/*` for all of a server's tools) "
    "or tools of extensions. Omitted: every tool. Tools that are not available are ignored. GitHub "
    "Copilot also accepts a comma-separated string; VS Code does not."
)

COPILOT_AGENT_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in [
        FieldSpec("name", "string", "Name of the agent in the agents list. Defaults to the file name.", source=AGENT_DOCS),
        FieldSpec("description", "string", "What the agent is for: shown as placeholder text in the chat input. GitHub Copilot requires it.", source=GITHUB_DOCS),
        FieldSpec("argument-hint", "string", "Hint shown in the chat input for what to type.", source=AGENT_DOCS, targets=(VSCODE,)),
        FieldSpec("tools", "copilot-tools", _TOOLS_DOC, source=AGENT_DOCS),
        FieldSpec("agents", "string-list", "Agents this agent may run as subagents (`*`: all; `[]`: none). Needs the `agent` tool in `tools`.", source=AGENT_DOCS, targets=(VSCODE,)),
        FieldSpec("model", "string-or-list", "Model to use: a name such as `Claude Sonnet 4.5 (copilot)`, or a list tried in order.", source=AGENT_DOCS),
        FieldSpec("user-invocable", "boolean", "`false`: hide the agent from the agents list; it runs only as a subagent.", default="true", source=AGENT_DOCS),
        FieldSpec("disable-model-invocation", "boolean", "`true`: other agents cannot run this one as a subagent.", default="false", source=AGENT_DOCS),
        FieldSpec("infer", "any", "Whether other agents may pick this agent on their own.", source=AGENT_DOCS,
                  deprecated="use `user-invocable` and `disable-model-invocation` instead (`infer: false` is `disable-model-invocation: true`)."),
        FieldSpec("target", "enum", "Where the agent runs: `vscode` or `github-copilot`. Unset: both, and each ignores the fields it does not know.", values=TARGETS, source=GITHUB_DOCS),
        FieldSpec("mcp-servers", "mapping", "MCP servers for GitHub Copilot's cloud agent, in the shape of its JSON MCP configuration.", source=GITHUB_DOCS, targets=(GITHUB,)),
        FieldSpec("handoffs", "handoffs", "Suggested next steps shown as buttons after a response: each with `label`, `agent`, `prompt`, "
                  "and optional `send` and `model`.", source=AGENT_DOCS, targets=(VSCODE,), snippet="\n  - label: ${1:Label}\n    agent: ${2:agent}\n    prompt: ${3:prompt}"),
        FieldSpec("hooks", "hooks", "Hooks active while this agent runs (preview; `chat.useCustomAgentHooks`).", source=AGENT_DOCS, targets=(VSCODE,)),
        FieldSpec("metadata", "mapping", "Name/value annotations, read by GitHub Copilot only.", source=GITHUB_DOCS, targets=(GITHUB,)),
    ]
}

PROMPT_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in [
        FieldSpec("name", "string", "Name typed after `/` in chat. Defaults to the file name.", source=PROMPT_DOCS),
        FieldSpec("description", "string", "A short description of the prompt.", source=PROMPT_DOCS),
        FieldSpec("argument-hint", "string", "Hint shown in the chat input for what to type.", source=PROMPT_DOCS),
        FieldSpec("agent", "string", "Agent that runs the prompt: `ask`, `agent`, `plan`, or a custom agent's name. With `tools`, the default is `agent`.", source=PROMPT_DOCS),
        FieldSpec("model", "string", "Model to run the prompt with. Default: the model picked in chat.", source=PROMPT_DOCS),
        FieldSpec("tools", "copilot-tools", _TOOLS_DOC, source=PROMPT_DOCS),
        FieldSpec("mode", "string", "Agent that runs the prompt.", source=PROMPT_DOCS, deprecated="renamed `agent`."),
    ]
}

HANDOFF_FIELDS: dict[str, FieldSpec] = {
    f.name: f
    for f in [
        FieldSpec("label", "string", "Text of the handoff button.", required=True, source=AGENT_DOCS),
        FieldSpec("agent", "string", "Agent to switch to.", required=True, source=AGENT_DOCS),
        FieldSpec("prompt", "string", "Prompt filled in for the next agent.", required=True, source=AGENT_DOCS),
        FieldSpec("send", "boolean", "`true`: submit the prompt at once.", default="false", source=AGENT_DOCS),
        FieldSpec("model", "string", "Model for the handoff, such as `GPT-5 (copilot)`.", source=AGENT_DOCS),
        FieldSpec("showContinueOn", "boolean", "Whether to offer to continue in another environment.", source=AGENT_DOCS),
    ]
}

BUILTIN_CHAT_AGENTS: dict[str, str] = {
    "agent": "VS Code's built-in Agent: edits files and runs tools on its own.",
    "ask": "VS Code's built-in Ask agent: answers questions, changes nothing.",
    "plan": "VS Code's built-in Plan agent: researches and writes a plan.",
    "edit": "VS Code's built-in Edit agent: edits the files in the working set.",
}


@dataclass(frozen=True, slots=True)
class VsTool:
    """A VS Code Copilot tool or tool set an agent file may name."""

    name: str  # full reference name (`search/codebase`) or tool set (`search`)
    doc: str
    tool_set: bool = False


VSCODE_TOOLS: dict[str, VsTool] = {
    t.name: t
    for t in [
        VsTool("read", "Read workspace files and execution output.", True),
        VsTool("read/readFile", "Read a file."),
        VsTool("read/problems", "Get the diagnostics of the Problems panel."),
        VsTool("read/terminalLastCommand", "Get the last terminal command and its output."),
        VsTool("read/terminalSelection", "Get the current terminal selection."),
        VsTool("read/getNotebookSummary", "List notebook cells and their details."),
        VsTool("read/readNotebookCellOutput", "Read the output of a notebook cell."),
        VsTool("search", "Search the workspace.", True),
        VsTool("search/changes", "List source control changes."),
        VsTool("search/codebase", "Find relevant code with workspace code search."),
        VsTool("search/fileSearch", "Find files by a glob pattern."),
        VsTool("search/listDirectory", "List a folder's contents."),
        VsTool("search/textSearch", "Find text in files."),
        VsTool("search/usages", "Find references, implementations and definitions of symbols."),
        VsTool("edit", "Modify workspace files and notebooks.", True),
        VsTool("edit/createDirectory", "Create a folder."),
        VsTool("edit/createFile", "Create a file."),
        VsTool("edit/editFiles", "Apply edits to files."),
        VsTool("edit/editNotebook", "Edit a notebook."),
        VsTool("execute", "Run commands, tasks and notebook cells.", True),
        VsTool("execute/createAndRunTask", "Create and run a workspace task."),
        VsTool("execute/getTerminalOutput", "Get the output of a running terminal command."),
        VsTool("execute/runInTerminal", "Run a shell command in the integrated terminal."),
        VsTool("execute/runNotebookCell", "Run a notebook cell."),
        VsTool("execute/testFailure", "Get unit test failure information."),
        VsTool("browser", "Navigate, inspect and interact with pages.", True),
        VsTool("web", "Access web content.", True),
        VsTool("web/fetch", "Fetch a web page."),
        VsTool("githubRepo", "Search a GitHub repository semantically (`owner/repo`)."),
        VsTool("githubTextSearch", "Search a GitHub repository or organization for text or code."),
        VsTool("agent", "Delegate tasks to subagents.", True),
        VsTool("agent/runSubagent", "Run a task in an isolated subagent context."),
        VsTool("todo", "Track task progress with a todo list."),
        VsTool("todos", "Track task progress with a todo list."),
        VsTool("vscode", "Configure projects and the editor.", True),
        VsTool("vscode/askQuestions", "Ask clarifying questions with interactive controls."),
        VsTool("vscode/extensions", "Search for extensions."),
        VsTool("vscode/getProjectSetupInfo", "Get project scaffolding instructions."),
        VsTool("vscode/installExtension", "Install an extension."),
        VsTool("vscode/runCommand", "Run a VS Code command."),
        VsTool("vscode/VSCodeAPI", "Get information about editor functionality and extension APIs."),
        VsTool("newWorkspace", "Create a workspace."),
    ]
}

# Tool names VS Code renamed; it still maps the old name, and reports it (info).
RENAMED_VSCODE_TOOLS: dict[str, str] = {
    "runSubagent": "agent/runSubagent",
    "runCommands/getTerminalOutput": "execute/getTerminalOutput",
    "runCommands/runInTerminal": "execute/runInTerminal",
    "runTasks/createAndRunTask": "execute/createAndRunTask",
    "codebase": "search/codebase",
    "usages": "search/usages",
    "changes": "search/changes",
    "problems": "read/problems",
    "fetch": "web/fetch",
    "editFiles": "edit/editFiles",
    "terminalLastCommand": "read/terminalLastCommand",
    "terminalSelection": "read/terminalSelection",
    "testFailure": "execute/testFailure",
}

# GitHub Copilot's tool aliases (case-insensitive), with the names it maps to them.
GITHUB_ALIASES: dict[str, tuple[str, ...]] = {
    "execute": ("shell", "Bash", "powershell"),
    "read": ("Read", "NotebookRead"),
    "edit": ("Edit", "MultiEdit", "Write", "NotebookEdit"),
    "search": ("Grep", "Glob"),
    "agent": ("custom-agent", "Task"),
    "web": ("WebSearch", "WebFetch"),
    "todo": ("TodoWrite",),
}


def github_alias(name: str) -> str | None:
    """The primary GitHub Copilot alias a tool name stands for, if any."""
    low = name.lower()
    for primary, others in GITHUB_ALIASES.items():
        if low == primary or low in (o.lower() for o in others):
            return primary
    return None


def tool_doc(name: str) -> str | None:
    """Hover text for a Copilot tool name."""
    t = VSCODE_TOOLS.get(name)
    if t is not None:
        kind = "tool set" if t.tool_set else "tool"
        return f"**{t.name}** (VS Code {kind}): {t.doc}\n\n[Tools reference]({TOOLS_DOCS})"
    if name in RENAMED_VSCODE_TOOLS:
        return f"**{name}** was renamed **{RENAMED_VSCODE_TOOLS[name]}** in VS Code; the old name still works.\n\n[Tools reference]({TOOLS_DOCS})"
    alias = github_alias(name)
    if alias is not None:
        return f"**{name}**: GitHub Copilot tool alias of `{alias}`.\n\n[Tool aliases]({GITHUB_DOCS}#tool-aliases)"
    if name.endswith("/*"):
        return f"Every tool of the MCP server or extension `{name[:-2]}`."
    return None


_REQUIRED_NOTE = "GitHub Copilot requires it"

COPILOT_AGENT_PROFILE = register(Profile(
    "copilot-agent", COPILOT_AGENT_FIELDS, product="VS Code / GitHub Copilot", label="Copilot custom agents", noun="custom agent",
    family="copilot", docs=AGENT_DOCS, mistaken={"handoff": "handoffs", "mcpServers": "mcp-servers", "mcp_servers": "mcp-servers", "allowed-tools": "tools"},
    name_pattern=None, required_note=_REQUIRED_NOTE,
))
COPILOT_PROMPT_PROFILE = register(Profile(
    "copilot-prompt", PROMPT_FIELDS, product="VS Code", label="VS Code prompt files", noun="prompt file",
    family="copilot", docs=PROMPT_DOCS, mistaken={"allowed-tools": "tools"}, name_pattern=None,
))
