// Upload benchmark (run by `cargo xtask bench`): throughput and peak memory of the widget's
// upload of one 1, 10 and 25 MB file, beside a plain-JavaScript baseline on the same page doing
// what naive code does (FileReader + btoa + JSON.stringify + fetch) to the same API.
//
// Memory is read from the browser through the DevTools protocol while the upload runs:
// Runtime.getHeapUsage's usedSize (JS objects, strings included) plus backingStorageSize
// (ArrayBuffers, the wasm memory among them), sampled every few milliseconds after a forced
// GC; the peak above the idle level is reported. The wasm memory's own size is read too (it
// only grows). Prints a table and writes target/bench/uploads.json. Figures, not a test.

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "../tests/e2e/harness.mjs";
import { Widget, createDispute, pdfBytes } from "../tests/e2e/widget.mjs";
import { addFileInput, plainUpload } from "./baseline.mjs";
import { median } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SIZES = [1_000_000, 10_000_000, 25_000_000];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MAX = 26_214_400;

function pdf(size) {
  return { name: `bench-${size}.pdf`, mimeType: "application/pdf", buffer: pdfBytes(size) };
}

/** Samples heap and backing stores until stopped; resolves to the peak over the idle level. */
async function sampler(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const read = async () => {
    const u = await cdp.send("Runtime.getHeapUsage");
    return { js: u.usedSize, buffers: u.backingStorageSize ?? 0 };
  };
  const idle = await read();
  let peak = { ...idle, sum: idle.js + idle.buffers };
  let running = true;
  const loop = (async () => {
    while (running) {
      const s = await read();
      if (s.js + s.buffers > peak.sum) peak = { ...s, sum: s.js + s.buffers };
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return { peak: peak.sum - (idle.js + idle.buffers), js: peak.js - idle.js, buffers: peak.buffers - idle.buffers };
  };
}

/** Captures the widget's WebAssembly.Memory when the module is instantiated (bench only). */
const CAPTURE_MEMORY = () => {
  const wrap = (name) => {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const result = await original.apply(WebAssembly, args);
      const exports = (result.instance ?? result).exports;
      if (exports?.memory) window.__wasmMemory = exports.memory;
      return result;
    };
  };
  wrap("instantiateStreaming");
  wrap("instantiate");
};

async function widgetRun(browser, url, file) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(CAPTURE_MEMORY);
  await page.goto(`${url}/?maxFileBytes=${MAX}`);
  const w = new Widget(page, "en");
  await w.toEvidence("en");
  await w.attach(file);
  await w.root.locator(".di-files li").first().waitFor();
  await w.continue();
  await w.atStep(4);
  await w.attestAndSign("Bench Mark");
  // Times from the row's first "sending" to its "done", seen by the page itself.
  await page.evaluate(() => {
    const root = document.querySelector("dispute-intake").shadowRoot;
    window.__times = {};
    new MutationObserver(() => {
      const row = root.querySelector("li.di-upload");
      const s = row?.dataset.state;
      if (s && !(s in window.__times)) window.__times[s] = performance.now();
    }).observe(root, { subtree: true, attributes: true, childList: true });
  });
  const wasmBefore = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  const cdp = await context.newCDPSession(page);
  const stop = await sampler(cdp);
  await w.submit();
  await w.root.locator("li.di-upload[data-state=done]").waitFor({ timeout: 120_000 });
  const memory = await stop();
  const times = await page.evaluate(() => window.__times);
  const wasmAfter = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  await context.close();
  return { ms: times.done - times.sending, ...memory, wasmGrowth: wasmAfter - wasmBefore, wasmTotal: wasmAfter };
}

async function baselineRun(browser, url, file) {
  const { session, uuid } = await createDispute(url);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/plain.html`);
  await page.evaluate(addFileInput);
  await page.locator("#bench-file").setInputFiles(file);
  const cdp = await context.newCDPSession(page);
  const stop = await sampler(cdp);
  const ms = await page.evaluate(plainUpload, { session, uuid });
  const memory = await stop();
  await context.close();
  return { ms, ...memory };
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);

/** Each run gets its own sandbox: a filed transaction cannot be filed again. */
async function inSandbox(run, browser, file) {
  const sandbox = await startSandbox(["--max-file-bytes", String(MAX)]);
  try {
    return await run(browser, sandbox.url, file);
  } finally {
    await sandbox.stop();
  }
}

const browser = await launchBrowser();
const results = [];
try {
  for (const size of SIZES) {
    const file = pdf(size);
    for (const [who, run] of [["widget", widgetRun], ["plain JS", baselineRun]]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await inSandbox(run, browser, file));
      const ms = median(runs.map((r) => r.ms));
      results.push({
        who,
        sizeBytes: size,
        sha256: createHash("sha256").update(file.buffer).digest("hex"),
        medianMs: Math.round(ms),
        throughputMBps: Number((size / 1e6 / (ms / 1000)).toFixed(1)),
        peakBytes: Math.max(...runs.map((r) => r.peak)),
        peakJsBytes: Math.max(...runs.map((r) => r.js)),
        peakBufferBytes: Math.max(...runs.map((r) => r.buffers)),
        ...(who === "widget" ? { wasmGrowthBytes: Math.max(...runs.map((r) => r.wasmGrowth)), wasmTotalBytes: Math.max(...runs.map((r) => r.wasmTotal)) } : {}),
        runs: runs.length,
      });
    }
  }
} finally {
  await browser.close();
}

console.log(`\nUpload of one file, median of ${RUNS} runs (headless Chromium, sandbox on loopback)`);
console.log("size     who        time ms   MB/s   peak MB (JS heap + buffers)   wasm growth MB");
for (const r of results) {
  console.log(
    `${mb(r.sizeBytes).padStart(5)} MB ${r.who.padEnd(9)} ${String(r.medianMs).padStart(8)} ${String(r.throughputMBps).padStart(6)}` +
      `   ${mb(r.peakBytes).padStart(6)} (${mb(r.peakJsBytes)} + ${mb(r.peakBufferBytes)})` +
      `${"".padStart(14)}${r.wasmGrowthBytes === undefined ? "-" : mb(r.wasmGrowthBytes)}`,
  );
}
const out = path.join(ROOT, "target/bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "uploads.json"), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
console.log(`\nwritten: ${path.join(out, "uploads.json")}`);
