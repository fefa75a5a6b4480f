// Photos from a phone (issue 32), run by `cargo xtask bench`. Figures, not a test.
//
// 1. The choice of long side and JPEG quality: three photographed receipts (12 MP, as
//    tests/e2e/legibility.test.mjs makes them) reduced by the package's own photo.js in Chromium
//    at each long side and quality; mean bytes and tesseract's word accuracy beside the
//    originals'.
// 2. Time from choosing photos to "all sent" on the phone profile's uplink, in Chromium, WebKit
//    and Firefox, with reduction (the default) and without (`files.reducePhotos: false`), for one
//    and for three 12 MP camera photos of about 4 MB. Every engine goes through the same
//    throttling proxy in front of the sandbox: DevTools' "Slow 4G" (562.5 ms round trip, 675 kbit/s
//    up shared by all requests, 1.47 Mbit/s down). Chromium's CPU is also slowed 4x (DevTools
//    protocol); WebKit's and Firefox's drivers cannot slow theirs. The clock runs from the files
//    given to the picker to the widget's "N of N documents received", the member's clicks
//    (Continue, sign, Submit) made at once. Peak memory: resident memory of the browser's
//    processes (all of them, summed from /proc every 20 ms) above the level before the photos.
//
// 3. A 48 MP photo (8000×6000, 16 MB: over the default 10 MB limit, so it could not be attached
//    before at all) reduced and sent in each engine, the same way: time and peak memory.
//
// Prints tables and writes target/bench/photos.json. BENCH_ENGINES (chromium,webkit,firefox)
// picks engines, BENCH_PHOTO_PARTS (choice,upload,big) the parts; BENCH_PHOTO_ORIGINALS=0
// skips the slow runs without reduction.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "../tests/e2e/harness.mjs";
import { Widget } from "../tests/e2e/widget.mjs";
import { ocrAccuracy, withExif, withPainter } from "../tests/fixtures/photos.mjs";
import { startEngine } from "../tests/engines/drivers.mjs";
import { Member, sleep } from "../tests/engines/member.mjs";
import { descendants, sampler } from "./memory.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ENGINES = (process.env.BENCH_ENGINES ?? "chromium,webkit,firefox").split(",");
const ORIGINALS = process.env.BENCH_PHOTO_ORIGINALS !== "0";
const PARTS = (process.env.BENCH_PHOTO_PARTS ?? "choice,upload,big").split(",");
const PHONE = { rttMs: 562.5, upBytesPerS: 675e3 / 8, downBytesPerS: 1.47e6 / 8 };
const SIDES = [1200, 1600, 2000, 2400];
const QUALITIES = [0.6, 0.7, 0.8, 0.9];

const dir = mkdtempSync(path.join(tmpdir(), "di-bench-photos-"));
const mb = (b) => (b / 1e6).toFixed(2);

/**
 * An HTTP proxy to `target` with a phone's network: each request and each answer waits half
 * the round trip; request bodies share one uplink and answers one downlink, paced in 16 KB
 * slices.
 */
async function phoneProxy(target) {
  const t = new URL(target);
  const links = { up: 0, down: 0 };
  const pace = async (link, bytes, rate) => {
    const now = performance.now();
    links[link] = Math.max(links[link], now) + (bytes / rate) * 1000;
    await sleep(links[link] - now);
  };
  async function* sliced(stream, link, rate) {
    for await (const chunk of stream) {
      for (let i = 0; i < chunk.length; i += 16_384) {
        const part = chunk.subarray(i, i + 16_384);
        await pace(link, part.length, rate);
        yield part;
      }
    }
  }
  const server = http.createServer(async (req, res) => {
    await sleep(PHONE.rttMs / 2);
    const body = [];
    for await (const part of sliced(req, "up", PHONE.upBytesPerS)) body.push(part);
    const out = http.request(
      { host: t.hostname, port: t.port, path: req.url, method: req.method, headers: { ...req.headers, host: t.host } },
      async (answer) => {
        await sleep(PHONE.rttMs / 2);
        res.writeHead(answer.statusCode, answer.headers);
        for await (const part of sliced(answer, "down", PHONE.downBytesPerS)) res.write(part);
        res.end();
      },
    );
    out.on("error", () => res.destroy());
    out.end(Buffer.concat(body));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Part 1: each long side and quality on the receipts, by the package's own photo.js. */
async function choice(sandboxUrl, receipts) {
  const browser = await launchBrowser();
  const rows = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${sandboxUrl}/calm.html`);
    const original = receipts.reduce((s, r) => s + ocrAccuracy(r.file), 0) / receipts.length;
    const originalBytes = receipts.reduce((s, r) => s + r.bytes.length, 0) / receipts.length;
    rows.push({ side: "original", quality: "", bytes: originalBytes, accuracy: original });
    for (const side of SIDES) {
      for (const quality of QUALITIES) {
        let bytes = 0;
        let acc = 0;
        for (const r of receipts) {
          const out = await page.evaluate(
            async ([b64, side, quality]) => {
              const { reduce } = await import("/dist/photo.js");
              const u = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
              const blob = await reduce(new Blob([u], { type: "image/jpeg" }), side, quality, undefined, 1, 3000, 4000);
              const a = new Uint8Array(await blob.arrayBuffer());
              let s = "";
              for (let i = 0; i < a.length; i += 0x8000) s += String.fromCharCode(...a.subarray(i, i + 0x8000));
              return btoa(s);
            },
            [r.bytes.toString("base64"), side, quality],
          );
          const file = path.join(dir, `choice-${side}-${quality}.jpg`);
          const data = Buffer.from(out, "base64");
          writeFileSync(file, data);
          bytes += data.length / receipts.length;
          acc += ocrAccuracy(file) / receipts.length;
        }
        rows.push({ side, quality, bytes, accuracy: acc });
      }
    }
  } finally {
    await browser.close();
  }
  console.log("\nphotos: long side and JPEG quality, three 12 MP receipts (mean), tesseract word accuracy");
  console.log("long side  quality     bytes  accuracy");
  for (const r of rows) {
    console.log(`${String(r.side).padEnd(9)} ${String(r.quality).padStart(8)} ${String(Math.round(r.bytes)).padStart(9)} ${r.accuracy.toFixed(1).padStart(8)} %`);
  }
  return rows;
}

/** One filing with `files` in Chromium through `base`; { ms, prepMs, peakBytes }. */
async function chromiumRun(base, query, files) {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/${query}`);
    const w = new Widget(page);
    await w.toEvidence();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const stop = sampler(() => descendants(process.pid).filter((p) => !excluded.has(p)));
    const t0 = performance.now();
    await w.attach(files);
    await w.root.locator(".di-files li").nth(files.length - 1).waitFor({ timeout: 120_000 });
    const prepMs = performance.now() - t0;
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    await w.root.getByText(`${files.length} of ${files.length} documents received`).waitFor({ timeout: 900_000 });
    const ms = performance.now() - t0;
    return { ms, prepMs, peakBytes: await stop() };
  } finally {
    await browser.close();
  }
}

/** The same filing in WebKit or Firefox over WebDriver. */
async function driverRun(name, base, query, files) {
  const engine = await startEngine(name);
  try {
    const { driver } = engine;
    await driver.get(`${base}/${query}`);
    const m = new Member(driver, 120_000);
    await m.toDocuments();
    const stop = sampler(() => descendants(engine.pid));
    const t0 = performance.now();
    await m.attach(files);
    const last = path.basename(files.at(-1));
    await m.waitForText(new RegExp(`${last.replace(".", "\\.")}`), 120_000);
    const prepMs = performance.now() - t0;
    await m.click("button", "Continue");
    await m.signAndSubmit();
    await m.waitForText(new RegExp(`${files.length} of ${files.length} documents received`), 900_000);
    const ms = performance.now() - t0;
    return { ms, prepMs, peakBytes: await stop() };
  } finally {
    await engine.stop();
  }
}

const excluded = new Set();

const sandbox = await startSandbox();
const results = { phone: PHONE, choice: [], upload: [], big: [] };

/** One filing through a fresh sandbox (the same transactions are disputed in every run) behind
 * the phone proxy. */
async function filing(engine, query, files) {
  const own = await startSandbox();
  for (const pid of descendants(process.pid)) excluded.add(pid);
  const proxy = await phoneProxy(own.url);
  try {
    return engine === "chromium" ? await chromiumRun(proxy.url, query, files) : await driverRun(engine, proxy.url, query, files);
  } finally {
    await proxy.close();
    await own.stop();
  }
}
try {
  // The sandbox is a child of this process too: its memory is not the browser's.
  for (const pid of descendants(process.pid)) excluded.add(pid);
  const receipts = [];
  const photos = [];
  await withPainter(async (p) => {
    for (const [i, shot] of [
      { angle: -3, noise: 12, paper: 0.5 },
      { angle: 2, noise: 20, paper: 0.42 },
      { angle: 5, noise: 16, paper: 0.36 },
    ].entries()) {
      const bytes = await p.photo({ w: 3000, h: 4000, ...shot });
      const file = path.join(dir, `receipt-${i}.jpg`);
      writeFileSync(file, bytes);
      receipts.push({ file, bytes });
      const camera = withExif(await p.photo({ w: 3000, h: 4000, sideways: true, noise: 14 + i, angle: shot.angle }), 6);
      const cameraFile = path.join(dir, `camera-${i + 1}.jpg`);
      writeFileSync(cameraFile, camera);
      photos.push({ file: cameraFile, bytes: camera.length });
    }
    if (PARTS.includes("big")) {
      const big = await p.photo({ w: 8000, h: 6000, noise: 14 });
      const file = path.join(dir, "photo-48mp.jpg");
      writeFileSync(file, big);
      photos.big = { file, bytes: big.length };
    }
  });
  if (PARTS.includes("choice")) results.choice = await choice(sandbox.url, receipts);

  for (const engine of PARTS.includes("upload") ? ENGINES : []) {
    for (const reduce of ORIGINALS ? [true, false] : [true]) {
      for (const count of [1, 3]) {
        const files = photos.slice(0, count).map((p) => p.file);
        const r = await filing(engine, reduce ? "" : "?reducePhotos=0", files);
        const row = {
          engine,
          reduced: reduce,
          photos: count,
          pickedBytes: photos.slice(0, count).reduce((s, p) => s + p.bytes, 0),
          ms: Math.round(r.ms),
          prepMs: Math.round(r.prepMs),
          peakBytes: r.peakBytes,
        };
        results.upload.push(row);
        console.log(
          `# ${engine} ${reduce ? "reduced " : "original"} ${count} photo(s) (${mb(row.pickedBytes)} MB): ` +
            `${(row.ms / 1000).toFixed(1)} s to all sent (${(row.prepMs / 1000).toFixed(1)} s preparing), peak +${mb(row.peakBytes)} MB`,
        );
      }
    }
  }
  for (const engine of PARTS.includes("big") ? ENGINES : []) {
    const r = await filing(engine, "", [photos.big.file]);
    const row = { engine, pickedBytes: photos.big.bytes, ms: Math.round(r.ms), prepMs: Math.round(r.prepMs), peakBytes: r.peakBytes };
    results.big.push(row);
    console.log(
      `# ${engine} 48 MP photo (${mb(row.pickedBytes)} MB): ${(row.ms / 1000).toFixed(1)} s to sent ` +
        `(${(row.prepMs / 1000).toFixed(1)} s preparing), peak +${mb(row.peakBytes)} MB`,
    );
  }
} finally {
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}

if (results.upload.length) {
  console.log("\nphotos on the phone profile's uplink (Slow 4G: 675 kbit/s up, 562.5 ms RTT; Chromium's CPU 4x slower)");
  console.log("engine    photos  picked MB  original s  reduced s  ratio  preparing s  peak MB (reduced)");
}
for (const engine of results.upload.length ? ENGINES : []) {
  for (const count of [1, 3]) {
    const find = (reduced) => results.upload.find((r) => r.engine === engine && r.photos === count && r.reduced === reduced);
    const red = find(true);
    const orig = find(false);
    console.log(
      `${engine.padEnd(9)} ${String(count).padStart(6)} ${mb(red.pickedBytes).padStart(10)} ` +
        `${orig ? (orig.ms / 1000).toFixed(1).padStart(11) : "          -"} ${(red.ms / 1000).toFixed(1).padStart(10)} ` +
        `${orig ? (red.ms / orig.ms).toFixed(3).padStart(6) : "     -"} ${(red.prepMs / 1000).toFixed(1).padStart(12)} ${mb(red.peakBytes).padStart(18)}`,
    );
  }
}
mkdirSync(path.join(ROOT, "target/bench"), { recursive: true });
writeFileSync(path.join(ROOT, "target/bench/photos.json"), JSON.stringify(results, null, 2));
