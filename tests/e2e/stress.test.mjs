// Fifty filings, each with three files, through a create route that fails half the time in
// every way it can (503, 429, reset connections, and "filed, then the answer lost"): every
// filing ends with exactly one dispute and every file stored byte-identical. Prints the counts.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launchBrowser, setFaults, withSandboxPage } from "./harness.mjs";
import { Widget } from "./widget.mjs";

const FILINGS = Number(process.env.STRESS_FILINGS ?? 50);
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

function pdf(name) {
  const buffer = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from(name.repeat(400))]);
  return { name, mimeType: "application/pdf", buffer, sha256: createHash("sha256").update(buffer).digest("hex") };
}

async function api(url) {
  const get = async (p, init) => (await fetch(`${url}${p}`, init)).json();
  const { token } = await get("/sandbox/members/mbr-ana/token");
  const { sessionToken } = await get("/v1/authenticate", { headers: { authorization: `Bearer ${token}` } });
  const headers = { authorization: `Bearer ${sessionToken}` };
  return {
    async disputes() {
      const out = [];
      for (let page = 1; ; page++) {
        const l = await get(`/v1/disputes?page=${page}&size=100`, { headers });
        out.push(...l.items);
        if (page >= l.totalPages) return out;
      }
    },
    files: (uuid) => get(`/sandbox/disputes/${uuid}/files`),
    close: (uuid) =>
      fetch(`${url}/sandbox/disputes/${uuid}/close`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
  };
}

test(`${FILINGS} filings with 3 files each through a failing create route: each exactly once`, { timeout: 900_000 }, async () => {
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    // Creates the page sent; what the server did to them comes from its own count.
    const seen = { creates: 0, memberRetries: 0 };
    p.page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/v1/disputes")) seen.creates++;
    });
    const backOffice = await api(sandbox.url);
    await setFaults(sandbox.url, { create: { error503: 0.2, error429: 0.1, reset: 0.1, commitThenDrop: 0.1 } });
    const expected = new Map();
    const w = new Widget(p.page, "en");
    for (let i = 1; i <= FILINGS; i++) {
      await p.page.goto(`${sandbox.url}/`);
      const files = [1, 2, 3].map((n) => pdf(`filing-${i}-doc-${n}.pdf`));
      await w.toEvidence("en");
      await w.attach(files);
      await w.root.locator(".di-files li").nth(2).waitFor();
      await w.continue();
      await w.atStep(4);
      await w.attestAndSign("Ana Reyes");
      await w.submit();
      // A failure the widget could not get past by itself is a clear, resumable state: the
      // member presses Try again.
      const confirmed = w.heading(w.w.confirmed);
      const stuck = w.root.getByRole("alert").filter({ hasText: "We couldn't submit your dispute" });
      for (;;) {
        await confirmed.or(stuck).first().waitFor({ timeout: 30_000 });
        if (await confirmed.isVisible()) break;
        seen.memberRetries++;
        await stuck.getByRole("button", { name: "Try again" }).click();
      }
      const shortId = (await w.root.locator(".di-short-id").textContent()).trim();
      const submitted = await p.event("submitted");
      assert.deepEqual([submitted.filesUploaded, submitted.filesFailed], [3, 0], `filing ${i}`);
      await p.page.evaluate(() => { window.__widgetEvents = []; });
      expected.set(shortId, files);
      // Close it, so the same transactions can be disputed again by the next filing.
      const open = (await backOffice.disputes()).filter((d) => d.status === "DISPUTE_STATUS_OPEN");
      assert.equal(open.length, 1, `filing ${i}: exactly one open dispute, got ${open.map((d) => d.shortId)}`);
      assert.equal(open[0].shortId, shortId);
      assert.equal((await backOffice.close(open[0].uuid)).status, 200);
    }
    const injected = await (await fetch(`${sandbox.url}/sandbox/faults/injected`)).json();
    const all = await backOffice.disputes();
    assert.equal(all.length, FILINGS, "exactly one dispute per filing");
    for (const d of all) {
      const stored = (await backOffice.files(d.uuid)).map((f) => `${f.filename} ${f.sha256}`).sort();
      assert.deepEqual(stored, expected.get(d.shortId).map((f) => `${f.name} ${f.sha256}`).sort(), d.shortId);
    }
    console.log(
      `stress: ${FILINGS} filings, ${FILINGS} disputes, ${FILINGS * 3} files byte-identical; ` +
        `${seen.creates} create requests, faults injected on them ${JSON.stringify(injected.create ?? {})}, ` +
        `${seen.memberRetries} times the member pressed Try again`,
    );
    // One member filing fifty disputes in a minute is far over the per-member rate limit.
  }, { sandboxArgs: ["--rate-limit", "100000"] });
});
