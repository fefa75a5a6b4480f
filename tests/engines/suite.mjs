// What a member does in each engine, the same in all: file a dispute with a photo and a PDF
// (the PDF over a megabyte, so it is read in several chunks) that arrive byte-identical, one of
// them sent again after an injected 503; open My disputes; a camera photo reduced on the device
// (upright, without its location), a screenshot and a PDF as picked, a HEIC reduced where the
// engine decodes HEIC and sent as picked where it does not; and the strict-CSP page loads and
// files with no violation, and its member's copy prints alone (Firefox's driver prints it to a
// PDF; WebKit's cannot, so the page is checked). `engines/webkit.test.mjs` and
// `engines/firefox.test.mjs` run it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setFaults, startSandbox } from "../e2e/harness.mjs";
import { pdfText, squash } from "../e2e/pdf.mjs";
import { pdfBytes, readBack } from "../e2e/widget.mjs";
import { arrived, assertReducedCamera, makePhotoFiles } from "../fixtures/photos.mjs";
import { startEngine } from "./drivers.mjs";
import { Member, sleep } from "./member.mjs";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

const sha256 = (b) => createHash("sha256").update(b).digest("hex");

async function injected(sandboxUrl) {
  return (await fetch(`${sandboxUrl}/sandbox/faults/injected`)).json();
}

/**
 * In the page: every browser facility the package relies on (see "Supported browsers" in
 * pkg-template/README.md), `true` where the engine has it. `required` ones have no fallback.
 */
const FACILITIES = `
const has = (f) => { try { return Boolean(f()); } catch { return false; } };
const byob = has(() => new Blob(["x"]).stream().getReader({ mode: "byob" }));
return {
  required: {
    webAssembly: has(() => WebAssembly.instantiate && WebAssembly.Module),
    customElements: has(() => window.customElements && HTMLElement.prototype.attachShadow),
    replaceChildren: has(() => Element.prototype.replaceChildren),
    abortController: has(() => new AbortController().signal),
    xhrUploadProgress: has(() => new XMLHttpRequest().upload),
    blobSliceArrayBuffer: has(() => Blob.prototype.slice && Blob.prototype.arrayBuffer),
    intl: has(() => new Intl.DateTimeFormat("en", { dateStyle: "medium" }).resolvedOptions().dateStyle === "medium"
      && new Intl.NumberFormat("en", { style: "unit", unit: "megabyte" }).format(1)),
    cssCustomProperties: has(() => CSS.supports("--x", "1")),
    focusVisible: has(() => CSS.supports("selector(:focus-visible)")),
    matchMedia: has(() => matchMedia("(pointer: coarse)")),
    xhrSendBlob: has(() => FormData && Blob),
  },
  withFallback: {
    byteStreamBlob: byob,
    adoptedStyleSheets: has(() => "adoptedStyleSheets" in ShadowRoot.prototype && new CSSStyleSheet().replaceSync),
    instantiateStreaming: has(() => WebAssembly.instantiateStreaming),
    contentVisibility: has(() => CSS.supports("content-visibility", "auto")),
    colorMix: has(() => CSS.supports("color", "color-mix(in srgb, red 8%, transparent)")),
    accentColor: has(() => CSS.supports("accent-color", "red")),
    trustedTypes: has(() => window.trustedTypes && trustedTypes.createPolicy),
    sessionStorage: has(() => window.sessionStorage),
    finalizationRegistry: has(() => FinalizationRegistry),
    requestIdleCallback: has(() => window.requestIdleCallback),
  },
};
`;

/** Runs the cross-engine suite in the engine `name` (a key of `drivers.ENGINES`). */
export function engineSuite(name) {
  let engine;
  let dir;
  const started = Date.now();

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `di-${name}-`));
    engine = await startEngine(name);
  });

  after(async () => {
    await engine?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`# ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s for the suite`);
  });

  test(`${name}: every facility the package needs is there; what is missing has its fallback`, async () => {
    const sandbox = await startSandbox();
    try {
      await engine.driver.get(`${sandbox.url}/calm.html`);
      await new Member(engine.driver).heading("Which transactions do you want to dispute?", 60_000);
      const { required, withFallback } = await engine.driver.executeScript(FACILITIES);
      const list = (o) => Object.entries(o).map(([k, v]) => `${k}=${v ? "yes" : "no"}`).join(" ");
      console.log(`# ${name} ${await engine.driver.executeScript("return navigator.userAgent")}`);
      console.log(`# ${name} required: ${list(required)}`);
      console.log(`# ${name} with fallback: ${list(withFallback)}`);
      assert.deepEqual(Object.keys(required).filter((k) => !required[k]), [], "required facilities missing");
      // Where the engine has no constructable stylesheets, the loader's <style> element is used.
      const styled = await engine.driver.executeScript(
        "const r = document.querySelector('dispute-intake')?.shadowRoot; return r ? [r.adoptedStyleSheets?.length ?? 0, r.querySelectorAll('style').length] : null;",
      );
      assert.deepEqual(styled, withFallback.adoptedStyleSheets ? [1, 0] : [0, 1]);
      // The widget's parts (src/ui/parts.rs): the filing part after the first screen, then
      // "My disputes" when the page is idle, through requestIdleCallback or, without it, a timer.
      const fetched = () =>
        engine.driver.executeScript(
          "return performance.getEntriesByType('resource').map((e) => e.name.split('/').pop()).filter((n) => n.endsWith('.wasm'));",
        );
      let parts = await fetched();
      for (let i = 0; i < 60 && !parts.some((n) => /later/.test(n)); i++) {
        await sleep(250);
        parts = await fetched();
      }
      assert.ok(parts.some((n) => /filing/.test(n)), `the filing part: ${parts}`);
      assert.ok(parts.some((n) => /later/.test(n)), `"My disputes", when idle (requestIdleCallback=${withFallback.requestIdleCallback}): ${parts}`);
    } finally {
      await sandbox.stop();
    }
  });

  test(`${name}: a PNG and a 1.2 MB PDF arrive byte-identical, one through an injected 503`, async () => {
    const sandbox = await startSandbox();
    try {
      const png = readFileSync(path.join(FIXTURES, "receipt.png"));
      const pdf = pdfBytes(1_200_000); // several upload chunks of 384 KiB
      const files = [
        ["receipt.png", png],
        ["statement.pdf", pdf],
      ];
      for (const [file, bytes] of files) writeFileSync(path.join(dir, file), bytes);

      const { driver } = engine;
      await driver.get(`${sandbox.url}/`);
      const m = new Member(driver);
      await m.toDocuments();
      await m.attach(files.map(([file]) => path.join(dir, file)));
      await m.waitForText(/receipt\.png.*statement\.pdf|statement\.pdf.*receipt\.png/);
      await m.click("button", "Continue");

      // Every upload attempt fails with 503 until one was refused; then the network heals and
      // the widget's own retry delivers it.
      await setFaults(sandbox.url, { upload: { error503: 1 } });
      const shortId = await m.signAndSubmit();
      const end = Date.now() + 30_000;
      while (!((await injected(sandbox.url)).upload?.error503 >= 1)) {
        if (Date.now() > end) throw new Error("no upload was attempted within 30 s");
        await sleep(100);
      }
      await setFaults(sandbox.url, {});
      await m.waitForText(/2 of 2 documents received/, 60_000);
      const text = await m.text();
      assert.doesNotMatch(text, /couldn.t read|Not sent/, "no document reported as failed");

      const [filed] = await readBack(sandbox.url);
      assert.equal(filed.dispute.shortId, shortId);
      assert.deepEqual(
        filed.files.map((f) => `${f.filename} ${f.sha256}`).sort(),
        files.map(([file, bytes]) => `${file} ${sha256(bytes)}`).sort(),
        "each document once, byte-identical",
      );
      assert.ok((await injected(sandbox.url)).upload.error503 >= 1, "a 503 was really injected");

      // From the confirmation to My disputes: the new case is listed.
      await m.click("button", "My disputes");
      await m.heading("My disputes");
      await m.css(`li.di-dispute[data-short-id="${shortId}"]`);
      await m.click("button", `See details ${shortId}`);
      await m.waitForText(new RegExp(`${shortId} · Open`));
      console.log(`# ${name}: roles computed by the driver and checked: ${m.computesRoles === true}`);
    } finally {
      await sandbox.stop();
    }
  });

  test(`${name}: a camera photo arrives reduced and upright without its location; a screenshot, a PDF and a HEIC as the engine allows`, async () => {
    const sandbox = await startSandbox();
    const photos = await makePhotoFiles();
    try {
      const pdf = path.join(FIXTURES, "statement.pdf");
      const { driver } = engine;
      await driver.get(`${sandbox.url}/`);
      // Whether this engine's own image decoder reads HEIC (Safari's does; WebKitGTK's,
      // Chromium's and Firefox's do not): the widget reduces a HEIC only where it does.
      const heicDecodes = await driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         const bytes = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
         createImageBitmap(new Blob([bytes], { type: "image/heic" })).then(() => done(true), () => done(false));`,
        photos.read("photo.heic").toString("base64"),
      );
      const m = new Member(driver);
      await m.toDocuments();
      const picked = [photos.files["camera.jpg"], photos.files["screenshot.png"], pdf, photos.files["photo.heic"]];
      await m.attach(picked);
      await m.waitForText(/photo\.(heic|jpg)/, 60_000);
      const text = await m.text();
      assert.match(text, /camera\.jpgReduced from 4\.2 MB to [\d.]+ kB/);
      assert.match(text, /camera\.jpg: Reduced from 4\.2 MB to [\d.]+ kB\./, "said in the status region");
      await m.click("button", "Continue");
      await m.signAndSubmit();
      await m.waitForText(/4 of 4 documents received/, 120_000);

      const files = await arrived(sandbox.url);
      const byName = Object.fromEntries(files.map((f) => [f.filename, f]));
      await assertReducedCamera(byName["camera.jpg"].bytes, photos.read("camera.jpg"));
      assert.equal(byName["screenshot.png"].sha256, sha256(photos.read("screenshot.png")), "screenshot as picked");
      assert.equal(byName["statement.pdf"].sha256, sha256(readFileSync(pdf)), "PDF as picked");
      if (heicDecodes) {
        const heic = byName["photo.jpg"];
        assert.ok(heic, `the HEIC arrives as photo.jpg: ${Object.keys(byName)}`);
        assert.equal(heic.contentType, "image/jpeg");
        assert.ok(heic.bytes.length < photos.read("photo.heic").length, "smaller than the HEIC");
      } else {
        assert.equal(byName["photo.heic"]?.sha256, sha256(photos.read("photo.heic")), "HEIC as picked");
      }
      console.log(
        `# ${name}: camera photo ${photos.read("camera.jpg").length} B picked, ${byName["camera.jpg"].bytes.length} B sent; ` +
          `HEIC decoded by this engine: ${heicDecodes}`,
      );
    } finally {
      photos.remove();
      await sandbox.stop();
    }
  });

  test(`${name}: the strict-CSP page (Trusted Types) files a dispute with zero violations`, async () => {
    const sandbox = await startSandbox();
    try {
      const png = readFileSync(path.join(FIXTURES, "receipt.png"));
      writeFileSync(path.join(dir, "receipt.png"), png);
      const { driver } = engine;
      await driver.get(`${sandbox.url}/strict.html`);
      const m = new Member(driver);
      await m.toDocuments();
      await m.attach([path.join(dir, "receipt.png")]);
      await m.waitForText(/receipt\.png/);
      await m.click("button", "Continue");
      const shortId = await m.signAndSubmit();
      await m.waitForText(/1 of 1 documents received/, 30_000);
      const log = () => driver.executeScript("return [...document.querySelectorAll('#event-log li')].map((li) => li.textContent)");

      // The member's copy under the same policy: only it on paper, nothing of it on screen.
      await driver.executeScript("window.__printed = 0; window.print = () => void window.__printed++;");
      await m.click("button", "Save or print a copy");
      const end = Date.now() + 10_000;
      while ((await driver.executeScript("return window.__printed")) !== 1) {
        if (Date.now() > end) throw new Error("print was not called");
        await sleep(100);
      }
      const copy = await driver.executeScript(`
        const el = document.querySelector("body > [data-dispute-intake-print]");
        const rule = [...document.adoptedStyleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes("dispute-intake-print")));
        return {
          text: el?.shadowRoot?.textContent ?? "",
          shownOnScreen: el ? getComputedStyle(el).display !== "none" : null,
          widgetMarked: document.querySelector("dispute-intake").hasAttribute("data-dispute-intake-printing"),
          rule,
        };`);
      assert.match(copy.text, /Your dispute: a copy for your records/);
      assert.match(copy.text, new RegExp(`Case number${shortId}`));
      assert.match(copy.text, /Signed by: Ana Reyes/);
      assert.equal(copy.shownOnScreen, false, "the copy is not on screen");
      assert.equal(copy.widgetMarked, true, "the widget hides itself on paper");
      assert.equal(copy.rule, true, "the print rule is a constructed stylesheet");
      try {
        const printed = squash(await pdfText(Buffer.from(await driver.printPage({ background: false }), "base64")));
        assert.ok(printed.includes(squash("Signed by: Ana Reyes")), printed);
        assert.ok(!printed.includes(squash("Disputes under strict Content-Security-Policy")), "nothing of the page around it");
        assert.ok(!printed.includes(squash("What happens next")), "not the widget itself");
        console.log(`# ${name}: the driver printed the page to PDF and it held only the copy`);
      } catch (e) {
        if (!/unsupported|unknown command|not implemented/i.test(String(e))) throw e;
        console.log(`# ${name}: the driver cannot print to PDF (${String(e).slice(0, 80)}); the copy was checked in the page`);
      }
      assert.deepEqual((await log()).filter((l) => l.startsWith("csp-violation")), [], "the widget caused no violation");
      assert.ok((await log()).some((l) => l.startsWith("submitted")), "the page heard submitted");
      // The policy really is in force here: a script from a data: URL is refused and reported.
      await driver.executeScript(
        "try { const s = document.createElement('script'); s.src = 'data:text/javascript,window.ran=1'; document.body.append(s); } catch (e) {}",
      );
      await sleep(500);
      assert.equal(await driver.executeScript("return window.ran"), null);
      assert.ok((await log()).some((l) => l.startsWith("csp-violation")), "the probe was reported, so the policy is on");
      const [filed] = await readBack(sandbox.url);
      assert.equal(filed.files[0].sha256, sha256(png));
    } finally {
      await sandbox.stop();
    }
  });
}
