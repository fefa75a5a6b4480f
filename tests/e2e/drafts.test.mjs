// Drafts across reloads (persistDraft): every step comes back with every answer, documents are
// named to be added again, nothing is kept once filed or after sign-out, and another member on
// the same tab never sees it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, pngFile, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const storedDrafts = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("dispute-intake:draft")));

const radio = (w, group, option) =>
  w.root.getByRole("radiogroup", { name: group }).getByRole("radio", { name: option, exact: true });

/** A fresh sandbox and the demo page on it, at the first step. */
async function demo(query = "") {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/${query}`);
  const w = new Widget(p.page, "en");
  await w.atStep(0);
  return { sandbox, p, w, async close() { await p.close(); await sandbox.stop(); } };
}

async function reload(p, w, step) {
  await p.page.reload();
  await w.atStep(step);
}

test("a reload at every step brings back every answer; files are named to add again", async () => {
  const { sandbox, p, w, close } = await demo();
  try {
    await w.select("Gadget Galaxy");
    await w.select("FreshMart Groceries");
    await reload(p, w, 0);
    for (const m of ["Gadget Galaxy", "FreshMart Groceries"]) {
      assert.equal(await w.root.getByRole("checkbox", { name: new RegExp(m) }).isChecked(), true, m);
    }
    await w.continue();
    await w.atStep(1);
    await w.reason("I didn't make this transaction");
    await reload(p, w, 1);
    assert.equal(await w.root.getByRole("radio", { name: /^I didn't make this transaction/ }).isChecked(), true);
    const welcome = w.root.getByRole("status").filter({ hasText: "Welcome back: the answers you gave before were kept." });
    assert.equal(await welcome.count(), 1, "the member is told, without moving focus");
    await w.continue();
    await w.atStep(2);
    assert.equal(await welcome.count(), 0, "until they move on");
    await w.choose("Where is your card?", "I still have it");
    await w.choose("Do you recognize the merchant?", "No");
    await w.choose("Did you let anyone use your card or account?", "No");
    await w.fill("In your own words, what went wrong?", "Not mine: I was at home.");
    await reload(p, w, 2);
    assert.equal(await radio(w, "Where is your card?", "I still have it").isChecked(), true);
    assert.equal(await radio(w, "Do you recognize the merchant?", "No").isChecked(), true);
    assert.equal(await w.root.getByLabel("In your own words, what went wrong?", { exact: true }).inputValue(), "Not mine: I was at home.");
    await w.continue();
    await w.atStep(3);
    await w.attach(pngFile());
    await w.root.locator(".di-files li").first().waitFor();
    await reload(p, w, 3);
    const notice = w.root.locator(".di-notice");
    assert.match(await notice.textContent(), /add them again on the documents step: receipt\.png\./);
    await w.attach(pngFile());
    await w.root.locator(".di-files li").first().waitFor();
    assert.equal(await notice.count(), 0, "named until added again");
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await reload(p, w, 4);
    assert.equal(await w.root.getByRole("checkbox", { name: w.w.attest }).isChecked(), true);
    assert.equal(await w.root.getByLabel(w.w.signature).inputValue(), "Ana Reyes");
    assert.match(await w.root.locator(".di-notice").textContent(), /receipt\.png/, "the reload lost the file again");
    assert.deepEqual(await storedDrafts(p.page), ["dispute-intake:draft:v1:" + (await orgOf(sandbox.url)) + ":mbr-ana"]);
    const stored = await p.page.evaluate(() => JSON.stringify(sessionStorage));
    assert.doesNotMatch(stored, /eyJ/, "no token (JWTs start eyJ) in storage");

    await w.submit();
    await w.confirmation();
    assert.deepEqual(await storedDrafts(p.page), [], "filed: the draft is gone");
    const [filed] = await readBack(sandbox.url);
    assert.equal(filed.answers.member_explanation, "Not mine: I was at home.");
  } finally {
    await close();
  }
});

async function orgOf(url) {
  return (await (await fetch(`${url}/sandbox/members`)).json()).find((m) => m.id === "mbr-ana").orgId;
}

test("another member on the same tab sees none of it; the first member's draft waits for them", async () => {
  const { sandbox, p, w, close } = await demo();
  try {
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
    await w.reason("I didn't make this transaction");
    await w.continue();
    await w.atStep(2);

    await p.page.goto(`${sandbox.url}/?member=mbr-ben`);
    await w.atStep(0);
    assert.equal(await w.root.locator("input.di-check:checked").count(), 0, "Ben starts empty");
    assert.equal(await w.root.locator(".di-notice").count(), 0);

    await p.page.goto(`${sandbox.url}/?member=mbr-ana`);
    await w.atStep(2);
    assert.equal(await w.root.getByRole("radiogroup", { name: "Where is your card?" }).count(), 1);
  } finally {
    await close();
  }
});

test("destroy({ signOut: true }) forgets the draft; a plain destroy() keeps it", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/plain.html`);
  try {
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    const mount = () =>
      p.page.evaluate(async () => {
        window.handle = await window.disputeIntake.mount(document.getElementById("widget"), await window.disputeIntake.demoOptions());
      });
    await mount();
    const w = new Widget(p.page, "en");
    w.root = p.page.locator("#widget");
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    await p.page.waitForFunction(() => Object.keys(sessionStorage).some((k) => k.startsWith("dispute-intake:draft")));
    await p.page.evaluate(() => window.handle.destroy());
    assert.equal((await storedDrafts(p.page)).length, 1, "kept for a reload");
    await mount();
    await w.atStep(0);
    assert.equal(await w.root.getByRole("checkbox", { name: /Gadget Galaxy/ }).isChecked(), true);
    await p.page.evaluate(() => window.handle.destroy({ signOut: true }));
    assert.deepEqual(await storedDrafts(p.page), [], "signed out: forgotten");
    await mount();
    await w.atStep(0);
    assert.equal(await w.root.getByRole("checkbox", { name: /Gadget Galaxy/ }).isChecked(), false);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});
