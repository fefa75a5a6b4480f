// The browser engines besides Chromium, over WebDriver (selenium-webdriver): WebKit (the engine of
// Safari and of every browser on iOS) as WebKitGTK's MiniBrowser under Xvfb, driven by
// WebKitWebDriver; Firefox ESR headless, driven by geckodriver. Each driver is started here on a
// free port and stopped afterwards, so nothing is downloaded and nothing is left running.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import net from "node:net";
import { Builder } from "selenium-webdriver";

const MINIBROWSER = [
  "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  "/usr/libexec/webkit2gtk-4.1/MiniBrowser",
];

/** The engines, by the name the tests print. */
export const ENGINES = {
  webkit: {
    driver: process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver",
    needsDisplay: true,
    capabilities() {
      const binary = process.env.MINIBROWSER ?? MINIBROWSER.find((p) => existsSync(p));
      return {
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary, args: ["--automation"] },
      };
    },
  },
  firefox: {
    driver: process.env.GECKODRIVER ?? `${process.env.HOME}/.cargo/bin/geckodriver`,
    needsDisplay: false,
    capabilities() {
      return {
        browserName: "firefox",
        "moz:firefoxOptions": {
          binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
          args: ["-headless"],
          // No calls home from a machine whose network is closed.
          prefs: {
            "app.update.enabled": false,
            "browser.shell.checkDefaultBrowser": false,
            "datareporting.policy.dataSubmissionEnabled": false,
            "toolkit.telemetry.enabled": false,
            "network.captive-portal-service.enabled": false,
            "browser.safebrowsing.malware.enabled": false,
            "browser.safebrowsing.phishing.enabled": false,
          },
        },
      };
    },
  },
};

/** A TCP port nothing listens on now. */
export async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

/** Starts a virtual X display (for WebKitGTK); resolves to { display, stop }. */
async function startXvfb() {
  const child = spawn("Xvfb", ["-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const display = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("Xvfb did not start within 10 s")), 10_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`Xvfb exited early (${code})`)));
    child.stdout.on("data", (d) => {
      clearTimeout(timer);
      resolve(`:${String(d).trim()}`);
    });
  });
  return { display, stop: () => stop(child) };
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

/** Waits until the driver at `url` answers `/status`. */
async function ready(url, child) {
  const end = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/status`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) throw new Error(`${child.spawnfile} did not answer within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the engine `name` with its driver; resolves to { driver, pid, stop } where `driver` is
 * a selenium WebDriver session and `pid` the driver's process (the browser's processes are its
 * descendants).
 */
export async function startEngine(name) {
  const engine = ENGINES[name];
  const env = { ...process.env };
  const stops = [];
  try {
    if (engine.needsDisplay) {
      const x = await startXvfb();
      stops.push(x.stop);
      env.DISPLAY = x.display;
    }
    const port = await freePort();
    const child = spawn(engine.driver, [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"], env });
    child.stderr.on("data", (d) => {
      if (process.env.DRIVER_LOG) process.stderr.write(d);
    });
    stops.unshift(() => stop(child));
    const url = `http://127.0.0.1:${port}`;
    await ready(url, child);
    const driver = await new Builder().usingServer(url).withCapabilities(engine.capabilities()).build();
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
    stops.unshift(() => driver.quit().catch(() => {}));
    return { driver, pid: child.pid, stop: () => stopAll(stops) };
  } catch (e) {
    await stopAll(stops);
    throw e;
  }
}

async function stopAll(stops) {
  for (const s of stops) await s();
}
