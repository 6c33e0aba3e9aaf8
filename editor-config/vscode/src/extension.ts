/**
 * The agentls extension: starts the agentls language server for Claude Code agent files and
 * forwards the `agentls.*` settings to it. Ordinary markdown files are never sent to the server.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer, importStrategy, Probes, ServerNotFound } from "./discovery";
import { Bundle, FROM_PYTHON_EXTENSION, parseBundle, parseVersion, VERSION_SCRIPT } from "./python";
import { changeIsForwarded, changeNeedsRestart, documentSelector, toServerSettings } from "./settings";

const SECTION = "agentls";
let client: LanguageClient | undefined;
/** How the running server was found (`bundled (the Python extension's interpreter)`, ...). */
let clientSource = "";
let extensionPath = "";
let subscriptions: vscode.Disposable[] = [];
let output: vscode.OutputChannel;
let starting: Promise<void> | undefined;
/** Set when the server could not be found or started: opening more files does not retry (and
 * re-notify) until the settings change or `agentls: Restart Server` runs. */
let startFailed = false;

const probes: Probes = {
  isExecutable(file) {
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) return false;
      if (process.platform === "win32") return true;
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  canImportAgentls(python) {
    const r = spawnSync(python, ["-c", "import agentls"], { timeout: 15_000, stdio: "ignore", windowsHide: true });
    return r.status === 0;
  },
  pythonInfo(command, args) {
    const r = spawnSync(command, [...args, "-c", VERSION_SCRIPT], { timeout: 15_000, encoding: "utf8", windowsHide: true });
    return r.status === 0 ? parseVersion(r.stdout) : undefined;
  },
};

/** The server this build carries (`bundled/bundle.json`, written by scripts/bundle.py), if any. */
function readBundle(): Bundle | undefined {
  const dir = path.join(extensionPath, "bundled");
  let manifest: string | undefined;
  try {
    manifest = fs.readFileSync(path.join(dir, "bundle.json"), "utf8");
  } catch {
    manifest = undefined;
  }
  return parseBundle(manifest, dir, fs.existsSync(path.join(dir, "libs")), path.join);
}

/** The parts of the Python extension's API (`ms-python.python`) used here. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(env: { id: string; path: string }): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] } };
}

let watchingPythonExtension = false;

/** The interpreter selected in the Python extension, when it is installed and has one. */
async function pythonExtensionInterpreter(resource: vscode.Uri | undefined): Promise<string[] | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!ext) return undefined;
  try {
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 15_000));
    const api = ext.isActive ? ext.exports : await Promise.race([ext.activate(), timeout]);
    if (!api) return undefined;
    const changed = api.environments?.onDidChangeActiveEnvironmentPath;
    if (changed && !watchingPythonExtension) {
      watchingPythonExtension = true;
      subscriptions.push(changed(() => {
        if (clientSource.includes(FROM_PYTHON_EXTENSION)) void restart();
      }));
    }
    if (api.environments) {
      const env = await api.environments.resolveEnvironment(api.environments.getActiveEnvironmentPath(resource));
      if (env?.executable.uri) return [env.executable.uri.fsPath];
    }
    const command = api.settings?.getExecutionDetails(resource).execCommand;
    return command && command.length > 0 ? command : undefined;
  } catch (err) {
    log(`the Python extension gave no interpreter: ${String(err)}`);
    return undefined;
  }
}

function settings() {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return toServerSettings((key) => cfg.get(key));
}

function selector() {
  return documentSelector(settings().files.agents, os.homedir());
}

function isAgentDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(selector(), doc) > 0;
}

function log(message: string) {
  output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

/** An error notification whose buttons act; never awaited, so activation does not wait for the user. */
function notify(message: string, ...actions: ("Open Settings" | "Show Output")[]): void {
  void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "agentls.server");
    if (choice === "Show Output") output.show(true);
  });
}

async function startClient(): Promise<void> {
  if (client) return;
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const folderUri = vscode.workspace.workspaceFolders?.[0]?.uri;
  const folder = folderUri?.fsPath;
  const serverPath = cfg.get<string>("server.path");
  const pythonPath = cfg.get<string>("server.pythonPath");
  const strategy = importStrategy(cfg.get<string>("server.importStrategy"));
  const bundle = readBundle();
  if (strategy === "bundled" && !bundle && !serverPath?.trim()) log("this build of the extension carries no server: looking for an installed agentls");
  const usesPythonExtension = strategy === "bundled" && bundle && !serverPath?.trim() && !pythonPath?.trim();
  let server;
  try {
    server = findServer(
      {
        serverPath,
        pythonPath,
        importStrategy: strategy,
        bundle,
        pythonFromExtension: usesPythonExtension ? await pythonExtensionInterpreter(folderUri) : undefined,
        extraArgs: cfg.get<string[]>("server.args"),
        workspaceFolder: folder,
        home: os.homedir(),
        env: process.env,
        platform: process.platform,
      },
      probes,
    );
  } catch (err) {
    const message = err instanceof ServerNotFound ? err.message : String(err);
    log(`server not started: ${message}`);
    startFailed = true;
    notify(message, "Open Settings", "Show Output");
    return;
  }
  log(`starting ${server.command} ${server.args.join(" ")} (found via ${server.source})`);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: server.args, transport: TransportKind.stdio, options: { cwd: folder } },
    debug: { command: server.command, args: server.args, transport: TransportKind.stdio, options: { cwd: folder } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector(),
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: settings(),
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/.mcp.json"),
        vscode.workspace.createFileSystemWatcher("**/.claude/**"),
        vscode.workspace.createFileSystemWatcher("**/.claude-plugin/plugin.json"),
        vscode.workspace.createFileSystemWatcher("**/{.agentls.toml,pyproject.toml}"),
      ],
    },
    middleware: {
      workspace: {
        // Answer the server's workspace/configuration pulls for "agentls" with the mapped object.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === SECTION ? settings() : answers[i]));
        },
      },
    },
  };
  // The id "agentls" makes the client read `agentls.trace.server`.
  client = new LanguageClient("agentls", "agentls", serverOptions, clientOptions);
  clientSource = server.source;
  try {
    await client.start();
    log("server started");
  } catch (err) {
    log(`server failed to start: ${String(err)}`);
    const failed = client;
    client = undefined;
    startFailed = true;
    await failed.dispose().catch(() => undefined);
    notify(`agentls: the server (${server.command} ${server.args.join(" ")}) did not start: ${String(err)}`, "Show Output", "Open Settings");
  }
}

function ensureStarted(): Promise<void> {
  if (client || startFailed) return Promise.resolve();
  if (!starting) starting = startClient().finally(() => (starting = undefined));
  return starting;
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop(5_000);
    } catch (err) {
      log(`stopping the server: ${String(err)}`);
    }
    await old.dispose().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  if (starting) await starting;
  log("restarting the server");
  startFailed = false;
  await stopClient();
  await ensureStarted();
}

async function workspaceHasAgentFiles(): Promise<boolean> {
  for (const glob of ["**/.claude/{agents,commands,skills}/**/*.md", "**/.claude-plugin/plugin.json", "**/.github/{agents,chatmodes,prompts}/**/*.md", "**/.opencode/{agent,agents}/**/*.md"]) {
    const found = await vscode.workspace.findFiles(glob, "**/node_modules/**", 1);
    if (found.length > 0) return true;
  }
  return false;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  subscriptions = context.subscriptions;
  output = vscode.window.createOutputChannel("agentls");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("agentls.restartServer", restart),
    vscode.commands.registerCommand("agentls.showOutput", () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!client && isAgentDocument(doc)) void ensureStarted();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const affects = (s: string) => event.affectsConfiguration(s);
      if (changeNeedsRestart(affects) || affects("agentls.files.agents")) {
        void restart();
      } else if (client && changeIsForwarded(affects)) {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings() } });
      }
    }),
  );
  // Start now when there is something to check; otherwise at the first agent file opened.
  if (vscode.workspace.textDocuments.some(isAgentDocument) || (await workspaceHasAgentFiles())) {
    await ensureStarted();
  }
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
