import assert from "node:assert/strict";
import { test } from "node:test";
import { changeIsForwarded, changeNeedsRestart, documentSelector, toServerSettings, DEFAULT_AGENT_PATTERNS, OTHER_KIND_PATTERNS } from "../src/settings";

const lookup = (values: Record<string, unknown>) => (key: string) => values[key];

test("defaults give the server's defaults and no version", () => {
  const s = toServerSettings(lookup({}));
  assert.deepEqual(s, {
    rules: { disable: [], severity: {} },
    diagnostics: { delay: 150, scope: "workspace" },
    files: { agents: DEFAULT_AGENT_PATTERNS },
    mcp: { configPaths: [] },
  });
  assert.equal("claudeCodeVersion" in s, false);
});

test("every setting lands in its place in the server object", () => {
  const s = toServerSettings(
    lookup({
      claudeCodeVersion: " v2.1.63 ",
      "rules.disable": ["d002", "C004", "D002"],
      "rules.severity": { t003: "error", C005: "off" },
      "diagnostics.delay": 400.4,
      "diagnostics.scope": "open",
      "files.agents": ["agents/**/*.md"],
      "mcp.configPaths": ["tools/mcp.json"],
    }),
  );
  assert.deepEqual(s, {
    claudeCodeVersion: "2.1.63",
    rules: { disable: ["D002", "C004"], severity: { T003: "error", C005: "off" } },
    diagnostics: { delay: 400, scope: "open" },
    files: { agents: ["agents/**/*.md"] },
    mcp: { configPaths: ["tools/mcp.json"] },
  });
});

test("values of the wrong type fall back to the defaults", () => {
  const s = toServerSettings(
    lookup({
      claudeCodeVersion: 2,
      "rules.disable": "D002",
      "rules.severity": ["T003"],
      "diagnostics.delay": -5,
      "diagnostics.scope": "everywhere",
      "files.agents": [],
      "mcp.configPaths": [1, "", "a.json"],
    }),
  );
  assert.equal(s.claudeCodeVersion, undefined);
  assert.deepEqual(s.rules, { disable: [], severity: {} });
  assert.equal(s.diagnostics.delay, 150);
  assert.equal(s.diagnostics.scope, "workspace");
  assert.deepEqual(s.files.agents, DEFAULT_AGENT_PATTERNS);
  assert.deepEqual(s.mcp.configPaths, ["a.json"]);
  assert.equal(toServerSettings(lookup({ "diagnostics.delay": 99999 })).diagnostics.delay, 10000);
});

test("configuration changes: forwarded keys vs keys that restart the server", () => {
  const only = (...sections: string[]) => (s: string) => sections.some((x) => x === s || x.startsWith(s + ".") || s.startsWith(x + "."));
  assert.equal(changeIsForwarded(only("agentls.rules.disable")), true);
  assert.equal(changeNeedsRestart(only("agentls.rules.disable")), false);
  assert.equal(changeNeedsRestart(only("agentls.server.pythonPath")), true);
  assert.equal(changeNeedsRestart(only("agentls.server.importStrategy")), true);
  assert.equal(changeIsForwarded(only("agentls.trace.server")), false);
  assert.equal(changeIsForwarded(only("editor.fontSize")), false);
});

test("the document selector: markdown under the agent patterns, the other kinds, ~/.claude/agents", () => {
  const sel = documentSelector(["**/.claude/agents/**/*.md"], "/home/u");
  assert.deepEqual(sel[0], { scheme: "file", language: "markdown", pattern: "**/.claude/agents/**/*.md" });
  assert.deepEqual(sel.at(-1), { scheme: "file", language: "markdown", pattern: "/home/u/.claude/agents/**/*.md" });
  assert.deepEqual(sel.slice(1, -1).map((f) => f.pattern), OTHER_KIND_PATTERNS);
  assert.ok(sel.every((f) => f.scheme === "file" && f.language === "markdown"));
  assert.ok(sel.every((f) => f.pattern !== "**/*.md" && f.pattern !== "**"), "ordinary markdown is never selected as a whole");
  assert.deepEqual(documentSelector(["a/**/*.md"], "C:\\Users\\u").at(-1)?.pattern, "C:/Users/u/.claude/agents/**/*.md");
});

test("every kind of file agentls serves has a pattern", () => {
  for (const needle of [".claude/commands/", ".claude/skills/*/SKILL.md", ".github/agents/", ".chatmode.md", ".prompt.md", ".opencode/"]) {
    assert.ok(OTHER_KIND_PATTERNS.some((p) => p.includes(needle)), needle);
  }
});
