// Two dispute-gateway instances on one PostgreSQL database, as a credit union runs them behind
// a load balancer: the widget files through one, and My disputes read through the other shows
// the dispute, sent to the dispute team (whichever instance sent it).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, pdfBytes } from "./widget.mjs";
import { CASAP_SERVER, startGateway, until } from "./gateway.mjs";
import { startPostgres } from "./postgres.mjs";

let browser;
let postgres;
before(async () => {
  browser = await launchBrowser();
  postgres = await startPostgres();
});
after(async () => {
  await browser?.close();
  postgres?.stop();
});

test("filed through one gateway instance, read through the other, on one PostgreSQL database", async () => {
  const sandbox = await startSandbox(["--casap-server"]);
  const dir = mkdtempSync(path.join(tmpdir(), "instances-e2e-"));
  const database = postgres.database();
  const gateways = [];
  const pages = [];
  try {
    gateways.push(await startGateway(sandbox.url, dir, CASAP_SERVER, { database, name: "a" }));
    gateways.push(await startGateway(sandbox.url, dir, CASAP_SERVER, { database, name: "b" }));
    const [a, b] = gateways;

    const filing = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent(a.url)}&idp=rs256`);
    pages.push(filing);
    const shortId = await new Widget(filing.page, "en").fileWith({ name: "receipt.pdf", mimeType: "application/pdf", buffer: pdfBytes(20_000) });
    const received = await until("the dispute forwarded", async () => {
      const all = await (await fetch(`${sandbox.url}/sandbox/casap-server/received`)).json();
      return all.some((r) => r.outcome === "created") ? all : null;
    });
    assert.equal(received.length, 1, "sent once, by one of the two");
    assert.equal(received[0].ticketId, shortId);

    const reading = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent(b.url)}&idp=rs256&view=status`);
    pages.push(reading);
    const w = new Widget(reading.page, "en");
    await w.heading("My disputes").waitFor();
    const listed = w.root.locator(`li.di-dispute[data-short-id="${shortId}"]`);
    await listed.waitFor();
    await listed.getByRole("button", { name: `See details ${shortId}` }).click();
    const detail = w.root.locator("article.di-dispute-detail");
    await detail.locator(".di-timeline li", { hasText: "Sent to the dispute team" }).waitFor();
    assert.ok((await detail.textContent()).includes(received[0].uuid), "the back end's id, recorded by the sender");
    for (const p of pages) assert.deepEqual(p.consoleErrors, []);
  } finally {
    for (const p of pages) await p.close();
    for (const g of gateways) await g.stop();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
