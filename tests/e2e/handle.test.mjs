// mount(element, options) and its handle, without the custom element: callbacks and events,
// update() (language, broken and repaired options), destroy() (leaving no request, listener or
// timer behind), and defineDisputeIntake twice.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, setFaults, startSandbox, withSandboxPage } from "./harness.mjs";
import { Widget, jpeg } from "./widget.mjs";

let sandbox;
let browser;

before(async () => {
  sandbox = await startSandbox();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

async function plainPage() {
  const p = await openPage(browser, `${sandbox.url}/plain.html`);
  await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return p;
}

test("mount() renders, calls onReady and fires the ready event on the element", async () => {
  const p = await plainPage();
  try {
    const calls = await p.page.evaluate(async () => {
      const seen = [];
      const el = document.getElementById("widget");
      el.addEventListener("ready", () => seen.push("event:ready"));
      const options = await window.disputeIntake.demoOptions();
      await new Promise((resolve) => {
        window.disputeIntake.mount(el, {
          ...options,
          onReady: () => {
            seen.push("onReady");
            resolve();
          },
          onEvent: (e) => seen.push(`onEvent:${e.type}`),
        });
      });
      return seen;
    });
    const ready = calls.filter((c) => c.endsWith("ready") || c === "onReady").sort();
    assert.deepEqual(ready, ["event:ready", "onEvent:ready", "onReady"]);
    const widget = p.page.locator("#widget");
    await widget.getByRole("heading", { name: "Which transactions do you want to dispute?" }).waitFor();
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p.close();
  }
});

test("update() switches language, reports broken options, recovers, and destroy() empties", async () => {
  const p = await plainPage();
  try {
    await p.page.evaluate(async () => {
      const el = document.getElementById("widget");
      window.handle = await window.disputeIntake.mount(el, await window.disputeIntake.demoOptions());
    });
    const widget = p.page.locator("#widget");
    await widget.getByRole("heading", { name: "Which transactions do you want to dispute?" }).waitFor();

    await p.page.evaluate(() => window.handle.update({ locale: "es" }));
    await widget.getByRole("heading", { name: "¿Qué transacciones desea disputar?" }).waitFor();

    await p.page.evaluate(() => window.handle.update({ apiBaseUrl: "not a url" }));
    const detail = await p.event("error");
    assert.equal(detail.code, "invalid_options");
    await widget.getByRole("alert").waitFor();

    const readyBefore = (await p.events()).filter((e) => e.type === "ready").length;
    await p.page.evaluate(() => window.handle.update({ apiBaseUrl: location.origin }));
    await widget.getByRole("heading", { name: "¿Qué transacciones desea disputar?" }).waitFor();
    await p.page.waitForFunction(
      (n) => window.__widgetEvents.filter((e) => e.type === "ready").length > n,
      readyBefore,
    );

    await p.page.evaluate(() => window.handle.destroy());
    await p.page.waitForFunction(
      () => !document.getElementById("widget").shadowRoot.querySelector(".di"),
    );
    // A second destroy() is harmless.
    await p.page.evaluate(() => window.handle.destroy());
  } finally {
    await p.close();
  }
});

test("defineDisputeIntake() is idempotent, also from a second copy of the package", async () => {
  const p = await plainPage();
  try {
    const same = await p.page.evaluate(async () => {
      const a = await window.disputeIntake.defineDisputeIntake();
      const b = await window.disputeIntake.defineDisputeIntake();
      // Another copy: the same files under another URL are another module instance.
      const copy = await import("/dist/index.js?second-copy");
      const c = await copy.defineDisputeIntake();
      return a === b && b === c && customElements.get("dispute-intake") === a;
    });
    assert.equal(same, true);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p.close();
  }
});

test("options set before the element is defined are kept, and moving it keeps its state", async () => {
  const p = await plainPage();
  try {
    await p.page.evaluate(async () => {
      // The page sets options on an element that is not yet upgraded.
      const el = document.createElement("dispute-intake");
      el.options = await window.disputeIntake.demoOptions();
      document.getElementById("widget").append(el);
      await window.disputeIntake.defineDisputeIntake();
    });
    const el = p.page.locator("dispute-intake");
    const gadget = el.getByRole("checkbox", { name: /Gadget Galaxy/ });
    await gadget.check();
    // Moved elsewhere in the page: disconnected and connected again at once.
    await p.page.evaluate(() => {
      const moved = document.querySelector("dispute-intake");
      const box = document.createElement("section");
      document.body.append(box);
      box.append(moved);
    });
    await p.page.waitForTimeout(1500);
    assert.equal(await gadget.isChecked(), true, "the selection survived the move");
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p.close();
  }
});

test("a credit union's questionnaire extends the default; a malformed one is reported and the default used", async () => {
  const p = await plainPage();
  try {
    const run = (questionnaire) =>
      p.page.evaluate(async (questionnaire) => {
        const el = document.getElementById("widget");
        const options = await window.disputeIntake.demoOptions();
        const errors = [];
        // A fresh widget each time: signed out, so the previous draft is not restored.
        window.handle?.destroy({ signOut: true });
        window.handle = await new Promise((resolve) => {
          const handle = window.disputeIntake.mount(el, {
            ...options,
            questionnaire,
            onError: (d) => errors.push(d),
            onReady: () => handle.then(resolve),
          });
        });
        return errors;
      }, questionnaire);
    const widget = p.page.locator("#widget");
    const toQuestions = async () => {
      await widget.getByRole("checkbox", { name: /Gadget Galaxy/ }).check();
      await widget.getByRole("button", { name: "Continue" }).click();
      await widget.getByRole("radio", { name: /^I didn't make this transaction/ }).check();
      await widget.getByRole("button", { name: "Continue" }).click();
      await widget.getByRole("heading", { name: "Tell us what happened" }).waitFor();
    };

    const extended = await run({
      extends: "default",
      version: "riverbend-2026-11",
      questions: {
        branch_visited: { type: "text", maxLength: 80, required: true, label: { en: "Which branch do you use?", es: "¿Qué sucursal usa?" } },
      },
      reasons: [{ reason: "UNAUTH", types: ["DEBIT_CARD", "CREDIT_CARD"], ask: ["branch_visited", "card_status"] }],
    });
    assert.deepEqual(extended, []);
    await toQuestions();
    await widget.getByLabel("Which branch do you use?", { exact: true }).waitFor();

    const refused = await run({ extends: "default", version: "x", questions: { q1: { type: "choice", label: { en: "A", es: "B" } } } });
    assert.equal(refused.length, 1);
    assert.equal(refused[0].code, "invalid_questionnaire");
    assert.match(refused[0].message, /questions\.q1\.options: a choice question needs at least two options/);
    assert.equal(refused[0].recoverable, true);
    await toQuestions();
    await widget.getByRole("radiogroup", { name: "Where is your card?" }).waitFor();
    assert.equal(await widget.getByLabel("Which branch do you use?").count(), 0);
  } finally {
    await p.close();
  }
});

/**
 * Counts what the page holds once `window.__leaks.track` is set: listeners on window, document,
 * <html> and <body> not removed, timers neither fired nor cleared. Installed before any script.
 */
function trackLeaks() {
  const leaks = (window.__leaks = { track: false, listeners: [], timers: new Set() });
  const page = (t) => t === window || t === document || t === document.documentElement || t === document.body;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if (leaks.track && page(this) && fn) leaks.listeners.push({ target: this, type, fn });
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    const i = leaks.listeners.findIndex((l) => l.target === this && l.type === type && l.fn === fn);
    if (i >= 0) leaks.listeners.splice(i, 1);
    return remove.call(this, type, fn, options);
  };
  const { setTimeout: set, clearTimeout: clear, setInterval: every, clearInterval: stop } = window;
  window.setTimeout = function (fn, ms, ...args) {
    const id = set.call(window, (...a) => {
      leaks.timers.delete(id);
      return typeof fn === "function" ? fn(...a) : undefined;
    }, ms, ...args);
    if (leaks.track) leaks.timers.add(id);
    return id;
  };
  window.clearTimeout = function (id) {
    leaks.timers.delete(id);
    return clear.call(window, id);
  };
  window.setInterval = function (fn, ms, ...args) {
    const id = every.call(window, fn, ms, ...args);
    if (leaks.track) leaks.timers.add(id);
    return id;
  };
  window.clearInterval = function (id) {
    leaks.timers.delete(id);
    return stop.call(window, id);
  };
}

/** Mounts the widget with the leak tracker on, on a page reloaded with it installed. */
async function mountTracked(p) {
  await p.page.addInitScript(trackLeaks);
  await p.page.reload();
  await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  await p.page.evaluate(async () => {
    const options = await window.disputeIntake.demoOptions();
    window.__leaks.track = true;
    window.handle = await window.disputeIntake.mount(document.getElementById("widget"), options);
  });
  const w = new Widget(p.page, "en");
  w.root = p.page.locator("#widget");
  return w;
}

/** Destroys the widget, then watches the page for `ms`: what is left and what was sent. */
async function destroyAndWatch(p, ms = 3000) {
  const sent = [];
  const onRequest = (r) => sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
  await p.page.evaluate(() => window.handle.destroy());
  p.page.on("request", onRequest);
  await p.page.waitForTimeout(ms);
  p.page.off("request", onRequest);
  const left = await p.page.evaluate(() => ({
    listeners: window.__leaks.listeners.map((l) => l.type),
    timers: window.__leaks.timers.size,
    rendered: document.getElementById("widget").shadowRoot.childElementCount,
  }));
  return { ...left, sent };
}

test("destroy() during uploads aborts them and leaves no request, listener or timer behind", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    // Every upload holds the line for 4 s: destroy() comes while three are in flight.
    await setFaults(sandbox.url, { upload: { latencyMs: 4000 } });
    const w = await mountTracked(p);
    const aborted = [];
    p.page.on("requestfailed", (r) => aborted.push(new URL(r.url()).pathname));
    const uploading = p.page.waitForRequest((r) => r.url().endsWith("/files"));
    await w.fileWith(Array.from({ length: 5 }, (_, i) => jpeg(`page-${i + 1}.jpg`, 20_000 + i)));
    await uploading;
    const before = await p.page.evaluate(() => window.__leaks.listeners.length);
    assert.ok(before > 0, "the widget was listening to the page (online/offline)");
    const left = await destroyAndWatch(p);
    assert.deepEqual(left.sent, [], "nothing sent after destroy()");
    assert.deepEqual(left.listeners, [], "no listener left on the page");
    assert.equal(left.timers, 0, "no timer left");
    assert.equal(left.rendered, 0, "nothing rendered");
    assert.ok(aborted.filter((u) => u.endsWith("/files")).length >= 1, `uploads in flight were aborted (${aborted})`);
  });
});

test("destroy() while a submission waits to try again stops it: no request, listener or timer", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    // The service refuses every creation for now: the widget waits between tries.
    await setFaults(sandbox.url, { create: { error503: 1 } });
    const w = await mountTracked(p);
    await w.toEvidence("en");
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    const refused = p.page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/v1/disputes") && r.status() === 503);
    await w.submit();
    await refused;
    const left = await destroyAndWatch(p, 4000);
    assert.deepEqual(left.sent, [], "no further try after destroy()");
    assert.deepEqual(left.listeners, [], "no listener left on the page");
    assert.equal(left.timers, 0, "no timer left");
  });
});

test("a <dispute-intake> removed from the page tears itself down: no listener or timer left", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    await p.page.addInitScript(trackLeaks);
    await p.page.reload();
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await p.page.evaluate(async () => {
      window.__leaks.track = true;
      await window.disputeIntake.defineDisputeIntake();
      const el = document.createElement("dispute-intake");
      document.getElementById("widget").append(el);
      // Connected before it has options: it waits for them, with no error.
      el.options = await window.disputeIntake.demoOptions();
    });
    const el = p.page.locator("dispute-intake");
    await el.getByRole("checkbox", { name: /Gadget Galaxy/ }).waitFor();
    assert.ok((await p.page.evaluate(() => window.__leaks.listeners.length)) > 0);
    await p.page.evaluate(() => document.querySelector("dispute-intake").remove());
    await p.page.waitForTimeout(1500);
    const left = await p.page.evaluate(() => ({ listeners: window.__leaks.listeners.map((l) => l.type), timers: window.__leaks.timers.size }));
    assert.deepEqual(left, { listeners: [], timers: 0 });
    assert.deepEqual(await p.events().then((e) => e.filter((x) => x.type === "error")), [], "no error event");
    assert.deepEqual(p.consoleErrors, []);
  });
});

test("preload() shows, tells and sends nothing; twice, then three mounts and an element: one request for each wasm file, the main one compiled once", async () => {
  const p = await openPage(browser, `${sandbox.url}/plain.html`);
  try {
    const wasm = [];
    const requests = [];
    p.page.on("request", (r) => requests.push({ url: r.url(), at: Date.now() }));
    p.page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const { readies, quiet, preloaded } = await p.page.evaluate(async () => {
      const { preload, mount, defineDisputeIntake, demoOptions } = window.disputeIntake;
      let quiet;
      const compiles = [];
      const compileStreaming = WebAssembly.compileStreaming;
      const compileBytes = WebAssembly.compile;
      WebAssembly.compileStreaming = (...a) => (compiles.push("streaming"), compileStreaming(...a));
      WebAssembly.compile = (...a) => (compiles.push("bytes"), compileBytes(...a));
      const page = document.body.innerHTML;
      const from = Date.now();
      const first = preload();
      const second = preload();
      const preloaded = [await first, await second, compiles.slice()];
      // preload() renders its rehearsal of the first step off the page: nothing shows, nothing
      // is told, nothing is asked of any service.
      await new Promise((r) => setTimeout(r, 100));
      quiet = {
        same: document.body.innerHTML === page,
        events: window.__widgetEvents.length,
        from,
        to: Date.now(),
      };
      const options = await demoOptions();
      let readies = 0;
      const elements = [1, 2, 3].map(() => document.body.appendChild(document.createElement("div")));
      await Promise.all(elements.map((el) => new Promise((resolve) => mount(el, { ...options, onReady: () => (readies++, resolve()) }))));
      await defineDisputeIntake();
      const custom = document.createElement("dispute-intake");
      await new Promise((resolve) => {
        custom.addEventListener("ready", () => (readies++, resolve()));
        custom.options = options;
        document.body.appendChild(custom);
      });
      return { readies, quiet, preloaded: [...preloaded, compiles] };
    });
    const { from, to, ...shown } = quiet;
    assert.deepEqual(shown, { same: true, events: 0 });
    const sent = requests.filter((r) => r.at >= from && r.at <= to).map((r) => r.url);
    assert.deepEqual(sent.filter((u) => !u.endsWith(".wasm")), [], "preload() asks nothing of any service");
    // The main module and the filing part (with the code it shares with "My disputes").
    const names = sent.map((u) => u.split("/").pop());
    assert.equal(names.filter((n) => n === "dispute_intake_bg.wasm").length, 1, `the wasm, while preloading: ${names}`);
    assert.ok(names.some((n) => /filing/.test(n)), `the filing part, while preloading: ${names}`);
    assert.ok(!names.some((n) => /later/.test(n)), `"My disputes" waits for an idle page: ${names}`);
    assert.equal(readies, 4);
    const [a, b, beforeMounts, afterAll] = preloaded;
    assert.equal(a, undefined);
    assert.equal(b, undefined);
    assert.deepEqual(beforeMounts, ["streaming"], "compiled while downloading, once");
    assert.deepEqual(afterAll, ["streaming"], "mounts and the element reuse the compiled module");
    assert.equal(new Set(wasm).size, wasm.length, `each file fetched once:\n${wasm.join("\n")}`);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p.close();
  }
});
