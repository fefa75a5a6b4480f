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
