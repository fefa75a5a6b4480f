// A sooner start: the first step is shown from the host's transactions while the session is
// still being set up (`/v1/authenticate` slowed to 3 s by the sandbox's faults), and nothing
// the member's open disputes would refuse gets past it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, disputeNorthwind } from "./widget.mjs";

const SLOW_SIGN_IN = ["--faults", JSON.stringify({ authenticate: { latencyMs: 3000 } })];
const WAITING = "Checking which transactions are already in a dispute… You will go on as soon as we know.";
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const types = async (p) => (await p.events()).map((e) => e.type);

test("the first step is usable before the session exists; Continue waits for the open disputes, then goes on", async () => {
  const sandbox = await startSandbox(SLOW_SIGN_IN);
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/`);
    const w = new Widget(p.page, "en");
    const started = Date.now();
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    assert.ok(Date.now() - started < 2500, `step 1 usable after ${Date.now() - started} ms, before sign-in's 3 s`);
    assert.ok(!(await types(p)).includes("ready"), "no session yet, so no ready");
    assert.deepEqual((await p.events()).filter((e) => e.type === "stepchange").map((e) => e.detail.step), ["transactions"]);

    await w.continue();
    await w.root.getByRole("status").filter({ hasText: WAITING }).waitFor();
    await w.atStep(0);
    // The list arrives after the session: the member goes on by themself, focus on the step.
    await w.atStep(1);
    await p.page.waitForFunction(() => document.querySelector("dispute-intake").shadowRoot.activeElement?.tagName === "H2");
    assert.equal(await w.root.getByText(WAITING).count(), 0);
    assert.deepEqual(await types(p), ["stepchange", "ready", "stepchange"]);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("a transaction already in an open dispute, chosen before the list came, is taken off with its reason", async () => {
  const sandbox = await startSandbox(SLOW_SIGN_IN);
  let p;
  try {
    await disputeNorthwind(sandbox.url);
    p = await openPage(browser, `${sandbox.url}/`);
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    // Not known yet: it can be chosen.
    await w.select("Northwind Utilities");
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.root.getByText(WAITING).waitFor();

    // Known now: taken off, unselectable with its reason, the member told and kept on step 1.
    const summary = w.root.getByRole("alert");
    await summary.getByText(/already in an open dispute, so we took it off your choice/).waitFor();
    await w.atStep(0);
    const northwind = w.root.getByRole("checkbox", { name: /Northwind Utilities/ });
    assert.equal(await northwind.isDisabled(), true);
    assert.equal(await northwind.isChecked(), false);
    await w.root.getByText("Already in an open dispute.").waitFor();
    assert.equal(await w.root.getByRole("checkbox", { name: /Gadget Galaxy/ }).isChecked(), true);
    assert.ok((await types(p)).includes("ready"));

    // What is left goes on at once.
    await w.continue();
    await w.atStep(1);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("Spanish is fetched once, when a widget first needs it, and the widget then reads Spanish", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/plain.html`);
    const packs = [];
    p.page.on("request", (r) => r.url().includes("locale-") && packs.push(r.url()));
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await p.page.evaluate(async () => {
      const options = await window.disputeIntake.demoOptions();
      window.handle = await window.disputeIntake.mount(document.getElementById("widget"), { ...options, locale: "en" });
    });
    const en = new Widget(p.page, "en");
    en.root = p.page.locator("#widget");
    await en.atStep(0);
    assert.deepEqual(packs, [], "an English reader loads no other language");

    await p.page.evaluate(() => window.handle.update({ locale: "es" }));
    const es = new Widget(p.page, "es");
    es.root = p.page.locator("#widget");
    await es.atStep(0);
    assert.equal(await es.root.locator(".di").getAttribute("lang"), "es-US");
    assert.equal(packs.length, 1, packs.join("\n"));
    assert.match(packs[0], /\/locale-es\.js$/);
    // The reasons and the built-in questionnaire read Spanish too.
    await es.select("Gadget Galaxy");
    await es.continue();
    await es.atStep(1);
    await es.root.getByRole("radio", { name: /^No recibí lo que pagué/ }).waitFor();

    // Back to English and to Spanish again, and a second widget in Spanish: nothing more.
    await p.page.evaluate(() => window.handle.update({ locale: "en" }));
    await en.atStep(1);
    await p.page.evaluate(() => window.handle.update({ locale: "es" }));
    await es.atStep(1);
    await p.page.evaluate(async () => {
      const el = document.body.appendChild(document.createElement("div"));
      el.id = "second";
      await window.disputeIntake.mount(el, { ...(await window.disputeIntake.demoOptions()), locale: "es-MX" });
    });
    const second = new Widget(p.page, "es");
    second.root = p.page.locator("#second");
    // The same member in the same tab: the draft is taken back, on the step it was on.
    await second.atStep(1);
    assert.equal(packs.length, 1, packs.join("\n"));
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("the session exchange starts beside the wasm's download, and happens once", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/plain.html`);
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    let wasmAnswered;
    await p.page.route("**/dispute_intake_bg.wasm", async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      wasmAnswered = Date.now();
      await route.continue();
    });
    const exchanges = [];
    p.page.on("request", (r) => {
      if (r.method() === "GET" && new URL(r.url()).pathname === "/v1/authenticate") {
        exchanges.push({ at: Date.now(), url: r.url(), auth: r.headers().authorization ?? "" });
      }
    });
    await p.page.evaluate(async () => {
      const options = await window.disputeIntake.demoOptions();
      await window.disputeIntake.mount(document.getElementById("widget"), options);
    });
    await p.event("ready");
    const w = new Widget(p.page, "en");
    w.root = p.page.locator("#widget");
    await w.atStep(0);
    assert.equal(exchanges.length, 1, "one exchange");
    assert.ok(exchanges[0].at < wasmAnswered, "sent while the wasm was still on its way");
    assert.match(exchanges[0].auth, /^Bearer ./, "the token in its header");
    assert.ok(!exchanges[0].url.includes("?"), "nothing in the address");
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});
