// Upload benchmark in WebKit and Firefox (run by `cargo xtask bench`), the figures of
// bench/uploads.mjs in the engines without Chromium's DevTools protocol: time from the row's
// first "sending" to "done" for one 1, 10 and 25 MB file, beside the same plain-JavaScript
// baseline (FileReader + btoa + JSON.stringify + fetch) in the same engine and run.
//
// Memory: those engines expose no heap figures to a page or to WebDriver, so the resident memory
// (RSS, from /proc) of every process of a fresh browser (the driver's descendants: UI, web content,
// network) is summed every 20 ms while the upload runs; the peak above the level just before
// it is reported. Coarser than Chromium's heap figures (the engine's own caches count), but the
// same measure for the widget and the baseline. Prints a table and writes
// target/bench/engines.json. Figures, not a test.

import { mkdirSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../tests/e2e/harness.mjs";
import { createDispute, pdfBytes } from "../tests/e2e/widget.mjs";
import { startEngine } from "../tests/engines/drivers.mjs";
import { Member, sleep } from "../tests/engines/member.mjs";
import { addFileInput, plainUpload } from "./baseline.mjs";
import { descendants, sampler } from "./memory.mjs";
import { median } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SIZES = [1_000_000, 10_000_000, 25_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MAX = 26_214_400;
const ENGINE_NAMES = (process.env.BENCH_ENGINES ?? "webkit,firefox").split(",");

async function widgetRun(engine, url, file) {
  const { driver } = engine;
  await driver.get(`${url}/?maxFileBytes=${MAX}`);
  const m = new Member(driver);
  await m.toDocuments();
  await m.attach([file]);
  await m.waitForText(/bench-\d+\.pdf/);
  await m.click("button", "Continue");
  await m.sign();
  await driver.executeScript(() => {
    const root = document.querySelector("dispute-intake").shadowRoot;
    window.__times = {};
    new MutationObserver(() => {
      const row = root.querySelector("li.di-upload");
      const s = row?.dataset.state;
      if (s && !(s in window.__times)) window.__times[s] = performance.now();
    }).observe(root, { subtree: true, attributes: true, childList: true });
  });
  const stop = sampler(() => descendants(engine.pid));
  await m.click("button", "Submit dispute");
  const end = Date.now() + 180_000;
  let times;
  for (;;) {
    times = await driver.executeScript("return window.__times");
    if (times.done || times.failed) break;
    if (Date.now() > end) throw new Error("the upload did not finish within 180 s");
    await sleep(50);
  }
  const peak = await stop();
  if (!times.done) throw new Error(`the upload failed: ${await m.text()}`);
  return { ms: times.done - times.sending, peak };
}

async function baselineRun(engine, url, file) {
  const { session, uuid } = await createDispute(url);
  const { driver } = engine;
  await driver.get(`${url}/plain.html`);
  await driver.executeScript(addFileInput);
  await (await driver.findElement({ css: "#bench-file" })).sendKeys(file);
  const stop = sampler(() => descendants(engine.pid));
  const ms = await driver.executeAsyncScript(
    `const [arg, done] = arguments; (${plainUpload})(arg).then(done, () => done(-1));`,
    { session, uuid },
  );
  const peak = await stop();
  if (ms < 0) throw new Error("the plain-JS upload failed");
  return { ms, peak };
}

/**
 * Each run gets its own sandbox (a filed transaction cannot be filed again) and its own browser:
 * resident memory only shows growth past what the process already holds, so a browser that ran
 * an upload before would hide the next one's.
 */
async function fresh(run, name, file) {
  const sandbox = await startSandbox(["--max-file-bytes", String(MAX)]);
  try {
    const engine = await startEngine(name);
    try {
      return await run(engine, sandbox.url, file);
    } finally {
      await engine.stop();
    }
  } finally {
    await sandbox.stop();
  }
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const dir = mkdtempSync(path.join(tmpdir(), "di-bench-"));
const results = [];
try {
  const files = SIZES.map((size) => {
    const file = path.join(dir, `bench-${size}.pdf`);
    writeFileSync(file, pdfBytes(size));
    return [size, file];
  });
  for (const name of ENGINE_NAMES) {
    for (const [size, file] of files) {
      for (const [who, run] of [["widget", widgetRun], ["plain JS", baselineRun]]) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await fresh(run, name, file));
        const ms = median(runs.map((r) => r.ms));
        results.push({
          engine: name,
          who,
          sizeBytes: size,
          medianMs: Math.round(ms),
          throughputMBps: Number((size / 1e6 / (ms / 1000)).toFixed(1)),
          peakRssBytes: Math.max(...runs.map((r) => r.peak)),
          runs: runs.length,
        });
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nUpload of one file in WebKit and Firefox, median of ${RUNS} runs (WebDriver, sandbox on loopback)`);
console.log("engine   size     who        time ms   MB/s   peak RSS growth MB (all browser processes)");
for (const r of results) {
  console.log(
    `${r.engine.padEnd(8)} ${mb(r.sizeBytes).padStart(5)} MB ${r.who.padEnd(9)} ${String(r.medianMs).padStart(8)} ` +
      `${String(r.throughputMBps).padStart(6)}   ${mb(r.peakRssBytes).padStart(6)}`,
  );
}
const out = path.join(ROOT, "target/bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "engines.json"), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
console.log(`\nwritten: ${path.join(out, "engines.json")}`);
