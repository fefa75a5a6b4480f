// The npm package as integrators meet it: `npm pack` of target/dist installed into fresh Vite
// (vanilla) and Vite + React 19 apps (tests/consumer/) in a temporary folder, built, served by
// the sandbox, and used in Chromium: the widget renders, files a dispute, and its events reach
// the host page. And without a bundler: the tarball unpacked into a static folder served from
// another origin than the API, as a credit union's page is from Casap's.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, withSandboxPage } from "./harness.mjs";
import { Widget, pngFile, readBack } from "./widget.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let browser;
let work;

function npm(args, cwd) {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
}

/** Copies app `name` next to the packed tarball, installs and builds it; returns its dist. */
function build(name) {
  const app = path.join(work, name);
  cpSync(path.join(ROOT, "tests/consumer", name), app, { recursive: true });
  npm(["install"], app);
  execFileSync(process.execPath, [path.join(app, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "error"], { cwd: app });
  return path.join(app, "dist");
}

before(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(path.join(os.tmpdir(), "dispute-intake-consumer-"));
  npm(["pack", "--pack-destination", work], path.join(ROOT, "target/dist"));
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  renameSync(path.join(work, tarball), path.join(work, "dispute-intake.tgz"));
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function fileThrough(browserPage) {
  const w = new Widget(browserPage, "en");
  const shortId = await w.fileWith(pngFile());
  assert.match(shortId, /^CSP-\d+$/);
  return shortId;
}

test("a Vite app installs the packed package, builds, and files a dispute", async () => {
  const dist = build("vanilla");
  assert.ok(readdirSync(path.join(dist, "assets")).some((f) => f.endsWith(".wasm")), "the wasm is an asset of the build");
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    const shortId = await fileThrough(p.page);
    await p.page.locator("#log li", { hasText: `submitted {"uuid"` }).waitFor();
    assert.match(await p.page.locator("#log").textContent(), new RegExp(`"shortId":"${shortId}"`));
    const [filed] = await readBack(sandbox.url);
    assert.equal(filed.files[0].sha256, pngFile().sha256);
    assert.deepEqual(p.consoleErrors, []);
  }, { sandboxArgs: ["--www", dist] });
});

test("a Vite + React 19 app uses the element with options and events as props", async () => {
  const dist = build("react");
  await withSandboxPage(browser, "/", async ({ p }) => {
    await p.page.getByRole("heading", { name: "Credit union (React · transactions)" }).waitFor();
    const shortId = await fileThrough(p.page);
    await p.page.getByText(`Filed ${shortId} with 1 documents`).waitFor();
    assert.deepEqual(p.consoleErrors, []);
  }, { sandboxArgs: ["--www", dist] });
});

/** A plain static file server for `dir` on a free port (what a bank's web server would be). */
async function serveStatic(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const file = path.join(dir, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

test("without a bundler: the unpacked package in a static folder, the API on another origin", async () => {
  const site = path.join(work, "static");
  mkdirSync(site);
  cpSync(path.join(ROOT, "tests/consumer/static/index.html"), path.join(site, "index.html"));
  execFileSync("tar", ["xzf", path.join(work, "dispute-intake.tgz"), "-C", site]);
  renameSync(path.join(site, "package"), path.join(site, "dispute-intake"));
  const server = await serveStatic(site);
  try {
    await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
      const apiCalls = [];
      p.page.on("request", (r) => r.url().includes("/v1/") && apiCalls.push(new URL(r.url()).origin));
      await p.page.goto(`${server.origin}/?api=${encodeURIComponent(sandbox.url)}`);
      const shortId = await fileThrough(p.page);
      await p.page.getByText(`Filed ${shortId}`).waitFor();
      assert.ok(apiCalls.length > 0 && apiCalls.every((o) => o === sandbox.url), "every API call went to the API origin");
      assert.notEqual(server.origin, sandbox.url);
      assert.deepEqual(p.consoleErrors, []);
    }, { sandboxArgs: ["--origin", server.origin] });
  } finally {
    await server.close();
  }
});
