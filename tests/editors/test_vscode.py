"""The VS Code extension: build + package + unit tests (npm); the platform .vsix that carries the
server (scripts/bundle.py), whose server runs on a Python with nothing installed; then that .vsix
in a real VS Code (code-server) driven by Debian's Chromium, with no agentls installed anywhere:
the Problems panel and completion in `tools`."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from editor_support import (ARTIFACTS, CODE_SERVER_VERSION, EDITOR_CONFIG, INSTALL_HINT, TIMEOUT_S, TOOLS, check_diagnostics,
                            dump, editor_env, fake_home_dir, free_port, make_workspace, scenario, server_available)
from support import REPO

EXT = EDITOR_CONFIG / "vscode"
NPM = shutil.which("npm")
CODE_SERVER = TOOLS / f"code-server-{CODE_SERVER_VERSION}" / "node_modules" / ".bin" / "code-server"
PLAYWRIGHT = TOOLS / "node_modules" / "playwright-core"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = Path(__file__).with_name("code_server_e2e.cjs")
# This machine's VS Code platform target, when scripts/bundle.py knows it.
HOST_TARGET = {("Linux", "x86_64"): "linux-x64", ("Linux", "aarch64"): "linux-arm64", ("Darwin", "x86_64"): "darwin-x64",
               ("Darwin", "arm64"): "darwin-arm64", ("Windows", "AMD64"): "win32-x64"}.get((platform.system(), platform.machine()))
_LSP = str(Path(__file__).resolve().parent.parent / "lsp")
if _LSP not in sys.path:
    sys.path.insert(0, _LSP)

pytestmark = [
    pytest.mark.editor,
    pytest.mark.skipif(NPM is None, reason="npm is not installed"),
    pytest.mark.skipif(not (EXT / "node_modules" / "vscode-languageclient").is_dir(),
                       reason=f"the extension's npm packages are not installed ({INSTALL_HINT}, or `npm ci` in editor-config/vscode)"),
]


def npm(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([NPM, *args], cwd=EXT, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def vsix() -> Path:
    """`npm run package`: type-check, esbuild bundle, vsce package -> editor-config/vscode/agentls.vsix."""
    out = EXT / "agentls.vsix"
    out.unlink(missing_ok=True)
    proc = npm("run", "package")
    assert proc.returncode == 0, f"npm run package failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    assert out.is_file()
    return out


@pytest.fixture(scope="session")
def bundled_vsix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`scripts/bundle.py --target <this machine's>`: the .vsix that carries agentls and its libraries."""
    if HOST_TARGET is None:
        pytest.skip(f"scripts/bundle.py has no target for {platform.system()} {platform.machine()}")
    out = tmp_path_factory.mktemp("bundled") / f"agentls-{HOST_TARGET}.vsix"
    proc = subprocess.run([sys.executable, str(EXT / "scripts" / "bundle.py"), "--target", HOST_TARGET, "--out", str(out)],
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"bundle.py failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-4000:]}"
    assert out.is_file() and not (EXT / "bundled" / "libs").exists(), "bundle.py leaves no libraries behind in the tree"
    return out


@pytest.fixture(scope="session")
def bundled_dir(bundled_vsix: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .vsix's `extension/bundled/` folder, extracted."""
    root = tmp_path_factory.mktemp("extracted")
    with zipfile.ZipFile(bundled_vsix) as z:
        z.extractall(root, [n for n in z.namelist() if n.startswith("extension/bundled/")])
    return root / "extension" / "bundled"


def bare_python(tmp_path: Path) -> Path:
    """A fresh venv without pip: a Python with nothing installed."""
    venv = tmp_path / "bare-python"
    base = getattr(sys, "_base_executable", None) or shutil.which("python3")
    subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120, stdin=subprocess.DEVNULL)
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def bare_env(home: Path, python: Path) -> dict[str, str]:
    """An environment where nothing of agentls can be found: no PYTHONPATH or venv, no `agentls` on
    PATH (the folders that have one are left out), and the bare Python first as `python3`."""
    env = editor_env(home)
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PYTHONUSERBASE"):
        env.pop(name, None)
    keep = [d for d in env.get("PATH", "").split(os.pathsep) if d and not (Path(d) / "agentls").exists()]
    env["PATH"] = os.pathsep.join([str(python.parent), *keep])
    assert shutil.which("agentls", path=env["PATH"]) is None
    for name in ("python3", "python"):
        found = shutil.which(name, path=env["PATH"])
        probe = subprocess.run([found, "-c", "import agentls"], env=env, cwd=home, capture_output=True, timeout=60)
        assert probe.returncode != 0, f"{found} can import agentls: the test would prove nothing"
    return env


def test_bundled_vsix_carries_the_server_for_each_python(bundled_vsix: Path) -> None:
    with zipfile.ZipFile(bundled_vsix) as z:
        names = set(z.namelist())
        bundle = json.loads(z.read("extension/bundled/bundle.json"))
        target = re.search(r'TargetPlatform="([^"]+)"', z.read("extension.vsixmanifest").decode())
        shipped = {n: z.read(n) for n in names if n.startswith("extension/bundled/libs/agentls/") and not n.endswith("/")}
    assert target and target[1] == HOST_TARGET == bundle["target"]
    assert bundle["python"] == ["3.11", "3.12", "3.13", "3.14"]
    assert "extension/bundled/tool/server.py" in names and "extension/out/extension.js" in names
    for minor in (11, 12, 13, 14):  # a compiled pydantic-core and PyYAML C loader for each CPython
        for module in ("pydantic_core/_pydantic_core", "yaml/_yaml"):
            assert any(n.startswith(f"extension/bundled/libs/{module}.cpython-3{minor}-") for n in names), (module, minor)
    assert not any("__pycache__" in n or n.startswith("extension/scripts/") or "/bin/" in n for n in names)
    # The agentls inside is this tree's.
    source = {f"extension/bundled/libs/agentls/{f.relative_to(REPO / 'server' / 'agentls').as_posix()}": f.read_bytes()
              for f in (REPO / "server" / "agentls").rglob("*") if f.is_file() and "__pycache__" not in f.parts}
    assert shipped == source
    size = bundled_vsix.stat().st_size
    assert size < 25_000_000, f"the .vsix grew to {size / 1e6:.1f} MB"


def test_a_platform_without_wheels_fails_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bundle.py against the package index, for a platform tag nothing is built for."""
    spec = importlib.util.spec_from_file_location("vscode_bundle", EXT / "scripts" / "bundle.py")
    bundle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bundle)
    monkeypatch.setitem(bundle.TARGETS, "nowhere-x64", ("nowhere_x86_64",))
    with pytest.raises(bundle.BundleError) as err:
        bundle.install_for(tmp_path, "nowhere-x64", "3.11", tmp_path / "agentls.whl")
    assert re.match(r"nowhere-x64: no wheels for CPython 3\.11 \(nowhere_x86_64\):\n  ERROR: ", str(err.value)), str(err.value)
    assert "PyYAML" in str(err.value) or "pydantic" in str(err.value), str(err.value)


def test_bundled_launcher_says_what_to_do_without_its_libraries(tmp_path: Path, bundled_dir: Path) -> None:
    shutil.copytree(bundled_dir / "tool", tmp_path / "bundled" / "tool")
    proc = subprocess.run([sys.executable, str(tmp_path / "bundled" / "tool" / "server.py")], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and "carries no libraries" in proc.stderr and "agentls.server.pythonPath" in proc.stderr, proc.stderr


async def test_bundled_server_runs_on_a_python_with_nothing_installed(tmp_path: Path, bundled_dir: Path) -> None:
    """`<bare python> bundled/tool/server.py` as a real LSP server: initialize, open a broken agent
    file, get its diagnostics."""
    from lsp_support import VSCODE, capabilities, make_client
    from lsprotocol import types

    case = scenario()
    root, file = make_workspace(tmp_path, case)
    home = fake_home_dir(tmp_path)
    python = bare_python(tmp_path)
    env = bare_env(home, python)
    for module in ("yaml", "pydantic", "pygls", "agentls"):
        probe = subprocess.run([str(python), "-c", f"import {module}"], env=env, capture_output=True, timeout=60)
        assert probe.returncode != 0, f"the bare Python can import {module}"
    client = make_client()
    await client.start_io(str(python), str(bundled_dir / "tool" / "server.py"), env=env, cwd=str(root))
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(VSCODE), root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)]))
        uri = client.open(file)
        diagnostics = await client.diagnostics_for(uri)
        got = [(str(d.code), d.range.start.line, d.range.start.character, d.range.end.character) for d in diagnostics]
        check_diagnostics(case, got, "the bundled server on a bare Python")
        errors = [m.message for m in [*client.log_messages, *client.messages] if m.type == types.MessageType.Error]
        assert not errors, errors
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()


def test_extension_packages(vsix: Path) -> None:
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert "extension/out/extension.js" in names, sorted(names)
    assert "extension/schemas/agent-frontmatter.schema.json" in names
    assert not any(n.startswith("extension/node_modules/") or n.startswith("extension/src/") for n in names), "bundle only"
    assert manifest["main"] == "./out/extension.js"
    strategy = manifest["contributes"]["configuration"]["properties"]["agentls.server.importStrategy"]
    assert strategy["enum"] == ["bundled", "fromEnvironment"] and strategy["default"] == "bundled"


def test_extension_unit_tests() -> None:
    """Settings mapping and server discovery (node --test, under plain Node)."""
    proc = npm("test")
    assert proc.returncode == 0, f"{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    assert re.search(r"^# fail 0$", proc.stdout, re.M) and re.search(r"^# pass [1-9]", proc.stdout, re.M), proc.stdout[-2000:]


def _code_server_missing() -> str | None:
    if not CODE_SERVER.exists() or not (CODE_SERVER.parent.parent.parent / ".agentls-complete").exists():
        return f"code-server {CODE_SERVER_VERSION} is not installed in {TOOLS} ({INSTALL_HINT})"
    if not (PLAYWRIGHT / "package.json").is_file():
        return f"playwright-core is not installed in {TOOLS} ({INSTALL_HINT})"
    if not Path(CHROMIUM).exists():
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


def _wait_http(url: str, proc: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"code-server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 (loopback only)
                if r.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"code-server did not answer on {url}:\n{log.read_text()[-3000:]}")


# A Problems row reads "message / agentls / T001 / [Ln 7, Col 5]" (innerText; "agentls(T001)" on screen).
_PROBLEM = re.compile(r"\bagentls\W*(?P<code>[A-Z]\d{3})\W*\[Ln (?P<line>\d+), Col (?P<col>\d+)\]")


BASE_SETTINGS = {
    "agentls.trace.server": "messages",
    "editor.autoIndent": "none",  # the typed `tools` item is exactly what the test types
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "update.mode": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
}


def _output_log(user_data: Path) -> Path | None:
    outputs = sorted(user_data.glob("logs/*/exthost*/output_logging_*/*agentls*.log"))
    return outputs[-1] if outputs else None


def _settled_output_log(user_data: Path, seconds: float = 60) -> None:
    """Wait until the extension's output log is written and has stopped growing for a second:
    VS Code writes it behind the extension, and stopping code-server can lose what it holds.
    On a busy machine the first write can come many seconds after the driver is done."""
    deadline, last, since = time.monotonic() + seconds, -1, time.monotonic()
    while time.monotonic() < deadline:
        out = _output_log(user_data)
        size = out.stat().st_size if out is not None else 0
        if size != last:
            last, since = size, time.monotonic()
        elif size > 0 and time.monotonic() - since >= 1.0:
            return
        time.sleep(0.2)


def run_code_server(tmp_path: Path, vsix: Path, settings: dict, case, mode: str, wait_text: str,
                    env: dict[str, str] | None = None, closed: tuple[str, str] | None = None) -> tuple[dict, Path]:
    """Install the .vsix into a fresh code-server (in `env`, default: this tree's agentls
    importable), open the case's workspace in Chromium and run the browser driver; returns its
    result and the artifacts folder (screenshots, logs). `closed`: (name, text) of another agent
    file, never opened, whose problems the driver waits for too."""
    root, file = make_workspace(tmp_path, case)
    if closed is not None:
        (file.parent / closed[0]).write_text(closed[1], encoding="utf-8")
    env = env or editor_env(fake_home_dir(tmp_path))
    user_data, extensions = tmp_path / "user-data", tmp_path / "extensions"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps({**BASE_SETTINGS, **settings}, indent=1))
    base = [str(CODE_SERVER), "--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    inst = subprocess.run([*base, "--install-extension", str(vsix)], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert inst.returncode == 0 and "successfully installed" in inst.stdout, f"{inst.stdout}\n{inst.stderr}"

    port = free_port()
    log = tmp_path / "code-server.log"
    artifacts = ARTIFACTS / f"code-server-{mode}"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    with open(log, "w") as log_fh:
        server = subprocess.Popen([*base, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
                                   "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override",
                                   str(root)], env=env, stdout=log_fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  start_new_session=True, cwd=tmp_path)
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", server, log, time.monotonic() + TIMEOUT_S)
        denv = dict(env, AGENTLS_PLAYWRIGHT_CORE=str(PLAYWRIGHT), AGENTLS_CHROMIUM=CHROMIUM, AGENTLS_E2E_MODE=mode,
                    AGENTLS_E2E_URL=f"http://127.0.0.1:{port}/?folder={root}",
                    AGENTLS_E2E_FILE=str(file.relative_to(root)), AGENTLS_E2E_ARTIFACTS=str(artifacts),
                    AGENTLS_E2E_WAIT_TEXT=wait_text, AGENTLS_E2E_INSERT_LINE=str(case.insert_after),
                    AGENTLS_E2E_INSERT_TEXT=case.insert_text, AGENTLS_E2E_TIMEOUT_MS=str(TIMEOUT_S * 1000),
                    AGENTLS_E2E_COMPLETE_TO=case.complete_to, AGENTLS_E2E_GONE_TEXT=case.gone_text,
                    AGENTLS_E2E_CLOSED_FILE=closed[0] if closed else "")
        drv = subprocess.run(["node", str(DRIVER)], env=denv, capture_output=True, text=True, timeout=4 * TIMEOUT_S,
                             stdin=subprocess.DEVNULL)
        _settled_output_log(user_data)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        shutil.copyfile(log, artifacts / "code-server.log")
        # The extension's output channel (trace: messages): the whole conversation with the server.
        out = _output_log(user_data)
        if out:
            shutil.copyfile(out, artifacts / "agentls-output.log")
    try:
        result = json.loads(drv.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"the browser driver printed no result (exit {drv.returncode}):\n{drv.stdout[-2000:]}\n{drv.stderr[-3000:]}")
    assert "error" not in result, (f"in the browser, after {result['steps']}: {result['error']}\n"
                                   f"screenshots: {result['screenshots']}\nlogs: {artifacts}")
    assert all(Path(p).is_file() for p in result["screenshots"]), result["screenshots"]
    return result, artifacts


# another agent of the workspace, never opened: its lowercase tool shows in the Problems panel too
CLOSED = ("broken-helper.md", "---\nname: broken-helper\ndescription: Checks the build.\ntools: read, Grep\n---\n\nCheck the build.\n")


def _problems(rows: list[dict]) -> list[tuple[str, int, int, None]]:
    """(code, line, column) of the Problems panel's rows, 0-based (the panel shows 1-based lines
    and UTF-16 columns)."""
    return [(m["code"], int(m["line"]) - 1, int(m["col"]) - 1, None)
            for row in rows if (m := _PROBLEM.search(row["text"].replace("\n", " ")))]


def test_code_server_problems_and_completion(tmp_path: Path, bundled_vsix: Path) -> None:
    """The .vsix as a person installs it: no setting, no agentls installed, only a bare `python3`.
    Another agent of the workspace, never opened, has its problem in the Problems panel too."""
    why = _code_server_missing() or server_available()
    if why:
        pytest.skip(why)
    case = scenario()
    python = bare_python(tmp_path)
    env = bare_env(fake_home_dir(tmp_path), python)
    env["VSCODE_CLI"] = "1"  # code-server would take PATH from a login shell, /etc/profile's (no bare Python first)
    result, artifacts = run_code_server(tmp_path, bundled_vsix, {}, case, "scenario", case.problem_text, env, closed=CLOSED)
    got = _problems(result["problems"])
    closed = _problems(result["closed"])
    assert closed == [("T001", 3, 7, None)], f"the closed file's problems in the Problems panel: {dump(result['closed'])}"
    check_diagnostics(case, got, f"code-server {CODE_SERVER_VERSION} Problems panel on {case.name} "
                      f"(rows: {dump([r['text'] for r in result['problems']])})")
    labels = [(label or "").split(",")[0].strip() for label in result["completion"]]
    assert "Read" in labels, f"the suggest widget did not offer Read: {dump(result['completion'][:30])}"
    output = (artifacts / "agentls-output.log").read_text(encoding="utf-8", errors="replace")
    started = re.escape(f"] starting {python.parent / 'python3'} {tmp_path / 'extensions'}/") + \
        r"agentls\.agentls-[^/ ]+/bundled/tool/server\.py \(found via bundled \(python3 on PATH\)\)"
    assert re.search(started, output), f"not the bundled server on the bare Python:\n{output[:1500]}"
    assert "Sending request 'textDocument/completion" in output, "the extension's output channel has no protocol trace"
    assert "restarted" in result["steps"] and "restarting the server" in output, result["steps"]
    assert output.count("] starting ") == 2, "the restart command started a second server"
    # Server-side failures: an error response, a crash, a lost connection. (vscode-languageclient
    # also logs every server exit as an error, a clean one after shutdown/exit too, and a
    # notification caught by the old client while it stops; those are not the server's. A pull
    # for diagnostics that VS Code cancels, because the text changed, is answered "canceled"
    # (-32800) as LSP says: not a failure either.)
    errors = [line for line in output.splitlines()
              if ("Request failed" in line and "(-32800)" not in line) or re.search(r"^\[Error .*\] Request \S+ failed", line)
              or re.search(r"Server process exited with (code [1-9]|signal)", line) or "Connection to server got closed" in line]
    assert not errors, f"the server failed during the session (see {artifacts / 'agentls-output.log'}): {errors[:10]}"


def test_code_server_says_what_to_do_when_the_server_is_missing(tmp_path: Path, bundled_vsix: Path) -> None:
    """A wrong `agentls.server.path` (it wins over the bundled server): a notification names the
    path and the setting, no crash."""
    why = _code_server_missing()
    if why:
        pytest.skip(why)
    missing = tmp_path / "nowhere" / "agentls"
    result, artifacts = run_code_server(tmp_path, bundled_vsix, {"agentls.server.path": str(missing)}, scenario(), "not-found",
                                        "agentls.server.path")
    text = " ".join(result["notifications"])
    assert str(missing) in text and "not an executable file" in text, text
    assert "Open Settings" in text, f"the notification offers to open the settings: {text}"
    assert result["activating"] == 0, "activation still waits (for the notification to be answered)"
    output = (artifacts / "agentls-output.log").read_text(encoding="utf-8", errors="replace")
    assert output.count("server not started") == 1, f"one attempt, one message (opening the file does not retry):\n{output[-3000:]}"
