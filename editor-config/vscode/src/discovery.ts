/**
 * How the extension starts the agentls server:
 *   1. `agentls.server.path`, when set: that executable (`agentls serve`), whatever else is set;
 *   2. `agentls.server.importStrategy: "bundled"` (the default), in a build that carries the server
 *      (`bundled/bundle.json`): `<python> bundled/tool/server.py`, with `agentls.server.pythonPath`,
 *      else the Python extension's interpreter, else `python3` / `python` (`py -3` on Windows) on
 *      PATH: the first CPython the bundle has libraries for;
 *   3. `"fromEnvironment"` (or a build without the bundled server): an installed agentls, from
 *      `agentls.server.pythonPath` (`<python> -m agentls`), `agentls` on PATH, or
 *      `python3 -m agentls` / `python -m agentls` when that Python can import agentls.
 * Pure apart from the injected probes, so it is unit-tested under plain Node.
 */
import * as path from "path";
import { Bundle, choosePython, describe, PythonInfo, pythonCandidates, supports, wanted } from "./python";

export type ImportStrategy = "bundled" | "fromEnvironment";

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where it came from, for the output channel: `setting:server.path`, `PATH`, `bundled (python3 on PATH)`... */
  source: string;
}

export interface DiscoveryInput {
  serverPath?: string;
  pythonPath?: string;
  importStrategy?: string;
  /** The server this build of the extension carries; undefined when it carries none. */
  bundle?: Bundle;
  /** The Python extension's interpreter command (`ms-python.python`), when it has one. */
  pythonFromExtension?: string[];
  extraArgs?: string[];
  workspaceFolder?: string;
  home?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export interface Probes {
  /** Whether `file` exists and can be executed. */
  isExecutable(file: string): boolean;
  /** Whether `python -c "import agentls"` succeeds. */
  canImportAgentls(python: string): boolean;
  /** The implementation and version of `command ...args` (a Python), or undefined if it does not run. */
  pythonInfo(command: string, args: string[]): PythonInfo | undefined;
}

export class ServerNotFound extends Error {
  constructor(message: string, readonly tried: string[]) {
    super(message);
    this.name = "ServerNotFound";
  }
}

/** Expand `~` and `${workspaceFolder}` / `${userHome}` / `${env:NAME}` in a setting value. */
export function expandPath(value: string, input: Pick<DiscoveryInput, "workspaceFolder" | "home" | "env">): string {
  let out = value.trim();
  if (input.home && (out === "~" || out.startsWith("~/") || out.startsWith("~\\"))) out = input.home + out.slice(1);
  out = out.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name: string, envName?: string) => {
    if (name === "workspaceFolder") return input.workspaceFolder ?? whole;
    if (name === "userHome") return input.home ?? whole;
    return input.env[envName ?? ""] ?? "";
  });
  return out;
}

/** Look a bare command name up on PATH (with PATHEXT on Windows); a path with a separator is checked as is. */
export function which(name: string, input: Pick<DiscoveryInput, "env" | "platform">, probes: Pick<Probes, "isExecutable">): string | undefined {
  const win = input.platform === "win32";
  const sep = win ? ";" : ":";
  const exts = win ? (input.env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean) : [""];
  const candidates = (base: string) => (win && path.extname(base) === "" ? exts.map((e) => base + e.toLowerCase()).concat(exts.map((e) => base + e)) : [base]);
  if (name.includes("/") || (win && name.includes("\\"))) {
    return candidates(name).find((c) => probes.isExecutable(c));
  }
  const dirs = (input.env.PATH ?? input.env.Path ?? "").split(sep).filter(Boolean);
  for (const dir of dirs) {
    for (const c of candidates(path.join(dir, name))) {
      if (probes.isExecutable(c)) return c;
    }
  }
  return undefined;
}

/** The executable a path setting names, or a ServerNotFound that says how to fix the setting. */
function configuredExecutable(setting: string, value: string, fix: string, input: DiscoveryInput, probes: Probes): string {
  const configured = expandPath(value, input);
  const found = which(configured, input, probes);
  if (!found) {
    throw new ServerNotFound(`${setting} is set to "${value}", but ${configured} is not an executable file. ${fix}`, [configured]);
  }
  return found;
}

export function importStrategy(value: string | undefined): ImportStrategy {
  return value === "fromEnvironment" ? "fromEnvironment" : "bundled";
}

export function findServer(input: DiscoveryInput, probes: Probes): ServerCommand {
  const extra = (input.extraArgs ?? []).filter((a) => typeof a === "string");
  if (input.serverPath && input.serverPath.trim() !== "") {
    const found = configuredExecutable("agentls.server.path", input.serverPath,
      "Fix the path (for example the output of `which agentls`), or clear the setting to let the extension look for agentls itself.",
      input, probes);
    return { command: found, args: ["serve", ...extra], source: "setting:server.path" };
  }
  if (importStrategy(input.importStrategy) === "bundled" && input.bundle) {
    return bundledServer(input.bundle, extra, input, probes);
  }
  return installedServer(extra, input, probes);
}

/** `<python> bundled/tool/server.py`: the server the extension carries, with a Python that can run it. */
function bundledServer(bundle: Bundle, extra: string[], input: DiscoveryInput, probes: Probes): ServerCommand {
  const run = (command: string, args: string[], from: string) => ({ command, args: [...args, bundle.launcher, ...extra], source: `bundled (${from})` });
  if (input.pythonPath && input.pythonPath.trim() !== "") {
    const found = configuredExecutable("agentls.server.pythonPath", input.pythonPath,
      `Point it at a Python interpreter (${wanted(bundle)}), or clear the setting.`, input, probes);
    const info = probes.pythonInfo(found, []);
    if (!supports(bundle, info)) {
      throw new ServerNotFound(
        `agentls.server.pythonPath is ${found} (${describe(info)}), but the agentls server in this extension runs on ` +
          `${wanted(bundle)}. Point the setting at such a Python, or clear it.`,
        [found],
      );
    }
    return run(found, [], "setting:server.pythonPath");
  }
  const candidates = pythonCandidates(input.pythonFromExtension, input.platform, (name) => which(name, input, probes));
  const { chosen, tried } = choosePython(bundle, candidates, probes.pythonInfo);
  if (chosen) return run(chosen.command, chosen.args, chosen.label);
  const names = input.platform === "win32" ? "`py -3`, `python`, `python3`" : "`python3`, `python`";
  throw new ServerNotFound(
    `agentls needs Python 3.11 or newer (${wanted(bundle)}) to run its language server, and found none ` +
      `(${tried.length > 0 ? `tried ${tried.join("; ")}` : `no ${names} on PATH`}). ` +
      "Install Python 3.11 or newer (python.org, or your system's packages), or set `agentls.server.pythonPath` to " +
      "its interpreter, then run `agentls: Restart Server`.",
    tried,
  );
}

/** An installed agentls: `agentls.server.pythonPath`, `agentls` on PATH, or a Python that can import it. */
function installedServer(extra: string[], input: DiscoveryInput, probes: Probes): ServerCommand {
  const tried: string[] = [];
  if (input.pythonPath && input.pythonPath.trim() !== "") {
    const found = configuredExecutable("agentls.server.pythonPath", input.pythonPath,
      "Point it at a Python interpreter (for example .venv/bin/python) or clear the setting.", input, probes);
    if (!probes.canImportAgentls(found)) {
      throw new ServerNotFound(
        `agentls.server.pythonPath is ${found}, but that Python cannot import agentls. ` +
          `Install it there (\`${found} -m pip install agentls\`) or clear the setting.`,
        [`${found} -m agentls`],
      );
    }
    return { command: found, args: ["-m", "agentls", "serve", ...extra], source: "setting:server.pythonPath" };
  }
  const onPath = which("agentls", input, probes);
  tried.push("agentls on PATH");
  if (onPath) return { command: onPath, args: ["serve", ...extra], source: "PATH" };
  for (const py of input.platform === "win32" ? ["python", "py"] : ["python3", "python"]) {
    const found = which(py, input, probes);
    tried.push(`${py} -m agentls`);
    if (found && probes.canImportAgentls(found)) {
      return { command: found, args: ["-m", "agentls", "serve", ...extra], source: "python -m agentls" };
    }
  }
  throw new ServerNotFound(
    "The agentls language server was not found (looked for `agentls` on PATH and for a Python that can import agentls). " +
      "Install it with `pipx install agentls` or `pip install agentls`, or set `agentls.server.path` to the agentls executable " +
      "(or `agentls.server.pythonPath` to a Python that has it), then run `agentls: Restart Server`." +
      (input.bundle ? ' Or set `agentls.server.importStrategy` to "bundled" to use the server this extension carries.' : ""),
    tried,
  );
}
