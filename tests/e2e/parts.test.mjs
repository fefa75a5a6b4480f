// The widget in parts (issue 33): the first screen loads only the main wasm; the rest of the
// filing and "My disputes" are their own files (src/ui/parts.rs), fetched when needed. Here in
// Chromium through the demo page, with the parts' requests held or failed by the test.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, startSandbox } from "./harness.mjs";
import { Widget, createDispute } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** The package's wasm files a page fetched, by name. */
function wasmFetched(requests) {
  return requests.filter((u) => u.endsWith(".wasm")).map((u) => u.split("/").pop());
}

/**
 * The demo page with the requests of files matching `held` answered only when `release()` is
 * called, or failed while `failing()` says so; the widget's events and console errors kept.
 */
async function openWith(url, held) {
  const context = await browser.newContext();
  const requests = [];
  const waiting = [];
  let fail = false;
  let released = false;
  await context.route(held, async (route) => {
    if (fail) {
      await route.abort("connectionreset");
    } else if (released) {
      await route.continue();
    } else {
      waiting.push(route);
    }
  });
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  const encodings = {};
  page.on("response", async (r) => {
    encodings[r.url().split("/").pop()] = (await r.allHeaders())["content-encoding"] ?? null;
  });
  const consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ["ready", "error"]) {
      document.addEventListener(type, (e) => e instanceof CustomEvent && window.__events.push({ type, detail: e.detail }));
    }
  });
  await page.goto(url);
  return {
    page,
    requests,
    encodings,
    consoleErrors,
    events: () => page.evaluate(() => window.__events),
    held: () => waiting.length,
    failing(on) {
      fail = on;
    },
    async release() {
      released = true;
      for (const r of waiting.splice(0)) await r.continue();
    },
    close: () => context.close(),
  };
}

test("My disputes opens from a widget that loaded only the filing: 'Loading…', then the list, nothing lost", async () => {
  const sandbox = await startSandbox();
  const { shortId } = await createDispute(sandbox.url, "mbr-ana", 5);
  const p = await openWith(`${sandbox.url}/`, /later\.wasm$/);
  try {
    const w = new Widget(p.page);
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    // The first screen and the filing: the main module, the filing part and what it shares;
    // "My disputes" is asked for (the idle preload) but has not come.
    await p.page.waitForFunction(() => document.querySelector("dispute-intake")?.shadowRoot?.querySelector(".di-wizard"));
    const early = wasmFetched(p.requests);
    assert.ok(early.includes("dispute_intake_bg.wasm"), `${early}`);
    assert.ok(early.some((f) => /filing/.test(f)), `the filing part is fetched once step 1 shows: ${early}`);
    // The demo serves the package as a CDN does: brotli to a browser that takes it.
    assert.equal(p.encodings["dispute_intake_bg.wasm"], "br");
    assert.equal(p.encodings["index.js"], "br");
    await w.root.getByRole("button", { name: "Check on a dispute you filed" }).click();
    await w.root.getByRole("status").filter({ hasText: "Loading…" }).waitFor();
    assert.equal(await w.heading("My disputes").count(), 0, "not drawn before its part is here");
    await p.release();
    await w.heading("My disputes").waitFor();
    await w.root.locator(`li.di-dispute[data-short-id="${shortId}"]`).waitFor();
    assert.equal(await w.heading("My disputes").evaluate((h) => h.getRootNode().activeElement === h), true, "heading focused");
    // Back to the filing: the selection is still there.
    await w.root.getByRole("button", { name: "File a new dispute" }).click();
    await w.atStep(0);
    assert.equal(await w.root.getByRole("checkbox", { name: /Gadget Galaxy/ }).isChecked(), true);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});

test("My disputes' part cannot be fetched: a clear error, told to the host, and Try again brings it", async () => {
  const sandbox = await startSandbox();
  const p = await openWith(`${sandbox.url}/?view=status`, /later\.wasm$/);
  try {
    p.failing(true);
    const w = new Widget(p.page);
    const alert = w.root.getByRole("alert");
    await alert.getByText("This part of the page could not be loaded. Check your connection and try again.").waitFor();
    const told = (await p.events()).filter((e) => e.type === "error");
    assert.equal(told.length, 1, "told once");
    assert.equal(told[0].detail.code, "part_unavailable");
    assert.equal(told[0].detail.recoverable, true);
    const tries = wasmFetched(p.requests).filter((f) => /later/.test(f)).length;
    assert.ok(tries >= 1);
    // The network comes back: Try again fetches it again, and the view is drawn.
    p.failing(false);
    await p.release();
    await alert.getByRole("button", { name: "Try again" }).click();
    await w.heading("My disputes").waitFor();
    await w.root.getByText("You have no disputes yet.").waitFor();
    assert.ok(wasmFetched(p.requests).filter((f) => /later/.test(f)).length > tries, "fetched again");
    assert.equal(await w.root.getByRole("alert").count(), 0, "the error is gone");
  } finally {
    await p.close();
    await sandbox.stop();
  }
});

test("the filing part cannot be fetched: step 1 still works, the error says so, and Try again lets the member go on", async () => {
  const sandbox = await startSandbox();
  const p = await openWith(`${sandbox.url}/`, /filing\.wasm$/);
  try {
    p.failing(true);
    const w = new Widget(p.page);
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    const alert = w.root.getByRole("alert");
    await alert.getByText("This part of the page could not be loaded. Check your connection and try again.").waitFor();
    // Continue waits (the questionnaire comes with the part) instead of losing the choice.
    await w.continue();
    await w.atStep(0);
    assert.equal(await w.root.getByRole("checkbox", { name: /Gadget Galaxy/ }).isChecked(), true);
    p.failing(false);
    await p.release();
    await alert.getByRole("button", { name: "Try again" }).click();
    // The part comes: the waiting Continue goes on by itself.
    await w.atStep(1);
    await w.root.getByRole("radio", { name: /^I didn't make this transaction/ }).waitFor();
    const codes = (await p.events()).filter((e) => e.type === "error").map((e) => e.detail.code);
    assert.deepEqual([...new Set(codes)], ["part_unavailable"]);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});
