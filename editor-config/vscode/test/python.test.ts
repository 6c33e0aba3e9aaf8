import assert from "node:assert/strict";
import { test } from "node:test";
import * as path from "path";
import { choosePython, describe, parseBundle, parseVersion, pythonCandidates, supports, wanted } from "../src/python";

const bundle = { launcher: "/ext/bundled/tool/server.py", pythons: ["3.12", "3.11", "3.14", "3.13"] };

test("parseVersion reads what VERSION_SCRIPT prints, and nothing else", () => {
  assert.deepEqual(parseVersion("cpython 3 12\n"), { implementation: "cpython", major: 3, minor: 12 });
  assert.deepEqual(parseVersion("\r\ncpython 3 11\r\n"), { implementation: "cpython", major: 3, minor: 11 });
  assert.deepEqual(parseVersion("cpython 3 14 t\n"), { implementation: "cpython", major: 3, minor: 14, freeThreaded: true });
  assert.equal(parseVersion(""), undefined);
  assert.equal(parseVersion("Python was not found; run without arguments to install from the Microsoft Store"), undefined);
});

test("supports: CPython of a listed version only", () => {
  assert.equal(supports(bundle, { implementation: "cpython", major: 3, minor: 13 }), true);
  assert.equal(supports(bundle, { implementation: "cpython", major: 3, minor: 10 }), false);
  assert.equal(supports(bundle, { implementation: "cpython", major: 3, minor: 15 }), false);
  assert.equal(supports(bundle, { implementation: "pypy", major: 3, minor: 11 }), false);
  assert.equal(supports(bundle, undefined), false);
  assert.equal(supports(bundle, { implementation: "cpython", major: 3, minor: 14, freeThreaded: true }), false);
  assert.equal(describe({ implementation: "cpython", major: 3, minor: 14, freeThreaded: true }), "Python 3.14 (free-threaded)");
  assert.equal(wanted(bundle), "CPython 3.11–3.14");
  assert.equal(describe(undefined), "did not run");
});

test("candidates: the Python extension's interpreter, then PATH in the platform's order", () => {
  const onPath = (names: string[]) => (n: string) => (names.includes(n) ? `/bin/${n}` : undefined);
  assert.deepEqual(pythonCandidates(["/v/python"], "linux", onPath(["python3", "python"])).map((c) => c.label), [
    "the Python extension's interpreter", "python3 on PATH", "python on PATH",
  ]);
  assert.deepEqual(pythonCandidates(undefined, "win32", onPath(["py", "python"])).map((c) => [c.command, ...c.args].join(" ")), ["/bin/py -3", "/bin/python"]);
  assert.deepEqual(pythonCandidates([""], "darwin", onPath([])), [], "an empty command from the Python extension is no candidate");
});

test("choosePython stops at the first supported one and lists what it tried", () => {
  const probe = (c: string) => ({ "/a": parseVersion("cpython 3 9"), "/b": parseVersion("cpython 3 14"), "/c": parseVersion("cpython 3 12") })[c];
  const cands = ["/a", "/b", "/c"].map((c) => ({ command: c, args: [], label: c }));
  const { chosen, tried } = choosePython(bundle, cands, probe);
  assert.equal(chosen?.command, "/b");
  assert.deepEqual(tried, ["/a (/a): Python 3.9", "/b (/b): Python 3.14"]);
  assert.deepEqual(choosePython(bundle, [], probe), { tried: [] });
});

test("parseBundle: bundle.json's Pythons and the launcher beside them; no manifest, no libs or no Python: no bundle", () => {
  const manifest = JSON.stringify({ target: "linux-x64", python: ["3.11", "3.12", "3.13", "3.14"] });
  assert.deepEqual(parseBundle(manifest, "/ext/bundled", true, path.posix.join), {
    launcher: "/ext/bundled/tool/server.py",
    pythons: ["3.11", "3.12", "3.13", "3.14"],
  });
  assert.equal(parseBundle(undefined, "/ext/bundled", true, path.posix.join), undefined, "a build without the server");
  assert.equal(parseBundle(manifest, "/ext/bundled", false, path.posix.join), undefined, "libs missing");
  assert.equal(parseBundle('{"python": []}', "/ext/bundled", true, path.posix.join), undefined);
  assert.equal(parseBundle("{not json", "/ext/bundled", true, path.posix.join), undefined);
  assert.deepEqual(parseBundle('{"python": ["3.12", 3, "x"]}', "C:\\ext\\bundled", true, path.win32.join)?.launcher, "C:\\ext\\bundled\\tool\\server.py");
});
