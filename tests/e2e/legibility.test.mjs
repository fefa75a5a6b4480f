// Legibility of reduced photos, measured: receipts photographed as a phone would (12 MP, a
// narrow receipt in the frame, tilted, sensor noise, JPEG), attached through the widget with its
// defaults, and read by tesseract (Debian's tesseract-ocr) as picked and as they arrived. The
// share of the receipt's words read must stay within 2 points of the original's.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget } from "./widget.mjs";
import { arrived, ocrAccuracy, withPainter } from "../fixtures/photos.mjs";

/** Three receipts: how tilted, how noisy, how much of the frame's width the paper takes. */
const SHOTS = [
  { name: "receipt-a.jpg", angle: -3, noise: 12, paper: 0.5 },
  { name: "receipt-b.jpg", angle: 2, noise: 20, paper: 0.42 },
  { name: "receipt-c.jpg", angle: 5, noise: 16, paper: 0.36 },
];

let browser;
let dir;

before(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(path.join(tmpdir(), "di-legibility-"));
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("receipts read as well after reduction as before (tesseract word accuracy within 2 points)", async () => {
  const picked = {};
  await withPainter(async (p) => {
    for (const shot of SHOTS) {
      picked[shot.name] = await p.photo({ w: 3000, h: 4000, ...shot });
      writeFileSync(path.join(dir, shot.name), picked[shot.name]);
    }
  });
  const sandbox = await startSandbox();
  const page = await openPage(browser, `${sandbox.url}/`);
  try {
    const w = new Widget(page.page);
    await w.toEvidence();
    await w.attach(SHOTS.map((s) => path.join(dir, s.name)));
    await w.root.locator(".di-files li").nth(SHOTS.length - 1).waitFor({ timeout: 60_000 });
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    await w.confirmation();
    await w.root.locator("li.di-upload[data-state=done]").nth(SHOTS.length - 1).waitFor({ timeout: 60_000 });
    const sent = Object.fromEntries((await arrived(sandbox.url)).map((f) => [f.filename, f.bytes]));

    let before = 0;
    let afterAll = 0;
    for (const shot of SHOTS) {
      const reduced = path.join(dir, `sent-${shot.name}`);
      writeFileSync(reduced, sent[shot.name]);
      assert.ok(sent[shot.name].length < picked[shot.name].length / 4, `${shot.name} was reduced`);
      const a = ocrAccuracy(path.join(dir, shot.name));
      const b = ocrAccuracy(reduced);
      console.log(
        `# ${shot.name}: ${picked[shot.name].length} B picked, ${sent[shot.name].length} B sent; ` +
          `words read ${a.toFixed(1)} % before, ${b.toFixed(1)} % after`,
      );
      before += a / SHOTS.length;
      afterAll += b / SHOTS.length;
    }
    console.log(`# word accuracy: ${before.toFixed(1)} % as picked, ${afterAll.toFixed(1)} % as sent`);
    assert.ok(before > 80, `tesseract reads the originals (${before.toFixed(1)} %): the test measures something`);
    assert.ok(afterAll >= before - 2, `${afterAll.toFixed(1)} % after, ${before.toFixed(1)} % before`);
  } finally {
    await page.close();
    await sandbox.stop();
  }
});
