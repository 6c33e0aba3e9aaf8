"""The VS Code extension: build + package + unit tests (npm), then the packaged .vsix in a real
VS Code (code-server) driven by Debian's Chromium: the Problems panel and completion in `tools`."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from editor_support import (ARTIFACTS, CODE_SERVER_VERSION, EDITOR_CONFIG, INSTALL_HINT, TIMEOUT_S, TOOLS, check_diagnostics,
                            dump, editor_env, fake_home_dir, free_port, make_workspace, scenario, server_available, server_command)

EXT = EDITOR_CONFIG / "vscode"
NPM = shutil.which("npm")
CODE_SERVER = TOOLS / f"code-server-{CODE_SERVER_VERSION}" / "node_modules" / ".bin" / "code-server"
PLAYWRIGHT = TOOLS / "node_modules" / "playwright-core"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = Path(__file__).with_name("code_server_e2e.cjs")

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


def test_extension_packages(vsix: Path) -> None:
    import zipfile

    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert "extension/out/extension.js" in names, sorted(names)
    assert "extension/schemas/agent-frontmatter.schema.json" in names
    assert not any(n.startswith("extension/node_modules/") or n.startswith("extension/src/") for n in names), "bundle only"
    assert manifest["main"] == "./out/extension.js"


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


def _settled_output_log(user_data: Path, seconds: float = 15) -> None:
    """Wait until the extension's output log is written and has stopped growing for a second:
    VS Code writes it behind the extension, and stopping code-server can lose what it holds."""
    deadline, last, since = time.monotonic() + seconds, -1, time.monotonic()
    while time.monotonic() < deadline:
        out = _output_log(user_data)
        size = out.stat().st_size if out is not None else 0
        if size != last:
            last, since = size, time.monotonic()
        elif size > 0 and time.monotonic() - since >= 1.0:
            return
        time.sleep(0.2)


def run_code_server(tmp_path: Path, vsix: Path, settings: dict, case, mode: str, wait_text: str) -> tuple[dict, Path]:
    """Install the .vsix into a fresh code-server, open the case's workspace in Chromium and run
    the browser driver; returns its result and the artifacts folder (screenshots, logs)."""
    root, file = make_workspace(tmp_path, case)
    env = editor_env(fake_home_dir(tmp_path))
    user_data, extensions = tmp_path / "user-data", tmp_path / "extensions"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(json.dumps({**BASE_SETTINGS, **settings}, indent=1))
    base = [str(CODE_SERVER), "--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    inst = subprocess.run([*base, "--install-extension", str(vsix)], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
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
                                  start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/healthz", server, log, time.monotonic() + TIMEOUT_S)
        denv = dict(env, AGENTLS_PLAYWRIGHT_CORE=str(PLAYWRIGHT), AGENTLS_CHROMIUM=CHROMIUM, AGENTLS_E2E_MODE=mode,
                    AGENTLS_E2E_URL=f"http://127.0.0.1:{port}/?folder={root}",
                    AGENTLS_E2E_FILE=str(file.relative_to(root)), AGENTLS_E2E_ARTIFACTS=str(artifacts),
                    AGENTLS_E2E_WAIT_TEXT=wait_text, AGENTLS_E2E_INSERT_LINE=str(case.insert_after),
                    AGENTLS_E2E_INSERT_TEXT=case.insert_text, AGENTLS_E2E_TIMEOUT_MS=str(TIMEOUT_S * 1000),
                    AGENTLS_E2E_COMPLETE_TO=case.complete_to, AGENTLS_E2E_GONE_TEXT=case.gone_text)
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


def test_code_server_problems_and_completion(tmp_path: Path, vsix: Path) -> None:
    why = _code_server_missing() or server_available()
    if why:
        pytest.skip(why)
    case = scenario()
    cmd = server_command()
    if cmd[1:3] == ["-m", "agentls"]:
        # The extension's own discovery: a Python that can import agentls (this tree, via PYTHONPATH).
        settings = {"agentls.server.pythonPath": cmd[0]}
    else:
        settings = {"agentls.server.path": cmd[0]}
    result, artifacts = run_code_server(tmp_path, vsix, settings, case, "scenario", case.problem_text)
    got = []
    for row in result["problems"]:
        m = _PROBLEM.search(row["text"].replace("\n", " "))
        if m:  # 1-based in the panel; UTF-16 columns
            got.append((m["code"], int(m["line"]) - 1, int(m["col"]) - 1, None))
    check_diagnostics(case, got, f"code-server {CODE_SERVER_VERSION} Problems panel on {case.name} "
                      f"(rows: {dump([r['text'] for r in result['problems']])})")
    labels = [(label or "").split(",")[0].strip() for label in result["completion"]]
    assert "Read" in labels, f"the suggest widget did not offer Read: {dump(result['completion'][:30])}"
    output = (artifacts / "agentls-output.log").read_text(encoding="utf-8", errors="replace")
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


def test_code_server_says_what_to_do_when_the_server_is_missing(tmp_path: Path, vsix: Path) -> None:
    """A wrong `agentls.server.path`: a notification names the path and the setting, no crash."""
    why = _code_server_missing()
    if why:
        pytest.skip(why)
    missing = tmp_path / "nowhere" / "agentls"
    result, artifacts = run_code_server(tmp_path, vsix, {"agentls.server.path": str(missing)}, scenario(), "not-found",
                                        "agentls.server.path")
    text = " ".join(result["notifications"])
    assert str(missing) in text and "not an executable file" in text, text
    assert "Open Settings" in text, f"the notification offers to open the settings: {text}"
    assert result["activating"] == 0, "activation still waits (for the notification to be answered)"
    output = (artifacts / "agentls-output.log").read_text(encoding="utf-8", errors="replace")
    assert output.count("server not started") == 1, f"one attempt, one message (opening the file does not retry):\n{output[-3000:]}"
