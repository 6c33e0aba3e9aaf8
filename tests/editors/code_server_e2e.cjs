// Drives code-server (VS Code in a browser) in Debian's headless Chromium with playwright-core,
// for tests/editors/test_vscode.py. Opens AGENTLS_E2E_FILE (workspace-relative) from the quick
// open box, reads the Problems panel, types a new `tools` item and reads the suggestions.
// Prints one JSON object on stdout; screenshots go to AGENTLS_E2E_ARTIFACTS.
"use strict";
const path = require("path");
const { chromium } = require(process.env.AGENTLS_PLAYWRIGHT_CORE);

const url = process.env.AGENTLS_E2E_URL;
const file = process.env.AGENTLS_E2E_FILE;
const artifacts = process.env.AGENTLS_E2E_ARTIFACTS;
const waitText = process.env.AGENTLS_E2E_WAIT_TEXT; // what the Problems panel (or the notification) must show
const afterLine = Number(process.env.AGENTLS_E2E_INSERT_LINE); // new line goes after this 1-based line
const insert = process.env.AGENTLS_E2E_INSERT_TEXT;
const timeout = Number(process.env.AGENTLS_E2E_TIMEOUT_MS || "60000");
const mode = process.env.AGENTLS_E2E_MODE || "scenario"; // or "not-found"
const completeTo = process.env.AGENTLS_E2E_COMPLETE_TO || ""; // typed after the restart
const goneText = process.env.AGENTLS_E2E_GONE_TEXT || ""; // a problem that text must clear
const closedFile = process.env.AGENTLS_E2E_CLOSED_FILE || ""; // a file never opened whose problems must show too

const result = { steps: [], problems: [], completion: [], notifications: [], screenshots: [] };
const step = (name) => result.steps.push(name);

async function shot(page, name) {
  const p = path.join(artifacts, name);
  await page.screenshot({ path: p });
  result.screenshots.push(p);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.AGENTLS_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(timeout);
  try {
    await page.goto(url);
    await page.waitForSelector(".monaco-workbench .part.editor");
    await page.waitForSelector(".explorer-folders-view .monaco-list-row");
    step("workbench loaded");

    // Open the agent file from the quick open box, as a person would.
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } }).catch(() => undefined);
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible" });
    await input.fill(path.basename(file));
    await page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(file) }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(`.tab[data-resource-name="${path.basename(file)}"], .tab:has-text("${path.basename(file)}")`).first().waitFor();
    await page.waitForSelector(".monaco-editor .view-lines");
    step("file opened");

    if (mode === "not-found") {
      // No server: the extension must say so in a notification, with what to do.
      const toast = page.locator(".notifications-toasts .notification-toast", { hasText: waitText }).first();
      await toast.waitFor();
      step("notification shown");
      result.notifications = [await toast.innerText()];
      // Activation must not wait for the user to answer the notification.
      await page.locator(".statusbar", { hasText: "Activating Extensions" }).waitFor({ state: "detached" }).catch(() => undefined);
      result.activating = await page.locator(".statusbar-item", { hasText: "Activating Extensions" }).count();
      await shot(page, "code-server-not-found.png");
      return;
    }
    // The Problems panel (Ctrl+Shift+M) fills in once the server has checked the file.
    await page.keyboard.press("Control+Shift+M");
    await page.waitForSelector(".markers-panel");
    await page.locator(".markers-panel .monaco-list-row", { hasText: waitText }).first().waitFor();
    step("problems shown");
    const rows = page.locator(".markers-panel .monaco-list-row");
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      result.problems.push({ label: await rows.nth(i).getAttribute("aria-label"), text: await rows.nth(i).innerText() });
    }
    await shot(page, "code-server-problems.png");
    if (closedFile) {
      // A file never opened, checked in the background: the panel's filter shows its problems
      // (the list draws only the rows in view).
      const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
      await filter.fill(closedFile);
      const shown = page.locator(".markers-panel .monaco-list-row");
      await page.waitForFunction(
        (name) => {
          const rows = [...document.querySelectorAll(".markers-panel .monaco-list-row")].map((r) => r.innerText);
          return rows.length > 1 && rows[0].includes(name) && rows.every((t) => !t.includes("backend-planner"));
        },
        closedFile,
        { timeout },
      );
      const k = await shown.count();
      result.closed = [];
      for (let i = 0; i < k; i++) result.closed.push({ text: await shown.nth(i).innerText() });
      step("closed file's problems shown");
      await shot(page, "code-server-closed-file.png");
      await filter.fill("");
    }

    // Completion: a new `tools` item after line `afterLine` (settings turn auto-indent off, so the
    // new line holds exactly what is typed).
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await input.waitFor({ state: "visible" });
    await input.fill(":" + String(afterLine));
    await page.locator(".quick-input-widget", { hasText: `line ${afterLine}` }).first().waitFor();
    await page.keyboard.press("Enter");
    await input.waitFor({ state: "hidden" });
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(insert);
    await page.locator(".monaco-editor .view-line", { hasText: insert.trim() }).first().waitFor();
    await page.keyboard.press("Control+Space");
    const suggest = page.locator(".editor-widget.suggest-widget.visible .monaco-list-row");
    await suggest.first().waitFor();
    step("suggestions shown");
    const m = await suggest.count();
    for (let i = 0; i < m; i++) {
      result.completion.push(await suggest.nth(i).getAttribute("aria-label"));
    }
    await shot(page, "code-server-completion.png");

    // agentls: Restart Server, from the command palette; the problems come back.
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    await input.waitFor({ state: "visible" });
    await input.fill(">agentls: Restart Server");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Restart Server" }).first().waitFor();
    await page.keyboard.press("Enter");
    await input.waitFor({ state: "hidden" });
    // Only a running server can take this edit into account: `Re` becomes `Read`, so the
    // entries resolve and "no entry of tools resolves" must go away.
    await page.keyboard.type(completeTo);
    await page.keyboard.press("Escape");
    await page.locator(".markers-panel .monaco-list-row", { hasText: goneText }).first().waitFor({ state: "detached" });
    await page.locator(".markers-panel .monaco-list-row", { hasText: waitText }).first().waitFor();
    step("restarted");
    await shot(page, "code-server-restarted.png");
  } catch (err) {
    result.error = String(err && err.stack ? err.stack : err);
    await shot(page, "code-server-failure.png").catch(() => undefined);
  } finally {
    await browser.close();
  }
}

main().then(
  () => {
    process.stdout.write(JSON.stringify(result));
    process.exit(result.error ? 1 : 0);
  },
  (err) => {
    result.error = String(err);
    process.stdout.write(JSON.stringify(result));
    process.exit(1);
  },
);
