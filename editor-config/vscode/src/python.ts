/**
 * Which Python runs the server that the extension carries (`bundled/tool/server.py`): the first
 * CPython among the candidates whose version the bundle has libraries for. Pure apart from the
 * injected probe, so it is unit-tested under plain Node.
 */

/** A way to start Python: `command ...args` (args: `-3` for the Windows launcher `py`). */
export interface PythonCommand {
  command: string;
  args: string[];
  /** Where it came from, for messages: `python3 on PATH`, `the Python extension's interpreter`. */
  label: string;
}

export interface PythonInfo {
  implementation: string;
  major: number;
  minor: number;
  /** A free-threaded build (3.13t, 3.14t): it loads none of the bundled compiled modules. */
  freeThreaded?: boolean;
}

/** What `bundled/bundle.json` says: the CPython versions the bundled libraries are built for. */
export interface Bundle {
  launcher: string;
  pythons: string[];
}

/**
 * The bundle described by `bundled/bundle.json` (its text), in the extension's `bundled` folder
 * `dir`; undefined when the build carries no server (no manifest, no Python listed, no libs).
 */
export function parseBundle(manifest: string | undefined, dir: string, hasLibs: boolean, join: (...parts: string[]) => string): Bundle | undefined {
  if (manifest === undefined || !hasLibs) return undefined;
  let python: unknown;
  try {
    python = (JSON.parse(manifest) as { python?: unknown }).python;
  } catch {
    return undefined;
  }
  const pythons = Array.isArray(python) ? python.filter((v): v is string => typeof v === "string" && /^3\.\d+$/.test(v)) : [];
  return pythons.length > 0 ? { launcher: join(dir, "tool", "server.py"), pythons } : undefined;
}

export const FROM_PYTHON_EXTENSION = "the Python extension's interpreter";

/** Run with `python -c`: prints `cpython 3 12`, plus ` t` for a free-threaded build. */
export const VERSION_SCRIPT =
  "import sys, sysconfig; print(sys.implementation.name, *sys.version_info[:2], *['t'][:bool(sysconfig.get_config_var('Py_GIL_DISABLED'))])";

export function parseVersion(stdout: string): PythonInfo | undefined {
  const m = /^(\w+) (\d+) (\d+)( t)?$/.exec(stdout.trim());
  if (!m) return undefined;
  const info: PythonInfo = { implementation: m[1], major: Number(m[2]), minor: Number(m[3]) };
  if (m[4]) info.freeThreaded = true;
  return info;
}

export function describe(info: PythonInfo | undefined): string {
  if (!info) return "did not run";
  const name = info.implementation === "cpython" ? "Python" : info.implementation;
  return `${name} ${info.major}.${info.minor}${info.freeThreaded ? " (free-threaded)" : ""}`;
}

/** "CPython 3.11–3.14", from the bundle's list. */
export function wanted(bundle: Bundle): string {
  const sorted = [...bundle.pythons].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
  return sorted.length > 1 ? `CPython ${sorted[0]}–${sorted[sorted.length - 1]}` : `CPython ${sorted[0] ?? "3.11+"}`;
}

export function supports(bundle: Bundle, info: PythonInfo | undefined): boolean {
  return !!info && info.implementation === "cpython" && !info.freeThreaded && bundle.pythons.includes(`${info.major}.${info.minor}`);
}

/**
 * The candidates, in order: the Python extension's interpreter (its command, which may carry
 * arguments), then the usual names on PATH (`py -3` first on Windows).
 */
export function pythonCandidates(
  fromPythonExtension: string[] | undefined,
  platform: NodeJS.Platform,
  which: (name: string) => string | undefined,
): PythonCommand[] {
  const out: PythonCommand[] = [];
  if (fromPythonExtension && fromPythonExtension.length > 0 && fromPythonExtension[0]) {
    out.push({ command: fromPythonExtension[0], args: fromPythonExtension.slice(1), label: FROM_PYTHON_EXTENSION });
  }
  const names: [string, string[]][] = platform === "win32" ? [["py", ["-3"]], ["python", []], ["python3", []]] : [["python3", []], ["python", []]];
  for (const [name, args] of names) {
    const found = which(name);
    if (found) out.push({ command: found, args, label: `${[name, ...args].join(" ")} on PATH` });
  }
  return out;
}

/** The first candidate the bundle supports, and one line per candidate tried. */
export function choosePython(
  bundle: Bundle,
  candidates: PythonCommand[],
  probe: (command: string, args: string[]) => PythonInfo | undefined,
): { chosen?: PythonCommand & { info: PythonInfo }; tried: string[] } {
  const tried: string[] = [];
  for (const c of candidates) {
    const info = probe(c.command, c.args);
    tried.push(`${c.label} (${[c.command, ...c.args].join(" ")}): ${describe(info)}`);
    if (info && supports(bundle, info)) return { chosen: { ...c, info }, tried };
  }
  return { tried };
}
