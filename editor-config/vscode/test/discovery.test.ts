import assert from "node:assert/strict";
import { test } from "node:test";
import { expandPath, findServer, Probes, ServerNotFound, which } from "../src/discovery";
import { parseVersion } from "../src/python";

/** Probes over a fake file system: executables, Pythons that import agentls, and each Python's version ("cpython 3 12"). */
function fakeProbes(executables: string[], importers: string[] = [], versions: Record<string, string> = {}): Probes & { imports: string[]; runs: string[] } {
  const imports: string[] = [];
  const runs: string[] = [];
  return {
    imports,
    runs,
    isExecutable: (f) => executables.includes(f),
    canImportAgentls: (py) => {
      imports.push(py);
      return importers.includes(py);
    },
    pythonInfo: (command, args) => {
      const key = [command, ...args].join(" ");
      runs.push(key);
      return key in versions ? parseVersion(versions[key]) : undefined;
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

// ---- the server the extension carries (importStrategy "bundled") ------------------------------

const bundle = { launcher: "/ext/bundled/tool/server.py", pythons: ["3.11", "3.12", "3.13", "3.14"] };

test("bundled by default: the first supported python3 on PATH runs bundled/tool/server.py; agentls on PATH is not used", () => {
  const p = fakeProbes(["/usr/bin/agentls", "/usr/bin/python3", "/usr/bin/python"], ["/usr/bin/python3"], {
    "/usr/bin/python3": "cpython 3 12",
    "/usr/bin/python": "cpython 3 11",
  });
  const s = findServer({ ...base, bundle, extraArgs: ["--log-level", "debug"] }, p);
  assert.deepEqual(s, {
    command: "/usr/bin/python3",
    args: ["/ext/bundled/tool/server.py", "--log-level", "debug"],
    source: "bundled (python3 on PATH)",
  });
  assert.deepEqual(p.imports, [], "nothing needs to be installed in that Python");
});

test("bundled: Pythons the bundle has no libraries for are skipped (too old, too new, not CPython)", () => {
  const env = { PATH: "/a:/b:/c" };
  const p = fakeProbes(["/a/python3", "/b/python", "/c/python3"], [], { "/a/python3": "cpython 3 10", "/b/python": "pypy 3 11" });
  const ext = ["/venv/bin/python"];
  const q = fakeProbes(["/a/python3", "/b/python"], [], { "/venv/bin/python": "cpython 3 15", "/a/python3": "cpython 3 10", "/b/python": "cpython 3 13" });
  assert.deepEqual(findServer({ ...base, env, bundle, pythonFromExtension: ext }, q).command, "/b/python");
  assert.deepEqual(q.runs, ["/venv/bin/python", "/a/python3", "/b/python"]);
  assert.throws(() => findServer({ ...base, env, bundle }, p), (e: unknown) => {
    assert.ok(e instanceof ServerNotFound);
    assert.deepEqual(e.tried, ["python3 on PATH (/a/python3): Python 3.10", "python on PATH (/b/python): pypy 3.11"]);
    return true;
  });
});

test("bundled: the Python extension's interpreter comes before PATH, with the arguments of its command", () => {
  const p = fakeProbes(["/usr/bin/python3"], [], { "/usr/bin/python3": "cpython 3 12", "conda run -n x python": "cpython 3 13" });
  const s = findServer({ ...base, bundle, pythonFromExtension: ["conda", "run", "-n", "x", "python"] }, p);
  assert.deepEqual(s, {
    command: "conda",
    args: ["run", "-n", "x", "python", "/ext/bundled/tool/server.py"],
    source: "bundled (the Python extension's interpreter)",
  });
});

test("bundled: agentls.server.pythonPath is the interpreter, and one the bundle cannot use is an error naming it", () => {
  const p = fakeProbes(["/opt/py/bin/python", "/usr/bin/python3"], [], { "/opt/py/bin/python": "cpython 3 14", "/usr/bin/python3": "cpython 3 12" });
  assert.deepEqual(findServer({ ...base, bundle, pythonPath: "/opt/py/bin/python", pythonFromExtension: ["/usr/bin/python3"] }, p), {
    command: "/opt/py/bin/python",
    args: ["/ext/bundled/tool/server.py"],
    source: "bundled (setting:server.pythonPath)",
  });
  const old = fakeProbes(["/opt/py/bin/python", "/usr/bin/python3"], [], { "/opt/py/bin/python": "cpython 3 10", "/usr/bin/python3": "cpython 3 12" });
  assert.throws(() => findServer({ ...base, bundle, pythonPath: "/opt/py/bin/python" }, old), (e: unknown) => {
    assert.ok(e instanceof ServerNotFound);
    assert.match(e.message, /agentls\.server\.pythonPath is \/opt\/py\/bin\/python \(Python 3\.10\).*CPython 3\.11–3\.14/);
    return true;
  });
  assert.deepEqual(old.runs, ["/opt/py/bin/python"], "no silent fallback to another Python");
});

test("bundled: no Python at all is one message that says what to do", () => {
  const p = fakeProbes(["/usr/bin/agentls"]);
  assert.throws(() => findServer({ ...base, bundle }, p), (e: unknown) => {
    assert.ok(e instanceof ServerNotFound);
    assert.match(e.message, /needs Python 3\.11 or newer/);
    assert.match(e.message, /no `python3`, `python` on PATH/);
    assert.match(e.message, /Install Python 3\.11 or newer/);
    assert.match(e.message, /agentls\.server\.pythonPath/);
    assert.match(e.message, /Restart Server/);
    return true;
  });
});

test("bundled on Windows: py -3 first, then python", () => {
  const env = { Path: "C:\\Windows;C:\\Py", PATHEXT: ".EXE" };
  const p = fakeProbes(["C:\\Windows/py.exe", "C:\\Py/python.exe"], [], { "C:\\Windows/py.exe -3": "cpython 3 11" });
  assert.deepEqual(findServer({ ...base, env, platform: "win32", bundle }, p), {
    command: "C:\\Windows/py.exe",
    args: ["-3", "/ext/bundled/tool/server.py"],
    source: "bundled (py -3 on PATH)",
  });
});

test("fromEnvironment, or a build without the bundled server: an installed agentls as before", () => {
  const p = fakeProbes(["/usr/bin/agentls", "/usr/bin/python3"], [], { "/usr/bin/python3": "cpython 3 12" });
  assert.deepEqual(findServer({ ...base, bundle, importStrategy: "fromEnvironment" }, p), { command: "/usr/bin/agentls", args: ["serve"], source: "PATH" });
  assert.deepEqual(findServer({ ...base, bundle: undefined }, p), { command: "/usr/bin/agentls", args: ["serve"], source: "PATH" });
  assert.deepEqual(p.runs, [], "no Python is probed for the bundled server");
  const none = fakeProbes([]);
  assert.throws(() => findServer({ ...base, bundle, importStrategy: "fromEnvironment" }, none), /importStrategy` to "bundled"/);
});

test("server.path wins over the bundled server", () => {
  const p = fakeProbes(["/opt/agentls", "/usr/bin/python3"], [], { "/usr/bin/python3": "cpython 3 12" });
  assert.deepEqual(findServer({ ...base, bundle, serverPath: "/opt/agentls" }, p), { command: "/opt/agentls", args: ["serve"], source: "setting:server.path" });
});
