// Photos made smaller on the device before they are sent (issue 32), in Chromium: a phone
// camera's 12 MP JPEG, stored on its side with EXIF orientation 6 and GPS, arrives at most
// 2,000 px on its long side, upright, without its location or camera, as a valid JPEG, and the
// member is told by how much; a screenshot that would only grow as a JPEG, a PDF and a HEIC
// (which Chromium cannot decode) arrive byte-identical; `files.reducePhotos: false` sends the
// original; the strict-CSP page reduces too. The same checks run in WebKit and Firefox in
// tests/engines/suite.mjs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget } from "./widget.mjs";
import { arrived, assertReducedCamera, carriesMetadata, makePhotoFiles, withPainter } from "../fixtures/photos.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const sha256 = (b) => createHash("sha256").update(b).digest("hex");

let browser;
let photos;

before(async () => {
  browser = await launchBrowser();
  photos = await makePhotoFiles();
});

after(async () => {
  await browser?.close();
  photos?.remove();
});

const order = (name) => ["camera.jpg", "screenshot.png", "statement.pdf", "photo.heic"].indexOf(name);

/** Walks to the confirmation and waits until every upload row is done. */
async function submitAndWait(w, count) {
  await w.continue();
  await w.atStep(4);
  await w.attestAndSign("Ana Reyes");
  await w.submit();
  await w.confirmation();
  await w.root.locator("li.di-upload[data-state=done]").nth(count - 1).waitFor({ timeout: 60_000 });
}

test("a camera photo arrives reduced, upright and without location; a screenshot, a PDF and a HEIC arrive as picked", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/`);
  const modules = [];
  p.page.on("request", (r) => {
    if (r.url().endsWith("/photo.js")) modules.push(r.url());
  });
  try {
    const w = new Widget(p.page);
    await w.atStep(0);
    assert.deepEqual(modules, [], "nothing of the reducer on the first screen");
    await w.toEvidence();
    for (let i = 0; i < 50 && !modules.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(modules.length, 1, "fetched once the documents step shows, before any photo");
    const pdf = path.join(FIXTURES, "statement.pdf");
    await w.attach([photos.files["camera.jpg"], photos.files["screenshot.png"], pdf, photos.files["photo.heic"]]);
    const rows = w.root.locator(".di-files li");
    await rows.nth(3).waitFor({ timeout: 30_000 });
    const reduced = /^camera\.jpgReduced from 4\.2 MB to [\d.]+ kB/;
    assert.match(await rows.nth(0).textContent(), reduced);
    for (const i of [1, 2, 3]) assert.doesNotMatch(await rows.nth(i).textContent(), /Reduced/);
    // Said once, politely, in the picker's status region.
    const status = w.root.locator(".di-picker-status");
    assert.equal(await status.getAttribute("role"), "status");
    assert.match(await status.textContent(), /^camera\.jpg: Reduced from 4\.2 MB to [\d.]+ kB\. $/);

    await submitAndWait(w, 4);
    const row = w.root.locator("li.di-upload", { hasText: "camera.jpg" });
    assert.match(await row.locator(".di-reduced").textContent(), /^Reduced from 4\.2 MB to [\d.]+ kB$/);

    // Uploads run three at a time: they arrive in any order.
    const files = (await arrived(sandbox.url)).sort((a, b) => order(a.filename) - order(b.filename));
    assert.deepEqual(
      files.map((f) => [f.filename, f.contentType]),
      [
        ["camera.jpg", "image/jpeg"],
        ["screenshot.png", "image/png"],
        ["statement.pdf", "application/pdf"],
        ["photo.heic", "image/heic"],
      ],
    );
    await assertReducedCamera(files[0].bytes, photos.read("camera.jpg"));
    assert.equal(files[1].sha256, sha256(photos.read("screenshot.png")), "screenshot byte-identical");
    assert.equal(files[2].sha256, sha256(readFileSync(pdf)), "PDF byte-identical");
    assert.equal(files[3].sha256, sha256(photos.read("photo.heic")), "HEIC byte-identical");
    assert.deepEqual(p.consoleErrors, []);
    console.log(`camera photo: ${photos.read("camera.jpg").length} B picked, ${files[0].bytes.length} B sent`);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});

test("a 48 MP photo over the 10 MB limit is reduced on the device, then attached and sent", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "di-48mp-"));
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/`);
  try {
    const big = path.join(dir, "IMG_48MP.jpg");
    const bytes = await withPainter((painter) => painter.photo({ w: 8000, h: 6000, noise: 14 }));
    writeFileSync(big, bytes);
    assert.ok(bytes.length > 10 * 1024 * 1024, `over the default 10 MB limit: ${bytes.length} B`);
    const w = new Widget(p.page);
    await w.toEvidence();
    await w.attach(big);
    const row = w.root.locator(".di-files li").first();
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.textContent(), /^IMG_48MP\.jpgReduced from [\d.]+ MB to [\d.]+ kB/);
    await submitAndWait(w, 1);
    const [file] = await arrived(sandbox.url);
    const seen = await withPainter((painter) => painter.inspect(file.bytes));
    assert.deepEqual([seen.width, seen.height], [2000, 1500]);
    assert.equal(p.consoleErrors.length, 0, p.consoleErrors.join("\n"));
  } finally {
    await p.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with files.reducePhotos false, the camera photo arrives exactly as picked", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/?reducePhotos=0`);
  const modules = [];
  p.page.on("request", (r) => {
    if (r.url().endsWith("/photo.js")) modules.push(r.url());
  });
  try {
    const w = new Widget(p.page);
    await w.toEvidence();
    await w.attach(photos.files["camera.jpg"]);
    await w.root.locator(".di-files li").first().waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await w.root.locator(".di-files li").textContent(), /Reduced/);
    await submitAndWait(w, 1);
    const [file] = await arrived(sandbox.url);
    assert.equal(file.sha256, sha256(photos.read("camera.jpg")));
    assert.equal(carriesMetadata(file.bytes), true, "the original, metadata and all");
    assert.deepEqual(modules, [], "the reducer is never fetched");
  } finally {
    await p.close();
    await sandbox.stop();
  }
});

test("under the strict Content-Security-Policy with Trusted Types, photos are reduced", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/strict.html`);
  const violations = [];
  p.page.on("console", (m) => {
    if (/Content.Security.Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
  });
  try {
    const w = new Widget(p.page);
    await w.toEvidence();
    await w.attach(photos.files["camera.jpg"]);
    const row = w.root.locator(".di-files li").first();
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.textContent(), /Reduced from 4\.2 MB/);
    await submitAndWait(w, 1);
    const [file] = await arrived(sandbox.url);
    await assertReducedCamera(file.bytes, photos.read("camera.jpg"));
    assert.deepEqual(violations, []);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});

test("in Spanish: Continue pressed while a photo is being reduced waits for it; the photo is filed and its row says so", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/?locale=es`);
  try {
    const w = new Widget(p.page, "es");
    await w.toEvidence("es");
    // A phone's CPU: reducing takes seconds, and the member is quicker.
    const cdp = await p.page.context().newCDPSession(p.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    await w.attach(photos.files["camera.jpg"]);
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    await w.confirmation();
    const row = w.root.locator("li.di-upload", { hasText: "camera.jpg" });
    await row.locator(".di-upload-state", { hasText: "Recibido" }).waitFor({ timeout: 60_000 });
    assert.match(await row.locator(".di-reduced").textContent(), /^Reducida de 4[.,]2 MB a [\d.,]+ kB$/);
    const [file] = await arrived(sandbox.url);
    assert.equal(file.filename, "camera.jpg");
    assert.ok(file.bytes.length < photos.read("camera.jpg").length / 5, "the reduced photo");
  } finally {
    await p.close();
    await sandbox.stop();
  }
});
