// "My disputes" end to end: a filed dispute in the list, its detail and timeline, closed by the
// back office and one of two transactions reopened, a document added to the open dispute,
// found by case number, and never shown to another member.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, setFaults, startSandbox } from "./harness.mjs";
import { Widget, createDispute, pngFile, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}

test("file, see it listed, close it, reopen one of two, add a file, find it by case number", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/`);
    const w = new Widget(p.page, "en");
    const shortId = await w.fileWith(pngFile());
    await p.event("submitted");

    // From the confirmation to the list: the new dispute, in words.
    await w.root.getByRole("button", { name: "My disputes" }).click();
    await w.heading("My disputes").waitFor();
    const row = w.root.locator(`li.di-dispute[data-short-id="${shortId}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    assert.match(rowText, /Open/);
    assert.match(rowText, /I didn.t make this transaction/);
    assert.match(rowText, /\$317\.22/, "24,999 + 6,723 cents");
    assert.equal(await w.heading("My disputes").evaluate((h) => h.getRootNode().activeElement === h), true, "heading focused");

    // The back office decides for the member and closes the dispute.
    const [{ dispute }] = await readBack(sandbox.url);
    await post(`${sandbox.url}/sandbox/disputes/${dispute.uuid}/close`, { decision: "RECORD_FINAL_DECISION_TYPE_ACCEPTED" });

    await row.getByRole("button", { name: `See details ${shortId}` }).click();
    const detail = w.root.locator("article.di-dispute-detail");
    await detail.getByText(`${shortId} · Closed`).waitFor();
    const txns = detail.locator(".di-disputed-txns > li");
    assert.equal(await txns.count(), 2);
    for (const t of await txns.all()) {
      assert.match(await t.textContent(), /Closed · Decided in your favor/);
      assert.match(await t.textContent(), /Final credit/);
    }
    const timeline = await detail.locator(".di-timeline li").allTextContents();
    assert.match(timeline[0], /Dispute filed/);
    assert.ok(timeline.some((l) => /Document received/.test(l)), timeline.join(" | "));
    assert.equal(timeline.filter((l) => /Decided in your favor \((Gadget Galaxy|FreshMart Groceries)\)/.test(l)).length, 2, timeline.join(" | "));
    // A closed dispute takes no documents.
    assert.equal(await detail.locator("#di-add-files").count(), 0);

    // Reopen only Gadget Galaxy: nothing chosen is refused first.
    await detail.getByRole("button", { name: "Reopen this dispute" }).click();
    await detail.getByRole("button", { name: "Reopen selected" }).click();
    await detail.getByText("Choose at least one transaction to reopen.").waitFor();
    await detail.getByRole("group", { name: /Choose the closed transactions/ }).getByRole("checkbox", { name: /Gadget Galaxy/ }).check();
    await detail.getByRole("button", { name: "Reopen selected" }).click();
    await detail.getByText("Reopened. We will review it again and keep you posted.").waitFor();
    await detail.getByText(`${shortId} · Open`).waitFor();
    const statuses = Object.fromEntries(
      await txns.evaluateAll((lis) => lis.map((li) => [li.querySelector("strong").textContent, li.querySelector(".di-txn-status").textContent])),
    );
    assert.deepEqual(statuses, { "Gadget Galaxy": "Open", "FreshMart Groceries": "Closed" });
    await detail.locator(".di-timeline li", { hasText: "Dispute reopened" }).waitFor();

    // The open dispute takes another document.
    await detail.locator("#di-add-files").setInputFiles(pngFile("second-receipt.png"));
    await detail.locator("li.di-upload[data-state=done]", { hasText: "second-receipt.png" }).waitFor();
    const [after] = await readBack(sandbox.url);
    assert.deepEqual(after.files.map((f) => f.filename).sort(), ["receipt.png", "second-receipt.png"]);
    assert.deepEqual(
      after.dispute.transactions.map((t) => [t.merchant, t.status]).sort(),
      [["FreshMart Groceries", "DISPUTED_TRANSACTION_STATUS_CLOSED"], ["Gadget Galaxy", "DISPUTED_TRANSACTION_STATUS_OPEN"]],
    );

    // Find by case number, typed the way members type it.
    await w.root.getByRole("button", { name: "All my disputes" }).click();
    await w.root.getByLabel("Case number").fill(` ${shortId.toLowerCase()} `);
    await w.root.getByRole("button", { name: "Find", exact: true }).click();
    await row.waitFor();
    assert.equal(await w.root.locator("li.di-dispute").count(), 1);
    await w.root.getByLabel("Case number").fill("CSP-999999");
    await w.root.getByRole("button", { name: "Find", exact: true }).click();
    await w.root.getByText("No dispute of yours has that case number.").waitFor();
    await w.root.getByLabel("Case number").fill("CSP-1&size=1000");
    await w.root.getByRole("button", { name: "Find", exact: true }).click();
    await w.root.getByText("Enter a case number like CSP-1234.").waitFor();

    // Back to filing: the confirmation is where the member left it.
    await w.root.getByRole("button", { name: "Back" }).click();
    await w.heading("Your dispute was submitted").waitFor();
    const readies = (await p.events()).filter((e) => e.type === "ready");
    assert.equal(readies.length, 1, "ready is told once");
    assert.deepEqual(p.consoleErrors, []);

    // Another member on the same sandbox sees none of it, even by case number.
    const other = await openPage(browser, `${sandbox.url}/?member=mbr-ben&view=status`);
    try {
      const o = new Widget(other.page, "en");
      await o.heading("My disputes").waitFor();
      await o.root.getByText("You have no disputes yet.").waitFor();
      await o.root.getByLabel("Case number").fill(shortId);
      await o.root.getByRole("button", { name: "Find", exact: true }).click();
      await o.root.getByText("No dispute of yours has that case number.").waitFor();
      assert.deepEqual(Object.keys(await other.event("ready")), ["sessionId"]);
    } finally {
      await other.close();
    }
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("the list in Spanish, and the link from the start of the filing flow", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/?locale=es`);
    const w = new Widget(p.page, "es");
    await w.atStep(0);
    await w.root.getByRole("button", { name: "Consultar una disputa presentada" }).click();
    await w.heading("Mis disputas").waitFor();
    await w.root.getByText("Todavía no tiene disputas.").waitFor();
    await w.root.getByRole("button", { name: "Presentar una nueva disputa" }).click();
    await w.atStep(0);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("twelve disputes come in pages of ten", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push((await createDispute(sandbox.url, "mbr-ana", i)).shortId);
    p = await openPage(browser, `${sandbox.url}/?view=status`);
    const w = new Widget(p.page, "en");
    await w.heading("My disputes").waitFor();
    await w.root.getByText("Page 1 of 2").first().waitFor();
    const rows = w.root.locator("li.di-dispute");
    assert.equal(await rows.count(), 10);
    assert.equal(await w.root.getByRole("button", { name: "Previous" }).isDisabled(), true);
    const first = await rows.evaluateAll((lis) => lis.map((li) => li.dataset.shortId));
    await w.root.getByRole("button", { name: "Next" }).click();
    await w.root.getByText("Page 2 of 2").first().waitFor();
    await w.root.locator("ul.di-disputes[aria-busy=false]").waitFor();
    assert.equal(await rows.count(), 2);
    const second = await rows.evaluateAll((lis) => lis.map((li) => li.dataset.shortId));
    assert.deepEqual([...first, ...second].sort(), [...ids].sort(), "every dispute once across the pages");
    assert.equal(await w.root.getByRole("button", { name: "Next" }).isDisabled(), true);
    // A dispute opened from page 2 leads back to page 2.
    await w.root.getByRole("button", { name: `See details ${second[0]}` }).click();
    await w.root.locator("article.di-dispute-detail").getByText(`${second[0]} · Open`).waitFor();
    await w.root.getByRole("button", { name: "All my disputes" }).click();
    await w.root.getByText("Page 2 of 2").first().waitFor();
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("two quick Next presses while page 2 is slow: page 3 is shown, the late page 2 is not, and the pager still works", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    // The member has 12 transactions: 9 of the first disputes are closed to dispute them again.
    for (let i = 0; i < 21; i++) {
      const { uuid } = await createDispute(sandbox.url, "mbr-ana", i);
      if (i < 9) await post(`${sandbox.url}/sandbox/disputes/${uuid}/close`, { decision: "RECORD_FINAL_DECISION_TYPE_ACCEPTED" });
    }
    p = await openPage(browser, `${sandbox.url}/?view=status`);
    const w = new Widget(p.page, "en");
    const rows = w.root.locator("li.di-dispute");
    const ids = () => rows.evaluateAll((lis) => lis.map((li) => li.dataset.shortId));
    const settled = w.root.locator("ul.di-disputes[aria-busy=false]");
    await w.root.getByText("Page 1 of 3").first().waitFor();
    await setFaults(sandbox.url, { list: { latencyMs: 1500, queryContains: "page=2&" } });
    const next = w.root.getByRole("button", { name: "Next" });
    await next.click();
    await next.click();
    await w.root.getByText("Page 3 of 3").first().waitFor();
    await settled.waitFor();
    assert.equal(await rows.count(), 1, "page 3 holds the 21st dispute");
    const third = await ids();
    // Page 2's answer comes later and changes nothing.
    await p.page.waitForTimeout(2000);
    assert.deepEqual(await ids(), third);
    await w.root.getByText("Page 3 of 3").first().waitFor();
    // The pager still works: back to page 2 (slow), then Next to page 3 again.
    await w.root.getByRole("button", { name: "Previous" }).click();
    await w.root.getByText("Page 2 of 3").first().waitFor();
    await settled.waitFor();
    assert.equal(await rows.count(), 10);
    await next.click();
    await settled.waitFor();
    assert.deepEqual(await ids(), third);
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("reopening the last closed transaction: focus on the dispute, the result announced", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    const { uuid, shortId } = await createDispute(sandbox.url);
    await post(`${sandbox.url}/sandbox/disputes/${uuid}/close`, { decision: "RECORD_FINAL_DECISION_TYPE_ACCEPTED" });
    p = await openPage(browser, `${sandbox.url}/?view=status`);
    const w = new Widget(p.page, "en");
    await w.root.getByRole("button", { name: `See details ${shortId}` }).click();
    const detail = w.root.locator("article.di-dispute-detail");
    await detail.getByText(`${shortId} · Closed`).waitFor();
    await detail.getByRole("button", { name: "Reopen this dispute" }).click();
    await detail.getByRole("group", { name: /Choose the closed transactions/ }).getByRole("checkbox").check();
    await detail.getByRole("button", { name: "Reopen selected" }).click();
    await detail.getByText(`${shortId} · Open`).waitFor();
    // Nothing left to reopen, so the reopen section is gone; the result stays, in a status region.
    assert.equal(await detail.getByRole("button", { name: "Reopen this dispute" }).count(), 0);
    const result = detail.getByRole("status").filter({ hasText: "Reopened. We will review it again and keep you posted." });
    await result.waitFor();
    const focused = await w.root.locator("#di-case-title").evaluate((h) => h.getRootNode().activeElement?.id ?? null);
    assert.equal(focused, "di-case-title", "focus moves to the dispute's heading, not the page's body");
    assert.deepEqual(p.consoleErrors, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

test("the document picker of an open dispute takes the credit union's files.accept", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    const { shortId } = await createDispute(sandbox.url);
    p = await openPage(browser, `${sandbox.url}/?view=status&accept=pdf`);
    const w = new Widget(p.page, "en");
    await w.root.getByRole("button", { name: `See details ${shortId}` }).click();
    const picker = w.root.locator("#di-add-files");
    assert.equal(await picker.getAttribute("accept"), ".pdf,application/pdf");
    // A PNG is refused by the same rules as at filing, named with its reason; nothing is sent.
    await picker.setInputFiles(pngFile("photo.png"));
    await w.root.locator(".di-add-documents [role=alert]", { hasText: "photo.png" }).waitFor();
    assert.equal(await w.root.locator("li.di-upload").count(), 0);
    const [back] = await readBack(sandbox.url);
    assert.deepEqual(back.files, []);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});
