import assert from "node:assert/strict";
import { test } from "node:test";
import { expandPath, findServer, Probes, ServerNotFound, which } from "../src/discovery";

function fakeProbes(executables: string[], importers: string[] = []): Probes & { imports: string[] } {
  const imports: string[] = [];
  return {
    imports,
    isExecutable: (f) => executables.includes(f),
    canImportAgentls: (py) => {
      imports.push(py);
      return importers.includes(py);
    },
  };
}

const base = { env: { PATH: "/usr/local/bin:/usr/bin" }, platform: "linux" as NodeJS.Platform, home: "/home/u", workspaceFolder: "/ws" };

test("server.path wins over everything, with ~ and ${workspaceFolder} expanded", () => {
  const p = fakeProbes(["/ws/.venv/bin/agentls", "/usr/bin/agentls"]);
  const s = findServer({ ...base, serverPath: "${workspaceFolder}/.venv/bin/agentls", extraArgs: ["--log-level", "debug"] }, p);
  assert.deepEqual(s, { command: "/ws/.venv/bin/agentls", args: ["serve", "--log-level", "debug"], source: "setting:server.path" });
  assert.equal(expandPath("~/bin/agentls", base), "/home/u/bin/agentls");
  assert.equal(expandPath("${env:TOOLS}/agentls", { ...base, env: { TOOLS: "/opt" } }), "/opt/agentls");
});

test("a server.path that is not executable is an error naming the path, not a silent fallback", () => {
  const p = fakeProbes(["/usr/bin/agentls"]);
  assert.throws(() => findServer({ ...base, serverPath: "/nope/agentls" }, p), (e: unknown) => {
    assert.ok(e instanceof ServerNotFound);
    assert.match(e.message, /\/nope\/agentls is not an executable/);
    return true;
  });
});

test("server.pythonPath runs `python -m agentls serve` when that Python has agentls", () => {
  const p = fakeProbes(["/ws/.venv/bin/python"], ["/ws/.venv/bin/python"]);
  assert.deepEqual(findServer({ ...base, pythonPath: "${workspaceFolder}/.venv/bin/python" }, p), {
    command: "/ws/.venv/bin/python",
    args: ["-m", "agentls", "serve"],
    source: "setting:server.pythonPath",
  });
  const q = fakeProbes(["/ws/.venv/bin/python"], []);
  assert.throws(() => findServer({ ...base, pythonPath: "/ws/.venv/bin/python" }, q), /cannot import agentls/);
});

test("agentls on PATH comes before python -m agentls, in PATH order", () => {
  const p = fakeProbes(["/usr/bin/agentls", "/usr/local/bin/agentls", "/usr/bin/python3"], ["/usr/bin/python3"]);
  assert.deepEqual(findServer(base, p), { command: "/usr/local/bin/agentls", args: ["serve"], source: "PATH" });
  assert.deepEqual(p.imports, [], "no Python is probed when agentls is on PATH");
});

test("python3 -m agentls is used only when it can import agentls; then python", () => {
  const p = fakeProbes(["/usr/bin/python3", "/usr/bin/python"], ["/usr/bin/python"]);
  assert.deepEqual(findServer(base, p), { command: "/usr/bin/python", args: ["-m", "agentls", "serve"], source: "python -m agentls" });
  assert.deepEqual(p.imports, ["/usr/bin/python3", "/usr/bin/python"]);
});

test("nothing found: an actionable message listing what was tried", () => {
  const p = fakeProbes(["/usr/bin/python3"]);
  assert.throws(() => findServer(base, p), (e: unknown) => {
    assert.ok(e instanceof ServerNotFound);
    assert.deepEqual(e.tried, ["agentls on PATH", "python3 -m agentls", "python -m agentls"]);
    assert.match(e.message, /pipx install agentls/);
    assert.match(e.message, /agentls\.server\.path/);
    return true;
  });
});

test("Windows: PATHEXT and ; separated PATH", () => {
  const env = { Path: "C:\\Tools;C:\\Py\\Scripts", PATHEXT: ".EXE;.CMD" };
  const p = fakeProbes(["C:\\Py\\Scripts/agentls.exe"]);
  const found = which("agentls", { env, platform: "win32" }, p);
  assert.equal(found, "C:\\Py\\Scripts/agentls.exe");
});
