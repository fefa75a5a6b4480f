// The widget in front of dispute-gateway: the demo page (served by the sandbox, whose demo
// provider signs RS256 tokens and publishes its JWKS, and which also plays Casap's server API)
// points the widget at a gateway. A dispute on two card transactions with a PDF reaches the
// fake back end exactly once, mapped as the gateway's README says; its evidence link serves
// the same bytes; My disputes shows it, sent to the dispute team.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, pdfBytes } from "./widget.mjs";
import { startGateway, until } from "./gateway.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const sha256 = (b) => createHash("sha256").update(b).digest("hex");

test("a dispute filed through the gateway reaches Casap's server API once, with its PDF", async () => {
  const sandbox = await startSandbox(["--casap-server"]);
  const dir = mkdtempSync(path.join(tmpdir(), "gateway-e2e-"));
  let gateway;
  let p;
  try {
    gateway = await startGateway(sandbox.url, dir);
    const api = encodeURIComponent(gateway.url);
    p = await openPage(browser, `${sandbox.url}/?api=${api}&idp=rs256`);
    const w = new Widget(p.page, "en");
    const pdf = pdfBytes(300_000);
    const shortId = await w.fileWith({ name: "statement.pdf", mimeType: "application/pdf", buffer: pdf });
    const row = w.root.locator("li.di-upload", { hasText: "statement.pdf" });
    await until("the upload done", async () => (await row.getAttribute("data-state")) === "done");

    const received = await until("the dispute forwarded", async () => {
      const all = await (await fetch(`${sandbox.url}/sandbox/casap-server/received`)).json();
      return all.some((r) => r.outcome === "created") ? all : null;
    });
    assert.equal(received.length, 1, "exactly one /api/dispute");
    const [{ body, status }] = received;
    assert.equal(status, 200);
    const v1 = body.v1;
    assert.equal(body.version, 1);
    assert.equal(v1.orgUUID, "76851218-a1e8-418e-9151-8c2d61709521");
    const txns = await (await fetch(`${sandbox.url}/sandbox/members/mbr-ana/transactions`)).json();
    const byMerchant = Object.fromEntries(txns.map((t) => [t.merchant, t]));
    assert.deepEqual(v1.transactionDetails.map((t) => t.merchant).sort(), ["FreshMart Groceries", "Gadget Galaxy"]);
    for (const t of v1.transactionDetails) {
      const src = byMerchant[t.merchant];
      assert.equal(t.transactionID, src.uuid);
      assert.equal(t.transactedAmount, Number(src.amount.amountInCents));
      const settled = src.transactionSettledAmount ?? src.amount;
      assert.equal(t.settledAmount, Number(settled.amountInCents));
      const ms = Number(src.settledTimestamp) || Number(src.authorizedTimestamp);
      assert.equal(t.transactionTimestamp, Math.floor(ms / 1000), "epoch seconds");
      const network = { TRANSACTION_NETWORK_VISA: 1, TRANSACTION_NETWORK_MASTERCARD: 2, TRANSACTION_NETWORK_AMEX: 3 };
      const type = { TRANSACTION_TYPE_DEBIT_CARD: 1, TRANSACTION_TYPE_CREDIT_CARD: 2 };
      assert.equal(t.network, network[src.network], src.network);
      assert.equal(t.transactionType, type[src.type], src.type);
      assert.equal(t.thirdPartyTicketID, shortId);
      assert.equal(t.thirdPartyTicketUrl, `${gateway.url}/staff/cases/${shortId}`);
    }
    assert.equal(v1.customerInfo.name, "Ana Reyes");
    assert.match(v1.customerInfo.email, /@/);
    assert.ok(v1.customerInfo.accountId);
    assert.match(v1.notes.comment, /Reason: Unauthorized transaction/);
    assert.match(v1.notes.comment, /- Where is your card\?: still_have_card\n/, "answers as the member API carries them");
    assert.match(v1.notes.comment, /- Signed \(typed name\): Ana Reyes\n/);

    // The evidence link lists the PDF and serves the same bytes.
    const listing = await (await fetch(v1.notes.fileUrls[0])).text();
    const href = listing.match(/href="([^"]+)"[^>]*>statement\.pdf</)[1].replaceAll("&amp;", "&");
    const served = Buffer.from(await (await fetch(`${gateway.url}${href}`)).arrayBuffer());
    assert.equal(sha256(served), sha256(pdf));

    // My disputes, from the gateway's store.
    await w.root.getByRole("button", { name: "My disputes" }).click();
    await w.heading("My disputes").waitFor();
    const listed = w.root.locator(`li.di-dispute[data-short-id="${shortId}"]`);
    await listed.waitFor();
    assert.match(await listed.textContent(), /Open/);
    await listed.getByRole("button", { name: `See details ${shortId}` }).click();
    const detail = w.root.locator("article.di-dispute-detail");
    await detail.locator(".di-timeline li", { hasText: "Sent to the dispute team" }).waitFor();
    const sent = await detail.locator(".di-timeline li", { hasText: "Sent to the dispute team" }).textContent();
    const backendUuid = received[0].uuid;
    assert.ok(sent.includes(backendUuid), `${sent} names ${backendUuid}`);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await gateway?.stop();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
