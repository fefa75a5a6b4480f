// The widget against Stoplight Prism serving a mock of Casap's published OpenAPI
// (crates/sandbox/tests/data/casap-openapi.json): a server no one here wrote, which enforces the
// spec's security (Authorization and x-user-uuid) and validates every request the widget sends.
// Static (the spec's examples) and dynamic (-d: random values of each schema, int64 fields as
// any string) mocks. The demo page (served by a sandbox, which also mints the provider token)
// points the widget at Prism.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, pngFile } from "./widget.mjs";
import { freePort } from "../engines/drivers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SPEC = path.join(ROOT, "crates/sandbox/tests/data/casap-openapi.json");
const USER_UUID = "6f1c2a4e-0000-4000-8000-000000000001";

let browser;
let sandbox;

before(async () => {
  browser = await launchBrowser();
  sandbox = await startSandbox();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Starts `prism mock` on a free port; resolves to { url, requests, stop }. */
async function startPrism(dynamic) {
  const port = await freePort();
  const args = ["mock", "-h", "127.0.0.1", "-p", String(port), ...(dynamic ? ["-d"] : []), SPEC];
  const child = spawn(path.join(ROOT, "node_modules/.bin/prism"), args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start within 30 s:\n${log}`)), 30_000);
    child.once("exit", (code) => reject(new Error(`prism exited early (${code}):\n${log}`)));
    const read = (d) => {
      log += d;
      if (log.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
  });
  await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

for (const dynamic of [false, true]) {
  const kind = dynamic ? "dynamic" : "static";
  test(`Prism (${kind} mock): the widget reaches ready, shows My disputes, files with a document, and fires no error`, async () => {
    const prism = await startPrism(dynamic);
    const pages = [];
    try {
      // Without userUuid the spec's security refuses every call: the member is told sign-in failed.
      const refused = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent(prism.url)}`);
      pages.push(refused);
      assert.equal((await refused.event("error")).code, "unauthenticated");
      await refused.close();
      // From here on, every request the widget sends must pass Prism's validation.
      const mark = prism.log().length;

      const query = `api=${encodeURIComponent(prism.url)}&userUuid=${USER_UUID}`;
      const status = await openPage(browser, `${sandbox.url}/?${query}&view=status`);
      pages.push(status);
      await status.event("ready");
      const s = new Widget(status.page, "en");
      await s.heading("My disputes").waitFor();
      // Whatever the mock lists is shown as disputes (or none), never as an error.
      await s.root.locator("li.di-dispute, .di-status p[role=status]").first().waitFor();
      assert.equal(await s.root.locator(".di-alert").count(), 0);

      const p = await openPage(browser, `${sandbox.url}/?${query}`);
      pages.push(p);
      const w = new Widget(p.page, "en");
      await w.fileWith(pngFile());
      const submitted = await p.event("submitted");
      assert.equal(submitted.filesUploaded, 1, JSON.stringify(submitted));
      for (const page of [status, p]) {
        assert.deepEqual((await page.events()).filter((e) => e.type === "error"), [], prism.log().slice(-3000));
      }
      const after = prism.log().slice(mark);
      assert.match(after, /post \/v1\/disputes\/[^/ ]+\/files/i, after.slice(-2000));
      assert.doesNotMatch(after, /did not pass the validation rules|✖  error/, after.slice(-3000));
    } finally {
      for (const page of pages) await page.close();
      await prism.stop();
    }
  });
}
