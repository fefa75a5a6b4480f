// Shared harness of the end-to-end tests: starts the sandbox in demo mode on a free port with
// an in-memory database, launches Debian's Chromium through playwright-core, and records what a
// page logs, throws and emits.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Starts `dispute-sandbox --demo` on 127.0.0.1:0; resolves to { url, stop }. */
export async function startSandbox(extraArgs = []) {
  const bin = process.env.SANDBOX_BIN ?? path.join(ROOT, "target/debug/dispute-sandbox");
  const child = spawn(
    bin,
    [
      "--addr", "127.0.0.1:0",
      "--db", ":memory:",
      "--demo",
      "--www", path.join(ROOT, "www"),
      "--dist", path.join(ROOT, "target/dist"),
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "warn" } },
  );
  child.stderr.on("data", (d) => process.stderr.write(d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sandbox did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`sandbox exited early (${code})`)));
    lines.on("line", (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Opens `url` in a fresh context (with Playwright's `contextOptions`, e.g. a phone) and records console errors, page errors and the widget's
 * events (captured on the document: they bubble and are composed).
 */
export async function openPage(browser, url, contextOptions = {}, { initScript } = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__widgetEvents = [];
    for (const type of ["ready", "error", "stepchange", "submitted", "exit", "sessionexpiring"]) {
      document.addEventListener(type, (e) => {
        // The widget's events are CustomEvents, from <dispute-intake> or a mount() element.
        if (e instanceof CustomEvent) {
          window.__widgetEvents.push({ type, detail: e.detail });
        }
      });
    }
  });
  await page.goto(url);
  return {
    page,
    consoleErrors,
    /** Waits (up to `timeout` ms) for the first widget event of `type` and returns its detail. */
    async event(type, timeout = 15_000) {
      const handle = await page.waitForFunction(
        (t) => window.__widgetEvents.find((e) => e.type === t),
        type,
        { timeout },
      );
      return (await handle.jsonValue()).detail;
    },
    events: () => page.evaluate(() => window.__widgetEvents),
    close: () => context.close(),
  };
}

/**
 * Runs `body({ sandbox, p })` with a fresh sandbox (`sandboxArgs`) and `path` open on it in a
 * fresh context; both are closed afterwards, whatever happens.
 */
export async function withSandboxPage(browser, path, body, { sandboxArgs = [], contextOptions = {}, initScript } = {}) {
  const sandbox = await startSandbox(sandboxArgs);
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}${path}`, contextOptions, { initScript });
    return await body({ sandbox, p });
  } finally {
    await p?.close();
    await sandbox.stop();
  }
}

/** Sets the sandbox's fault injection (`faults.rs`), e.g. `{ upload: { error503: 0.3 } }`. */
export async function setFaults(sandboxUrl, faults) {
  const r = await fetch(`${sandboxUrl}/sandbox/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
  if (r.status !== 200) throw new Error(`PUT /sandbox/faults: ${r.status} ${await r.text()}`);
}
