// The member's filing flow end to end in Chromium, against the sandbox, through the demo page.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, openPage, setFaults, startSandbox } from "./harness.mjs";
import { Widget, disputeNorthwind, pngFile, readBack, yesterday } from "./widget.mjs";

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "artifacts");
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A fresh sandbox (so no test sees another's disputes) and the demo page on it. */
async function fresh(query = "") {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/${query}`);
  return { sandbox, p, async close() { await p.close(); await sandbox.stop(); } };
}

/** Files an unauthorized dispute on two card transactions with one PNG. */
function fileUnauthorized(w, lang) {
  return w.fileWith(pngFile(), lang);
}

async function checkFiled(sandboxUrl, shortId) {
  const filed = await readBack(sandboxUrl);
  assert.equal(filed.length, 1, "exactly one dispute");
  const { dispute, answers, files } = filed[0];
  assert.equal(dispute.shortId, shortId);
  assert.equal(dispute.reason, "DISPUTE_REASON_UNAUTH");
  assert.deepEqual(dispute.transactions.map((t) => t.merchant).sort(), ["FreshMart Groceries", "Gadget Galaxy"]);
  assert.deepEqual(answers, {
    card_status: "still_have_card",
    recognizes_merchant: "no",
    allowed_anyone_to_use: "no",
    disputed_amount: String(24999 + 6723),
    member_explanation: "I was at home; these are not mine.",
    date_noticed: yesterday(),
    questionnaire_version: answers.questionnaire_version,
    attestation: answers.attestation,
    attestation_signed_name: "Ana Reyes",
    attestation_signed_at: answers.attestation_signed_at,
    attestation_authentication: answers.attestation_authentication,
  });
  assert.match(answers.questionnaire_version, /\S/);
  // What the member agreed to, in English for the staff: the standard and the fraud statements.
  assert.match(answers.attestation, /true and complete/);
  assert.match(answers.attestation, /I did not make, authorize or take part/);
  assert.doesNotMatch(answers.attestation, /Unauthorized Debit/, "no ACH debit, so no WSUD");
  const signedAt = Date.parse(answers.attestation_signed_at);
  assert.ok(Math.abs(Date.now() - signedAt) < 10 * 60_000, answers.attestation_signed_at);
  assert.equal(files.length, 1);
  assert.equal(files[0].filename, "receipt.png");
  assert.equal(files[0].contentType, "image/png");
  assert.equal(files[0].sha256, pngFile().sha256);
}

test("a member files an unauthorized dispute on two transactions with a photo", async () => {
  const { sandbox, p, close } = await fresh();
  try {
    const w = new Widget(p.page, "en");
    const shortId = await fileUnauthorized(w, "en");
    assert.match(shortId, /^CSP-\d+$/);
    const submitted = await p.event("submitted");
    assert.deepEqual(submitted, { uuid: submitted.uuid, shortId, filesUploaded: 1, filesFailed: 0, sessionId: submitted.sessionId });
    assert.deepEqual(await w.upload("receipt.png"), { state: "done", text: "Received", progress: "1000" });
    // A debit and a credit card: both the Reg E and the Reg Z timelines apply.
    await w.root.getByText(/decision within 10 business days/).waitFor();
    await w.root.getByText(/within two billing cycles/).waitFor();
    await checkFiled(sandbox.url, shortId);
    await w.root.getByRole("button", { name: "Done" }).click();
    const { sessionId, ...exit } = await p.event("exit");
    assert.deepEqual(exit, { reason: "done", step: "confirmation", shortId });
    assert.match(sessionId, /\S/);
    const steps = (await p.events()).filter((e) => e.type === "stepchange").map((e) => e.detail.step);
    assert.deepEqual(steps, ["transactions", "reason", "questions", "evidence", "review", "confirmation"]);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await close();
  }
});

test("the same in Spanish", async () => {
  const { sandbox, p, close } = await fresh("?locale=es");
  try {
    const w = new Widget(p.page, "es");
    const shortId = await fileUnauthorized(w, "es");
    await p.event("submitted");
    assert.deepEqual(await w.upload("receipt.png"), { state: "done", text: "Recibido", progress: "1000" });
    await checkFiled(sandbox.url, shortId);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await close();
  }
});

test("Continue explains what is missing, and Back and edit-from-review keep every answer", async () => {
  const { p, close } = await fresh();
  try {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await w.continue();
    const summary = w.root.getByRole("alert").filter({ hasText: "Please fix the following" });
    await summary.getByRole("button", { name: "Select at least one transaction." }).waitFor();
    assert.equal(await p.page.evaluate(() => document.querySelector("dispute-intake").shadowRoot.activeElement?.className), "di-error-summary");

    await w.select("Gadget Galaxy");
    await w.continue();
    await w.reason("I didn't receive what I paid for");
    await w.continue();
    await w.atStep(2);
    // Each summary line names its question.
    await w.continue();
    await summary.getByRole("button", { name: "What did you buy? Answer this question." }).waitFor();
    await summary.getByRole("button", { name: "In your own words, what went wrong? Answer this question." }).waitFor();
    await w.fill("What did you buy?", "Noise-cancelling headphones");
    await w.choose("Have you contacted the merchant about this?", "Yes");
    await w.fill("When did you contact them?", yesterday());
    await w.choose("What did the merchant say?", "They did not reply");
    // A credit card is Reg Z: the reason's own questions are required too.
    await w.choose("What kind of purchase was it?", "Merchandise");
    await w.fill("When did you expect to receive it?", yesterday());
    await w.choose("What happened?", "It never arrived");
    await w.choose("Was the order canceled?", "No");
    await w.fill("How much are you disputing?", "200");
    await w.fill("In your own words, what went wrong?", "Never arrived.");
    await w.continue();
    await w.atStep(3);
    await w.attach(pngFile("order.png"));
    await w.root.getByText("order.png").waitFor();
    // Back to the reason and forward again: everything is still there.
    await w.back();
    await w.back();
    await w.atStep(1);
    assert.equal(await w.root.getByRole("radio", { name: /^I didn't receive what I paid for/ }).isChecked(), true);
    await w.continue();
    await w.atStep(2);
    assert.equal(await w.root.getByLabel("What did you buy?").inputValue(), "Noise-cancelling headphones");
    assert.equal(await w.root.getByLabel("How much are you disputing?").inputValue(), "200");
    assert.equal(await w.root.getByRole("radiogroup", { name: "What did the merchant say?" }).getByRole("radio", { name: "They did not reply" }).isChecked(), true);
    await w.continue();
    await w.root.getByText("order.png").waitFor();
    await w.continue();
    await w.atStep(4);
    await w.root.getByText("Noise-cancelling headphones").waitFor();

    // Edit the answers from the review and come straight back to it.
    await w.root.getByRole("button", { name: "Edit Your answers" }).click();
    await w.atStep(2);
    await w.fill("In your own words, what went wrong?", "Never arrived; tracking shows nothing.");
    await w.continue();
    await w.atStep(4);
    await w.root.getByText("Never arrived; tracking shows nothing.").waitFor();
    await w.root.getByText("order.png").waitFor();
    await w.root.getByText("$200.00").waitFor();

    // The review refuses to submit without the attestation and the signature.
    await w.submit();
    await w.root.getByRole("button", { name: "Check the box to confirm the statement." }).waitFor();
    await w.root.getByRole("button", { name: "Type your name to sign." }).click();
    assert.equal(await p.page.evaluate(() => document.querySelector("dispute-intake").shadowRoot.activeElement?.id), "di-field-signature");
  } finally {
    await close();
  }
});

test("on a 360 px phone the flow fits without sideways scrolling", async () => {
  const { sandbox, p, close } = await fresh();
  try {
    await p.page.setViewportSize({ width: 360, height: 740 });
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    const fits = () =>
      p.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    assert.equal(await fits(), true, "transactions step scrolls sideways");
    const box = await w.root.getByRole("button", { name: "Continue" }).boundingBox();
    assert.ok(box.height >= 44 && box.width >= 44, `Continue is ${box.width}x${box.height}`);
    const shortId = await fileUnauthorized(w, "en");
    assert.equal(await fits(), true, "confirmation scrolls sideways");
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.page.screenshot({ path: path.join(ARTIFACTS, "confirmation-360px.png"), fullPage: true });
    await checkFiled(sandbox.url, shortId);
  } finally {
    await close();
  }
});

test("a failed create shows a message, and Try again files exactly one dispute", async () => {
  const { sandbox, p, close } = await fresh();
  const faults = (body) => setFaults(sandbox.url, body);
  try {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    // First a plain 503, then the dangerous case: the server files it and the answer is lost.
    await faults({ create: { error503: 1 } });
    const filing = fileUnauthorized(w, "en");
    const alert = w.root.getByRole("alert").filter({ hasText: "We couldn't submit your dispute" });
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await alert.textContent(), /having trouble/);
    assert.equal((await readBack(sandbox.url)).length, 0);

    // (The widget tried three times before asking: a 503 may pass.)
    // Now every answer to a create is lost after the server filed it: the widget's next try
    // looks first, finds the dispute its lost try created, and adopts it.
    await faults({ create: { commitThenDrop: 1 } });
    await alert.getByRole("button", { name: "Try again" }).click();
    const shortId = await filing;
    await faults({});
    await checkFiled(sandbox.url, shortId);
  } finally {
    await close();
  }
});

test("the list searches and filters, and says why an item cannot be picked", async () => {
  const sandbox = await startSandbox();
  try {
    await disputeNorthwind(sandbox.url);
  } catch (e) {
    await sandbox.stop();
    throw e;
  }
  const p = await openPage(browser, `${sandbox.url}/`);
  try {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    const boxes = w.root.getByRole("checkbox");
    await w.root.getByRole("checkbox", { name: /Northwind Utilities/ }).waitFor();
    await p.page.waitForFunction(() =>
      document.querySelector("dispute-intake").shadowRoot.textContent.includes("Already in an open dispute."));
    assert.equal(await w.root.getByRole("checkbox", { name: /Northwind Utilities/ }).isDisabled(), true);
    assert.equal(await w.root.getByRole("checkbox", { name: /Corner Café/ }).isDisabled(), true, "pending");
    await w.root.getByText("Pending: you can dispute it once it posts.").waitFor();
    assert.equal(await w.root.getByRole("checkbox", { name: /Hotel Lumière/ }).isDisabled(), false, "late is allowed");
    await w.root.getByText(/More than 60 days old/).first().waitFor();

    await w.fill("Search by merchant", "fresh");
    assert.equal(await boxes.count(), 1);
    await w.fill("Search by merchant", "");
    await w.root.getByLabel("Type").selectOption({ label: "ATM withdrawal" });
    assert.deepEqual(await w.root.locator(".di-merchant").allTextContents(), ["ATM Main St"]);
    await w.root.getByLabel("Type").selectOption({ label: "All types" });
    await w.root.getByLabel("Date").selectOption({ label: "Last 30 days" });
    const recent = await w.root.locator(".di-merchant").allTextContents();
    assert.ok(!recent.includes("Hotel Lumière") && !recent.includes("QuickFit Gym") && recent.includes("Gadget Galaxy"), recent.join());
    // A selection survives filtering it out of view.
    await w.select("Gadget Galaxy");
    await w.fill("Search by merchant", "atm");
    await w.root.getByText("1 selected").waitFor();
    await w.continue();
    await w.atStep(1);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});
