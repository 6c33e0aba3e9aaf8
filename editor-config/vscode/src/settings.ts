/**
 * The mapping from VS Code's `agentls.*` settings to the settings object that the agentls server
 * reads (server/agentls/analysis/config.py):
 *
 *   {"claudeCodeVersion": "2.1.240", "rules": {"disable": [...], "severity": {...}},
 *    "diagnostics": {"delay": 150, "scope": "workspace"}, "files": {"agents": [...]}, "mcp": {"configPaths": [...]}}
 *
 * Pure: no `vscode` import, so it is unit-tested under plain Node.
 */

/** What `vscode.workspace.getConfiguration("agentls").get(key)` answers, as a lookup function. */
export type SettingLookup = (key: string) => unknown;

export interface ServerSettings {
  claudeCodeVersion?: string;
  rules: { disable: string[]; severity: Record<string, string> };
  diagnostics: { delay: number; scope: "workspace" | "open" };
  files: { agents: string[] };
  mcp: { configPaths: string[] };
}

export const DEFAULT_DELAY_MS = 150;
export const DEFAULT_AGENT_PATTERNS = ["**/.claude/agents/**/*.md", "**/agents/**/*.md"];

/**
 * The other kinds of files agentls serves (server/agentls/workspace/discovery.py): skills and
 * commands (also inside plugins), Copilot agents and prompts, OpenCode agents. The server decides
 * from the path and answers nothing for a file that is none of them, so the broad plugin patterns
 * (`commands/`, `skills/`) cost nothing on ordinary markdown.
 */
export const OTHER_KIND_PATTERNS = [
  "**/.claude/commands/**/*.md",
  "**/.claude/skills/*/SKILL.md",
  "**/commands/**/*.md",
  "**/skills/*/SKILL.md",
  "**/.github/agents/**/*.md",
  "**/.github/chatmodes/*.chatmode.md",
  "**/.github/prompts/**/*.prompt.md",
  "**/.opencode/{agent,agents}/**/*.md",
  "**/.config/opencode/{agent,agents}/**/*.md",
];

/** The keys (below `agentls.`) that are forwarded to the server; a change to one of them is sent. */
export const FORWARDED_KEYS = [
  "claudeCodeVersion",
  "rules.disable",
  "rules.severity",
  "diagnostics.delay",
  "diagnostics.scope",
  "files.agents",
  "mcp.configPaths",
] as const;

/** Keys whose change needs a new server process (how it is started). */
export const RESTART_KEYS = ["server.path", "server.pythonPath", "server.importStrategy", "server.args"] as const;

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
}

/**
 * Build the server's settings object. Values of the wrong type fall back to the defaults, so a
 * hand-edited settings.json never sends the server something it cannot read; the server itself
 * reports values it rejects (an unknown rule code, say).
 */
export function toServerSettings(get: SettingLookup): ServerSettings {
  const out: ServerSettings = {
    rules: { disable: [], severity: {} },
    diagnostics: { delay: DEFAULT_DELAY_MS, scope: "workspace" },
    files: { agents: [...DEFAULT_AGENT_PATTERNS] },
    mcp: { configPaths: [] },
  };
  const version = get("claudeCodeVersion");
  if (typeof version === "string" && version.trim() !== "") {
    out.claudeCodeVersion = version.trim().replace(/^v/, "");
  }
  out.rules.disable = [...new Set(stringList(get("rules.disable")).map((c) => c.toUpperCase()))];
  const severity = get("rules.severity");
  if (severity && typeof severity === "object" && !Array.isArray(severity)) {
    for (const [code, level] of Object.entries(severity as Record<string, unknown>)) {
      if (typeof level === "string" && code.trim() !== "") out.rules.severity[code.trim().toUpperCase()] = level;
    }
  }
  const delay = get("diagnostics.delay");
  if (typeof delay === "number" && Number.isFinite(delay) && delay >= 0) {
    out.diagnostics.delay = Math.min(Math.round(delay), 10_000);
  }
  if (get("diagnostics.scope") === "open") out.diagnostics.scope = "open";
  const agents = stringList(get("files.agents"));
  if (agents.length > 0) out.files.agents = agents;
  out.mcp.configPaths = stringList(get("mcp.configPaths"));
  return out;
}

/** Whether a configuration change touches a forwarded key (`affects("agentls.rules")`, ...). */
export function changeIsForwarded(affects: (section: string) => boolean): boolean {
  return FORWARDED_KEYS.some((k) => affects(`agentls.${k}`));
}

export function changeNeedsRestart(affects: (section: string) => boolean): boolean {
  return RESTART_KEYS.some((k) => affects(`agentls.${k}`));
}

/** Document filters for the language client: markdown files matching the agent patterns. */
export function documentSelector(patterns: string[], home: string | undefined): { scheme: string; language: string; pattern: string }[] {
  const all = [...patterns, ...OTHER_KIND_PATTERNS];
  if (home) {
    // ~/.claude/agents is the user-level agents folder; it matches `**/.claude/agents/**` already,
    // but it is listed on its own so that narrowed patterns still cover it.
    all.push(`${home.replace(/\\/g, "/")}/.claude/agents/**/*.md`);
  }
  return [...new Set(all)].map((pattern) => ({ scheme: "file", language: "markdown", pattern }));
}
