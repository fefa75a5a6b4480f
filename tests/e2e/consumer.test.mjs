// The npm package as integrators meet it: `npm pack` of target/dist installed into fresh Vite
// (vanilla), Vite + React 19 and Next.js (app router, server-rendered) apps (tests/consumer/) in
// a temporary folder, built, served, and used in Chromium: the widget renders, files a dispute,
// and its events reach the host page. Imported in plain Node (server-side rendering), it does
// nothing and throws nothing. And without a bundler: the tarball unpacked into a static folder
// served from another origin than the API, as a credit union's page is from Casap's.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
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

/** Copies app `name` next to the packed tarball and installs it; returns its folder. */
function install(name) {
  const app = path.join(work, name);
  cpSync(path.join(ROOT, "tests/consumer", name), app, { recursive: true });
  npm(["install"], app);
  return app;
}

/** Installs and builds Vite app `name`; returns its dist. */
function build(name) {
  const app = install(name);
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

test("in Node (server-side rendering) the package imports, and defineDisputeIntake() and preload() resolve doing nothing", () => {
  const unpacked = path.join(work, "node-import");
  mkdirSync(unpacked);
  execFileSync("tar", ["xzf", path.join(work, "dispute-intake.tgz"), "-C", unpacked]);
  const entry = path.join(unpacked, "package", "index.js");
  const script = `
    const m = await import(${JSON.stringify(entry)});
    const out = { define: await m.defineDisputeIntake(), preload: await m.preload() };
    try { await m.mount({}, {}); } catch (e) { out.mount = e.message; }
    console.log(JSON.stringify(out));`;
  const printed = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const out = JSON.parse(printed);
  assert.deepEqual(Object.keys(out), ["mount"], "define and preload resolve to undefined");
  assert.match(out.mount, /runs in a browser/);
});

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test("a Next.js app (app router) renders the element on the server, hydrates it, and files a dispute", async () => {
  const app = install("next");
  const next = path.join(app, "node_modules/next/dist/bin/next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync(process.execPath, [next, "build"], { cwd: app, env, stdio: "pipe" });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: app, env, stdio: "ignore" });
  try {
    for (let i = 0; ; i++) {
      const up = await fetch(origin).then(() => true, () => false);
      if (up) break;
      if (i > 300) throw new Error("next start did not answer in 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
      const page = `${origin}/?api=${encodeURIComponent(sandbox.url)}`;
      // The server's HTML already holds the element (and the client has not run).
      const html = await (await fetch(page)).text();
      assert.match(html, /<dispute-intake[^>]*locale="en"/);
      assert.match(html, /Server HTML/);
      await p.page.goto(page);
      await p.page.getByText("Hydrated").waitFor();
      const shortId = await fileThrough(p.page);
      await p.page.getByText(`Filed ${shortId}`).waitFor();
      // A hydration mismatch, or a package touching the DOM on the server, would be an error here.
      assert.deepEqual(p.consoleErrors, []);
    }, { sandboxArgs: ["--origin", origin] });
  } finally {
    server.kill();
  }
});
