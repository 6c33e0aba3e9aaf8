"""Built-in Claude Code tools: docs, permissions, capabilities and history.

Source: the tool list and the map of old names in Claude Code's own JavaScript (read by
`scripts/sync_catalog.py`, snapshots in tests/fixtures/catalog/), and for summaries and
capabilities https://code.claude.com/docs/en/tools-reference and the changelog, as of v2.1.332.
This is the only table of tool names in agentls.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from agentls.schema.versions import Version, at_least

SOURCE = "https://code.claude.com/docs/en/tools-reference"
CHANGELOG = "https://code.claude.com/docs/en/changelog"


class Cap(str, Enum):
    """What a tool lets an agent do; the contradiction analysis speaks in these."""

    READ_FILES = "read-files"
    MODIFY_FILES = "modify-files"
    RUN_COMMANDS = "run-commands"
    WEB = "web"
    DELEGATE = "delegate"
    ASK_USER = "ask-user"
    PLAN_MODE = "plan-mode"
    TASKS = "track-tasks"
    SCHEDULE = "schedule"
    SKILLS = "skills"
    MCP_RESOURCES = "mcp-resources"
    NOTIFY_USER = "notify-user"
    WORKTREE = "worktree"
    CODE_INTELLIGENCE = "code-intelligence"


CAPABILITY_DOCS: dict[Cap, str] = {
    Cap.READ_FILES: "read files and search the workspace",
    Cap.MODIFY_FILES: "create, edit or save files",
    Cap.RUN_COMMANDS: "run shell commands",
    Cap.WEB: "search the web or fetch URLs",
    Cap.DELEGATE: "delegate work to other agents",
    Cap.ASK_USER: "ask the user a question and wait for the answer",
    Cap.PLAN_MODE: "enter or leave plan mode",
    Cap.TASKS: "keep a task list",
    Cap.SCHEDULE: "schedule work for later",
    Cap.SKILLS: "run skills",
    Cap.MCP_RESOURCES: "read MCP resources",
    Cap.NOTIFY_USER: "send the user notifications or files",
    Cap.WORKTREE: "work in a git worktree",
    Cap.CODE_INTELLIGENCE: "query language servers",
}


@dataclass(frozen=True, slots=True)
class Tool:
    """A built-in tool of Claude Code."""

    name: str
    summary: str
    permission: bool = False  # asks permission by default
    caps: frozenset[Cap] = frozenset()
    subagent: str = "yes"  # "yes" | "never" | "plan" (only with permissionMode: plan)
    since: str | None = None
    deprecated: str | None = None  # version that deprecated it (still works)
    deprecation_note: str = ""
    word: bool = False  # the name is also a technology or everyday word: prose mentions need backticks or "tool"

    @property
    def docs(self) -> str:
        lines = [f"**{self.name}**: {self.summary}", ""]
        lines.append("Asks permission by default." if self.permission else "Does not ask permission.")
        if self.caps:
            lines.append("Lets the agent " + ", ".join(CAPABILITY_DOCS[c] for c in sorted(self.caps, key=lambda c: c.value)) + ".")
        if self.subagent == "never":
            lines.append("Sub-agents never get this tool, even when it is listed.")
        elif self.subagent == "plan":
            lines.append("Sub-agents get it only with `permissionMode: plan`.")
        if self.since:
            lines.append(f"Since Claude Code {self.since}.")
        if self.deprecated:
            lines.append(f"Deprecated since {self.deprecated}: {self.deprecation_note}")
        lines.append(f"\n[Tools reference]({SOURCE})")
        return "\n".join(lines)


def _t(name: str, summary: str, *caps: Cap, permission: bool = False, **kw: object) -> Tool:
    return Tool(name, summary, permission, frozenset(caps), **kw)  # type: ignore[arg-type]


# `since` comes from the releases themselves (`scripts/sync_catalog.py --history`). The tool list
# can be read from 2.1.323 on: a tool without `since` that is not documented older was already
# in 2.1.323 (introduced at or before it). Old names dated 2.1.240 were already aliases then.
TOOLS: dict[str, Tool] = {
    t.name: t
    for t in [
        _t("Agent", "Spawns a sub-agent with its own context window to handle a task.", Cap.DELEGATE, since="2.1.63"),
        _t("Artifact", "Creates or updates an artifact shown beside the conversation.", permission=True),
        _t("AskUserQuestion", "Asks the user multiple-choice questions and waits for the answers.", Cap.ASK_USER, subagent="never"),
        _t("Bash", "Runs a shell command in a persistent shell session.", Cap.RUN_COMMANDS, permission=True),
        _t("CronCreate", "Schedules a recurring or one-off prompt.", Cap.SCHEDULE),
        _t("CronDelete", "Cancels a scheduled prompt.", Cap.SCHEDULE),
        _t("CronList", "Lists scheduled prompts.", Cap.SCHEDULE),
        _t("Edit", "Makes exact string replacements in a file.", Cap.MODIFY_FILES, permission=True),
        _t("EndConversation", "Ends the current conversation.", subagent="never"),
        _t("EnterPlanMode", "Switches the session to plan mode.", Cap.PLAN_MODE, subagent="never"),
        _t("EnterWorktree", "Creates and switches into a git worktree.", Cap.WORKTREE, permission=True),
        _t("ExitPlanMode", "Presents a plan for approval and leaves plan mode.", Cap.PLAN_MODE, permission=True, subagent="plan"),
        _t("ExitWorktree", "Leaves the current git worktree.", Cap.WORKTREE),
        _t("ClaudeDesign", "Works with Claude Design projects (create, update, export designs)."),
        _t("OfferChromeSetup", "Offers to set up Claude in Chrome when a task needs the user's own browser."),
        _t("Projects", "Reads and manages the account's projects."),
        _t("propose_skills", "Proposes new or improved skills for the user to save."),
        _t("ReadMcpResourceDirTool", "Lists the resources under a directory of a connected MCP server.", Cap.MCP_RESOURCES),
        _t("ReadNotifications", "Reads the session's pending notifications (finished background tasks, messages)."),
        _t("SendFeedback", "Sends feedback about Claude Code to Anthropic."),
        _t("SendUserMessage", "Sends the user a message while work goes on (the old `Brief`).", Cap.NOTIFY_USER),
        _t("SetGoal", "Sets the session's goal (the old `ProposeGoal`).", since="2.1.326"),
        _t("ShowOnboardingRolePicker", "Shows the onboarding role picker to the user."),
        _t("SubagentHandback", "Hands a sub-agent's work back to its caller."),
        _t("Glob", "Finds files by name pattern.", Cap.READ_FILES),
        _t("Grep", "Searches file contents with regular expressions (ripgrep).", Cap.READ_FILES),
        _t("ListAgents", "Lists the agents available to delegate to.", Cap.DELEGATE),
        _t("ListMcpResourcesTool", "Lists the resources exposed by connected MCP servers.", Cap.MCP_RESOURCES),
        _t("LSP", "Queries language servers: definitions, references, diagnostics.", Cap.CODE_INTELLIGENCE, Cap.READ_FILES),
        _t("Monitor", "Watches a background process or log and reports events.", Cap.RUN_COMMANDS, permission=True),
        _t("NotebookEdit", "Edits cells of a Jupyter notebook.", Cap.MODIFY_FILES, permission=True),
        _t("PowerShell", "Runs a PowerShell command (Windows).", Cap.RUN_COMMANDS, permission=True, word=True),
        _t("PushNotification", "Sends the user a push notification.", Cap.NOTIFY_USER),
        _t("Read", "Reads a file: text, images, PDFs and notebooks.", Cap.READ_FILES),
        _t("ReadMcpResourceTool", "Reads one resource from a connected MCP server.", Cap.MCP_RESOURCES),
        _t("RemoteTrigger", "Triggers a remote agent run."),
        _t("ReportFindings", "Reports structured findings (reviews, audits) to the caller."),
        _t("ScheduleWakeup", "Asks to be woken up later to continue.", Cap.SCHEDULE, subagent="never"),
        _t("SendMessage", "Sends a message to a teammate agent.", Cap.DELEGATE),
        _t("SendUserFile", "Sends a file to the user.", Cap.NOTIFY_USER),
        _t("ShareOnboardingGuide", "Shares an onboarding guide with the user.", permission=True),
        _t("Skill", "Runs a skill (or a custom slash command) in the conversation.", Cap.SKILLS, permission=True, since="2.1.3"),
        _t("TaskCreate", "Creates a task in the shared task list.", Cap.TASKS),
        _t("TaskGet", "Reads one task from the task list.", Cap.TASKS),
        _t("TaskList", "Lists the tasks in the task list.", Cap.TASKS),
        _t("TaskStop", "Stops a running background task or shell.", since="2.1.30"),
        _t("TaskUpdate", "Updates a task in the task list.", Cap.TASKS),
        _t("TodoWrite", "Creates and updates a structured todo list for the session.", Cap.TASKS),
        _t("ToolSearch", "Searches for deferred tools (such as MCP tools) and loads them.", since="2.1.20"),
        _t("WaitForMcpServers", "Waits for MCP servers to finish connecting.", subagent="never"),
        _t("WebFetch", "Fetches a URL and processes its content.", Cap.WEB, permission=True),
        _t("WebSearch", "Searches the web.", Cap.WEB, permission=True),
        _t("Workflow", "Runs a predefined multi-step workflow.", permission=True, subagent="never"),
        _t("Write", "Creates or overwrites a file.", Cap.MODIFY_FILES, permission=True),
    ]
}


@dataclass(frozen=True, slots=True)
class OldTool:
    """A tool name that was renamed or removed."""

    name: str
    version: str  # when it was renamed or removed (approximate where the docs are vague)
    replacement: str | None  # the tool to use instead, if any
    renamed: bool  # True: renamed to `replacement`; False: removed
    alias: bool = False  # still accepted by Claude Code as an alias of `replacement`
    caps: frozenset[Cap] = frozenset()
    note: str = ""

    @property
    def docs(self) -> str:
        if self.renamed:
            what = f"**{self.name}** was renamed **{self.replacement}** in Claude Code {self.version}."
            if self.alias:
                what += f" `{self.name}` is still accepted as an alias."
        else:
            what = f"**{self.name}** was removed from Claude Code ({self.version})."
            if self.replacement:
                what += f" Use **{self.replacement}** instead."
        return what + (f" {self.note}" if self.note else "") + f"\n\n[Changelog]({CHANGELOG})"


OLD_TOOLS: dict[str, OldTool] = {
    o.name: o
    for o in [
        OldTool("View", "0.2.82", "Read", True, caps=frozenset({Cap.READ_FILES})),
        OldTool("LS", "2.0.32", "Glob", False, caps=frozenset({Cap.READ_FILES}), note="List a folder with Glob."),
        OldTool("LSTool", "2.0.32", "Glob", False, caps=frozenset({Cap.READ_FILES}), note="List a folder with Glob."),
        OldTool("MultiEdit", "2.0.32", "Edit", False, caps=frozenset({Cap.MODIFY_FILES}), note="Make several Edit calls."),
        OldTool("NotebookRead", "2.0.32", "Read", False, caps=frozenset({Cap.READ_FILES}), note="Read reads notebooks."),
        OldTool("BashOutput", "2.0.64", "TaskOutput", True, note="TaskOutput was itself deprecated (2.1.83) and removed (2.1.277): read the background task's output file with Read."),
        OldTool("AgentOutputTool", "2.0.64", "TaskOutput", True, note="TaskOutput was itself deprecated (2.1.83) and removed (2.1.277): read the task's output file with Read."),
        OldTool("TaskOutput", "2.1.277", "Read", False, note="Read the background task's output file instead. (Deprecated since 2.1.83; its old names left Claude Code's map of aliases in 2.1.277, and 2.1.332 has no such tool.)"),
        OldTool("KillBash", "2.1.30", "TaskStop", True, alias=True),
        OldTool("KillShell", "2.1.30", "TaskStop", True, alias=True),
        OldTool("ListPeers", "2.1.240", "ListAgents", True, alias=True, caps=frozenset({Cap.DELEGATE})),
        OldTool("Brief", "2.1.240", "SendUserMessage", True, alias=True, caps=frozenset({Cap.NOTIFY_USER})),
        OldTool("ListMcpResources", "2.1.240", "ListMcpResourcesTool", True, alias=True, caps=frozenset({Cap.MCP_RESOURCES})),
        OldTool("ReadMcpResource", "2.1.240", "ReadMcpResourceTool", True, alias=True, caps=frozenset({Cap.MCP_RESOURCES})),
        OldTool("ReadMcpResourceDir", "2.1.240", "ReadMcpResourceDirTool", True, alias=True, caps=frozenset({Cap.MCP_RESOURCES})),
        OldTool("ProposeGoal", "2.1.326", "SetGoal", True, alias=True),
        OldTool("SlashCommand", "2.1.3", "Skill", True, caps=frozenset({Cap.SKILLS})),
        OldTool("MCPSearch", "2.1.20", "ToolSearch", True),
        OldTool("Task", "2.1.63", "Agent", True, alias=True, caps=frozenset({Cap.DELEGATE})),
        OldTool("TeamCreate", "2.1.178", None, False, caps=frozenset({Cap.DELEGATE})),
        OldTool("TeamDelete", "2.1.178", None, False),
        OldTool("TodoRead", "2.0.0", "TodoWrite", False, caps=frozenset({Cap.TASKS}), note="TodoWrite keeps the list; there is no separate read tool."),
    ]
}


_BY_LOWER = {t.lower(): t for t in TOOLS}

# Every tool name, current or old, lowercased, that is a run of ASCII letters, so a word-level
# search (`analysis.directives.may_mention`) finds every such name written in a text. (A name
# with `_`, such as `propose_skills`, is not one a prompt tells an agent to use.)
TOOL_WORDS = frozenset(n.lower() for n in {*TOOLS, *OLD_TOOLS} if n.isascii() and n.isalpha())


def tool_by_case(name: str) -> str | None:
    """The tool whose name differs from `name` in case only (or is `name`)."""
    return _BY_LOWER.get(name.lower())


def current_tool(name: str, version: Version) -> Tool | None:
    """The built-in tool of that exact name in `version`, if it exists there."""
    tool = TOOLS.get(name)
    if tool is None or not at_least(version, tool.since):
        return None
    return tool


def old_tool(name: str, version: Version) -> OldTool | None:
    """The rename/removal record of `name`, if it already happened in `version`."""
    old = OLD_TOOLS.get(name)
    if old is None or not at_least(version, old.version):
        return None
    return old


def resolves(name: str, version: Version) -> bool:
    """Whether Claude Code `version` maps this exact name to a tool."""
    if current_tool(name, version) is not None:
        return True
    old = OLD_TOOLS.get(name)
    if old is None:
        return False
    return old.alias or not at_least(version, old.version)


WILDCARD = "*"  # a `tools` entry that grants every tool (2.1.332's loader), as omitting `tools` does


def is_wildcard(text: str) -> bool:
    return text.strip() == WILDCARD


def canonical(name: str, version: Version) -> str:
    """The tool a name stands for (`Task` -> `Agent`)."""
    old = OLD_TOOLS.get(name)
    if old is not None and old.alias and old.replacement and at_least(version, old.version):
        return old.replacement
    return name


def capabilities(name: str) -> frozenset[Cap]:
    """Capabilities of a tool name, current or old."""
    tool = TOOLS.get(name)
    if tool is not None:
        return tool.caps
    old = OLD_TOOLS.get(name)
    return old.caps if old is not None else frozenset()


def tools_with(cap: Cap) -> list[str]:
    """Current tools that provide a capability (for messages and fixes)."""
    return [t.name for t in TOOLS.values() if cap in t.caps]


# The tools a quick fix adds when a prompt needs a capability the agent lacks, best first.
SUGGESTED: dict[Cap, tuple[str, ...]] = {
    Cap.MODIFY_FILES: ("Write", "Edit"),
    Cap.RUN_COMMANDS: ("Bash",),
    Cap.WEB: ("WebSearch", "WebFetch"),
    Cap.DELEGATE: ("Agent",),
    Cap.READ_FILES: ("Read", "Grep", "Glob"),
}

# Tools that can do a capability only indirectly (a shell can write files): a weaker grant.
INDIRECT: dict[Cap, tuple[str, ...]] = {
    Cap.MODIFY_FILES: ("Bash", "PowerShell"),
}

def suggested_tools(cap: Cap) -> list[str]:
    """Tools to add for a missing capability (for quick fixes)."""
    return [n for n in SUGGESTED.get(cap, ()) if n in TOOLS] or tools_with(cap)[:1]


def all_names() -> list[str]:
    return list(TOOLS) + list(OLD_TOOLS)
