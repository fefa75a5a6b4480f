// mount(element, options) and its handle, without the custom element: callbacks and events,
// update() (language, broken and repaired options), destroy(), and defineDisputeIntake twice.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";

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

test("defineDisputeIntake() is idempotent", async () => {
  const p = await plainPage();
  try {
    const same = await p.page.evaluate(async () => {
      const a = await window.disputeIntake.defineDisputeIntake();
      const b = await window.disputeIntake.defineDisputeIntake();
      return a === b && customElements.get("dispute-intake") === a;
    });
    assert.equal(same, true);
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
    await widget.getByRole("group", { name: "Where is your card?" }).waitFor();
    assert.equal(await widget.getByLabel("Which branch do you use?").count(), 0);
  } finally {
    await p.close();
  }
});
