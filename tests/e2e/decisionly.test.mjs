// The widget in front of dispute-gateway with the Decisionly connector, against the sandbox's
// fake Decisionly (which checks every field rule of its document). Four disputes as a member
// files them: unauthorized with a lost card, not received, a duplicate charge, a wrong amount;
// each becomes a valid case with the evidence its reason calls for; a document is listed and
// byte-identical; and what Decisionly does comes back to My disputes.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, pdfBytes, yesterday } from "./widget.mjs";
import { DECISIONLY_KEY, startGateway, until } from "./gateway.mjs";

let browser;
let sandbox;
let gateway;
let dir;

before(async () => {
  browser = await launchBrowser();
  sandbox = await startSandbox(["--decisionly-key", DECISIONLY_KEY]);
  dir = mkdtempSync(path.join(tmpdir(), "decisionly-e2e-"));
  // The credit union's card facts for the demo member's card transactions.
  const txns = await (await fetch(`${sandbox.url}/sandbox/members/mbr-ana/transactions`)).json();
  const rows = txns
    .filter((t) => t.network === "TRANSACTION_NETWORK_VISA")
    .map((t, i) => `${t.uuid},5732,4242,9,2029,,${String(74000000000000000000000n + BigInt(i))},,dual_message`);
  const csv = path.join(dir, "cards.csv");
  writeFileSync(csv, ["transaction_uuid,category_code,last4,expiry_month,expiry_year,network,arn,switch_serial_number,system", ...rows].join("\n"));
  gateway = await startGateway(sandbox.url, dir, `kind = "decisionly"\nenrichment_csv = "${csv}"\npoll_interval_ms = 200`);
});

after(async () => {
  await gateway?.stop();
  await sandbox?.stop();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (b) => createHash("sha256").update(b).digest("hex");

/** Files one dispute through the gateway; the case number. */
async function fileThroughGateway(select, reason, answer, files) {
  const p = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent(gateway.url)}&idp=rs256`);
  try {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await select(w);
    await w.continue();
    await w.atStep(1);
    await w.reason(reason);
    await w.continue();
    await w.atStep(2);
    await answer(w);
    await w.continue();
    await w.atStep(3);
    if (files) {
      await w.attach(files);
      await w.root.locator(".di-files li").first().waitFor();
    }
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    const shortId = await w.confirmation();
    if (files) {
      const row = w.root.locator("li.di-upload", { hasText: files.name });
      await until("the upload done", async () => (await row.getAttribute("data-state")) === "done");
    }
    assert.deepEqual(p.consoleErrors, []);
    return shortId;
  } finally {
    await p.close();
  }
}

/** The fake's case `id` once it exists (and `ready(case)` holds). */
async function decisionlyCase(id, ready = () => true) {
  return until(`case ${id}`, async () => {
    const r = await fetch(`${sandbox.url}/v2/issuer/cases/${id}`, {
      headers: { authorization: `Basic ${Buffer.from(`${DECISIONLY_KEY}:`).toString("base64")}` },
    });
    if (r.status !== 200) return null;
    const c = await r.json();
    return ready(c) ? c : null;
  });
}

test("four disputes become valid Decisionly cases with their evidence, and the network comes back", async () => {
  const pdf = pdfBytes(200_000);
  const lost = await fileThroughGateway(
    (w) => w.select("Gadget Galaxy"),
    "I didn't make this transaction",
    async (w) => {
      await w.choose("Where is your card?", "It was lost");
      await w.fill("When did you find out it was lost or stolen?", yesterday());
      await w.choose("Do you recognize the merchant?", "No");
      await w.choose("Did you let anyone use your card or account?", "No");
      await w.choose("Did someone contact you and get your card details or codes?", "No");
      await w.choose("We will block this card and send you a new one. Is that all right?", "Yes");
      await w.fill("In your own words, what went wrong?", "Lost my card on the bus.");
    },
    { name: "police-report.pdf", mimeType: "application/pdf", buffer: pdf },
  );
  const notReceived = await fileThroughGateway(
    (w) => w.select("SkyHigh Airlines"),
    "I didn't receive what I paid for",
    async (w) => {
      await w.fill("What did you buy?", "Flight PDX to SFO");
      await w.choose("Have you contacted the merchant about this?", "No");
      await w.choose("Why not?", "They are out of business");
      await w.choose("What kind of purchase was it?", "Travel or a reservation");
      await w.fill("When did you expect to receive it?", yesterday());
      await w.choose("What happened?", "The service was not provided");
      await w.choose("Was the order canceled?", "Yes, the merchant canceled it");
      await w.fill("When was it canceled?", yesterday());
      await w.fill("In your own words, what went wrong?", "The airline stopped flying.");
    },
  );
  const duplicate = await fileThroughGateway(
    (w) => w.root.getByRole("checkbox", { name: /StreamFlix Subscription/ }).first().check(),
    "I was charged twice",
    async (w) => {
      await w.choose("Did you make only one purchase or payment? (optional)", "Yes");
      await w.fill("In your own words, what went wrong?", "Billed twice for one month.");
    },
  );
  const wrongAmount = await fileThroughGateway(
    (w) => w.select("FreshMart Groceries"),
    "I was charged the wrong amount",
    async (w) => {
      // Reg E (a debit card): only the common questions are required.
      await w.fill("What should the amount have been? (optional)", "45.00");
      await w.choose("How do you know?", "My receipt");
      await w.fill("In your own words, what went wrong?", "The receipt says $45.00.");
    },
  );

  const a = await decisionlyCase(`${lost}-1`, (c) => c.issuer_evidence.documentation?.length === 1);
  assert.equal(a.reason, "fraud");
  assert.equal(a.issuer_evidence.card.possession_at_transaction, "lost");
  assert.equal(a.issuer_evidence.card.lost_date, `${yesterday()}T00:00:00Z`);
  assert.equal(a.transaction.card.last4, "4242");
  const stored = Buffer.from(await (await fetch(`${sandbox.url}/sandbox/decisionly/files/${a.issuer_evidence.documentation[0]}`)).arrayBuffer());
  assert.equal(sha256(stored), sha256(pdf), "the document, byte-identical");

  const b = await decisionlyCase(`${notReceived}-1`);
  assert.equal(b.reason, "product_not_received");
  assert.equal(b.issuer_evidence.delivery.expected_date, `${yesterday()}T00:00:00Z`);
  assert.equal(b.issuer_evidence.merchant_contact.was_successful, false);
  assert.equal(b.issuer_evidence.merchant_contact.prohibited_reason, "out_of_business");

  const c = await decisionlyCase(`${duplicate}-1`);
  assert.equal(c.reason, "duplicate_charge");
  assert.match(c.issuer_evidence.prior_transaction.issuer_id, /^txn-mbr-ana-/);

  const d = await decisionlyCase(`${wrongAmount}-1`);
  assert.equal(d.reason, "incorrect_amount");
  assert.deepEqual(d.issuer_evidence.amount_correction, { amount: 4500, currency: "USD" });

  // Every request the fake answered was valid by its rules.
  const received = await (await fetch(`${sandbox.url}/sandbox/decisionly/received`)).json();
  assert.deepEqual(received.filter((r) => r.status !== 200), []);

  // Decisionly files the chargeback, then the network decides: My disputes follows.
  const move = (body) =>
    fetch(`${sandbox.url}/sandbox/decisionly/cases/${lost}-1/status`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  assert.equal((await move({ status: "chargeback_filed" })).status, 200);
  const p = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent(gateway.url)}&idp=rs256&view=status`);
  try {
    const w = new Widget(p.page, "en");
    await w.heading("My disputes").waitFor();
    const row = w.root.locator(`li.di-dispute[data-short-id="${lost}"]`);
    await row.getByRole("button", { name: `See details ${lost}` }).click();
    const detail = w.root.locator("article.di-dispute-detail");
    const refresh = async (text) =>
      until(text, async () => {
        await p.page.reload();
        await w.heading("My disputes").waitFor();
        await w.root.locator(`li.di-dispute[data-short-id="${lost}"]`).getByRole("button", { name: `See details ${lost}` }).click();
        return (await detail.textContent()).includes(text);
      });
    await refresh("With the card network");
    assert.equal((await move({ status: "won" })).status, 200);
    await refresh("Reviewed with the card network");
    const text = await detail.textContent();
    assert.match(text, new RegExp(`${lost} · Open`), "the credit union's decision is still to come");
    assert.doesNotMatch(text, /Decided in your favor|Decided against your claim/);
  } finally {
    await p.close();
  }
});
