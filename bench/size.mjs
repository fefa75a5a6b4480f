// Size benchmark (run by `cargo xtask bench`): the bytes a page loads to show the widget's first
// step and to finish the whole flow (wasm, JS, CSS), raw, gzip -9 and brotli (quality 11),
// beside JustiFi's dispute web component (`@justifi/webcomponents` from npm, its CDN build) in
// the same run.
//
// Ours: the files under /dist/ whose requests headless Chromium started before the first frame
// in which /plain.html's widget shows its first step usable (first screen: the parts are
// fetched after it), then every file requested while a dispute with a document is filed
// (whole flow), each file listed with its sizes.
// JustiFi: its CDN build (dist/webcomponents) served from a local folder; the first screen is
// what Chromium requests when a page mounts <justifi-dispute-management> (its API answered
// with a canned dispute so it renders); the whole flow adds every bundle of the components in
// the dispute-management dependency graph (its docs.json), with their static imports, as its
// lazy loader would fetch them while the flow is used. Sizes are of the files as stored,
// compressed here with node's zlib, so both sides are counted the same way.
// Also the floor: the smallest Yew app (bench/yew-floor) built the way the widget is.
// Prints a table and writes target/bench/size.json. Not a test.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "../tests/e2e/harness.mjs";
import { total } from "./compress.mjs";
import { JUSTIFI, answerJustifiApi, justifiBuild } from "./justifi.mjs";
import { serveStatic } from "./serve.mjs";
import { Widget, pngFile } from "../tests/e2e/widget.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "target/bench");
const DIST = path.join(ROOT, "target/dist");

/** Our files under /dist/ requested while `during(page)` runs. */
async function ours(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = new Set();
  page.on("request", (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith("/dist/")) seen.add(p.slice("/dist/".length));
  });
  await page.goto(`${url}/plain.html`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  const first = await page.evaluate(async () => {
    const options = await window.disputeIntake.demoOptions();
    const el = document.getElementById("widget");
    window.disputeIntake.mount(el, options);
    const usable = () => el.shadowRoot?.querySelector("h2") && el.shadowRoot.querySelector('input[type="checkbox"]:not([disabled])');
    while (!usable()) await new Promise((r) => requestAnimationFrame(r));
    const at = performance.now();
    return performance
      .getEntriesByType("resource")
      .filter((e) => e.startTime < at && new URL(e.name).pathname.startsWith("/dist/"))
      .map((e) => new URL(e.name).pathname.slice("/dist/".length))
      .sort();
  });
  const w = new Widget(page, "en");
  w.root = page.locator("#widget");
  await w.atStep(0);
  await w.fileWith([pngFile()]);
  const whole = [...seen].sort();
  await context.close();
  return { first, whole };
}

/** The page that mounts JustiFi's component, its build served under /justifi/. */
const JUSTIFI_PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="/justifi/webcomponents.esm.js"></script></head>
<body><justifi-dispute-management auth-token="bench-token" dispute-id="dp_bench"></justifi-dispute-management></body></html>`;

async function justifiFirstScreen(browser, dir) {
  const server = await serveStatic({ "/": JUSTIFI_PAGE }, { justifi: dir });
  const url = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await answerJustifiApi(page);
  const seen = new Set();
  let last = Date.now();
  page.on("request", (r) => {
    const p = new URL(r.url()).pathname;
    if (r.url().startsWith(url) && p.startsWith("/justifi/")) {
      seen.add(p.slice("/justifi/".length));
      last = Date.now();
    }
  });
  await page.goto(url);
  await page.waitForFunction(() => {
    const el = document.querySelector("justifi-dispute-management");
    return el?.shadowRoot?.childElementCount > 0 || el?.childElementCount > 0;
  });
  // Its lazy loader may fetch more as the first state settles: wait until quiet for a second.
  while (Date.now() - last < 1000) await new Promise((r) => setTimeout(r, 100));
  await context.close();
  server.close();
  return [...seen].sort();
}

/** Every bundle its loader would fetch for `tags`, with static imports, plus the loader's own. */
function justifiClosure(dir, tags) {
  const loader = readFileSync(path.join(dir, "webcomponents.esm.js"), "utf8");
  const bundleOf = new Map();
  const starts = [...loader.matchAll(/\["(p-[\w-]+)",\[\[/g)];
  starts.forEach((m, i) => {
    const segment = loader.slice(m.index, starts[i + 1]?.index ?? loader.length);
    for (const t of segment.matchAll(/\[\d+,"([a-z0-9-]+)"/g)) bundleOf.set(t[1], `${m[1]}.entry.js`);
  });
  const files = new Set();
  const visit = (file) => {
    if (files.has(file) || !existsSync(path.join(dir, file))) return;
    files.add(file);
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const m of source.matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)) visit(m[1]);
  };
  visit("webcomponents.esm.js");
  const missing = [];
  for (const tag of tags) {
    if (bundleOf.has(tag)) visit(bundleOf.get(tag));
    else missing.push(tag);
  }
  return { files: [...files].sort(), missing };
}

function disputeTags(pkg) {
  const docs = JSON.parse(readFileSync(path.join(pkg, "dist/docs.json"), "utf8"));
  const root = docs.components.find((c) => c.tag === "justifi-dispute-management");
  const tags = new Set([root.tag]);
  for (const [tag, deps] of Object.entries(root.dependencyGraph ?? {})) {
    tags.add(tag);
    for (const d of deps) tags.add(d);
  }
  return [...tags].sort();
}

/**
 * The smallest Yew app (bench/yew-floor: a counter), built like the widget: same lockfile
 * versions, release profile, wasm-bindgen, the wasm-opt flags of Cargo.toml, minified glue.
 */
function yewFloor() {
  const target = path.join(ROOT, "target/yew-floor");
  const out = path.join(target, "pkg");
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, CARGO_TARGET_DIR: target } });
  run("cargo", ["build", "--quiet", "--release", "--target", "wasm32-unknown-unknown", "--manifest-path", "bench/yew-floor/Cargo.toml"]);
  run("wasm-bindgen", ["--target", "web", "--out-dir", out, path.join(target, "wasm32-unknown-unknown/release/yew_floor.wasm")]);
  const flags = JSON.parse(readFileSync(path.join(ROOT, "Cargo.toml"), "utf8").match(/^wasm-opt = (\[.*\])$/m)[1]);
  const bin = path.join(ROOT, "node_modules/.bin");
  run(path.join(bin, "wasm-opt"), [...flags, path.join(out, "yew_floor_bg.wasm"), "-o", path.join(out, "yew_floor_bg.wasm")]);
  run(path.join(bin, "esbuild"), [path.join(out, "yew_floor.js"), "--minify", "--format=esm", "--allow-overwrite", `--outfile=${path.join(out, "yew_floor.js")}`, "--log-level=warning"]);
  return total(out, ["yew_floor_bg.wasm", "yew_floor.js"]);
}

const { pkg, build: jfDir } = justifiBuild();
const sandbox = await startSandbox([]);
const browser = await launchBrowser();
let ourFiles;
let jfFirst;
try {
  ourFiles = await ours(browser, sandbox.url);
  jfFirst = await justifiFirstScreen(browser, jfDir);
} finally {
  await browser.close();
  await sandbox.stop();
}
const tags = disputeTags(pkg);
const closure = justifiClosure(jfDir, tags);
const jfWhole = [...new Set([...jfFirst, ...closure.files])].sort();

const results = {
  yewFloor: yewFloor(),
  widget: {
    firstScreen: total(DIST, ourFiles.first),
    wholeFlow: total(DIST, ourFiles.whole),
    files: ourFiles.whole,
    perFile: Object.fromEntries(ourFiles.whole.map((f) => [f, { ...total(DIST, [f]), firstScreen: ourFiles.first.includes(f) }])),
  },
  justifi: {
    version: JUSTIFI,
    firstScreen: total(jfDir, jfFirst),
    wholeFlow: total(jfDir, jfWhole),
    tags,
    missingTags: closure.missing,
  },
};
const kb = (n) => (n / 1000).toFixed(1);
console.log("\nTransfer size (KB = 1000 bytes; gzip -9 and brotli q11 computed here for both)");
console.log("who                         files      raw KB    gzip KB   brotli KB");
for (const [who, label] of [["widget", "dispute-intake"], ["justifi", "JustiFi 6.14.3"]]) {
  for (const [part, name] of [["firstScreen", "first screen"], ["wholeFlow", "whole flow"]]) {
    const t = results[who][part];
    console.log(`${`${label}, ${name}`.padEnd(28)}${String(t.files).padStart(5)}${kb(t.raw).padStart(12)}${kb(t.gzip).padStart(11)}${kb(t.brotli).padStart(12)}`);
  }
}
console.log("\ndispute-intake, each file (* = on the first screen)");
for (const [f, t] of Object.entries(results.widget.perFile)) {
  console.log(`${`${t.firstScreen ? "* " : "  "}${f}`.padEnd(33)}${kb(t.raw).padStart(12)}${kb(t.gzip).padStart(11)}${kb(t.brotli).padStart(12)}`);
}
const y = results.yewFloor;
console.log(`${"Yew 0.23 counter (floor)".padEnd(28)}${String(y.files).padStart(5)}${kb(y.raw).padStart(12)}${kb(y.gzip).padStart(11)}${kb(y.brotli).padStart(12)}`);
const ratio = results.widget.wholeFlow.gzip / results.justifi.firstScreen.gzip;
console.log(`our whole flow / JustiFi's first screen (gzip): ${ratio.toFixed(2)} (target: below 1)`);
if (closure.missing.length) console.log(`JustiFi tags without a bundle (inlined elsewhere): ${closure.missing.join(", ")}`);
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, "size.json"), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
console.log(`written: ${path.join(OUT, "size.json")}`);
