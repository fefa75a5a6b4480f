// The vertical slice in real Chromium: the demo bank page loads the package from target/dist,
// the widget exchanges the provider JWT at the sandbox and lists the member's transactions;
// a bad apiBaseUrl or a refused token shows a clear message and fires `error`.

import { after, before, describe, test } from "node:test";
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

const usd = (cents) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

describe("demo page", () => {
  test("widget mounts, fires ready and lists transactions by merchant and amount", async () => {
    const p = await openPage(browser, `${sandbox.url}/`);
    try {
      assert.deepEqual(Object.keys(await p.event("ready")), ["sessionId"]);
      const widget = p.page.locator("dispute-intake");
      await widget.getByRole("heading", { name: "Which transactions do you want to dispute?" }).waitFor();

      const txns = await (await fetch(`${sandbox.url}/sandbox/members/mbr-ana/transactions`)).json();
      const items = widget.getByRole("listitem");
      assert.equal(await items.count(), txns.length);
      for (const t of txns) {
        const item = items.filter({ hasText: t.merchant });
        assert.equal(await item.count(), t.merchant.startsWith("StreamFlix") ? 2 : 1, t.merchant);
        const text = await item.first().textContent();
        assert.ok(text.includes(usd(Number(t.amount.amountInCents))), `${t.merchant}: ${text}`);
      }
      // Formatted by the browser's Intl, e.g. $249.99 and $1,820.00.
      assert.ok((await items.filter({ hasText: "Gadget Galaxy" }).textContent()).includes("$249.99"));
      assert.ok((await items.filter({ hasText: "Payroll ACME" }).textContent()).includes("$1,820.00"));
      // Pending items say so.
      assert.ok((await items.filter({ hasText: "Corner Café" }).textContent()).includes("Pending"));

      // Hostile merchant text is shown as text, never interpreted.
      const hostile = items.filter({ hasText: "Bella's Bistro" });
      assert.ok((await hostile.textContent()).includes("<b>&amp;</b>"));
      assert.equal(await hostile.locator("b").count(), 0);

      // The widget lives in an open shadow root, and no token reaches the DOM.
      const html = await p.page.evaluate(() => {
        const el = document.querySelector("dispute-intake");
        return (el.shadowRoot?.innerHTML ?? "") + document.documentElement.outerHTML;
      });
      assert.ok(html.includes("di-transaction"), "rendered into the shadow root");
      assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(html), "a JWT is in the DOM");
      assert.ok(!html.includes("sess_"), "a session token is in the DOM");

      assert.deepEqual(p.consoleErrors, []);
    } finally {
      await p.close();
    }
  });

  test("Spanish follows the locale option", async () => {
    const p = await openPage(browser, `${sandbox.url}/?locale=es`);
    try {
      await p.event("ready");
      const widget = p.page.locator("dispute-intake");
      await widget.getByRole("heading", { name: "¿Qué transacciones desea disputar?" }).waitFor();
      const pending = widget.getByRole("listitem").filter({ hasText: "Corner Café" });
      assert.ok((await pending.textContent()).includes("Pendiente"));
      assert.deepEqual(p.consoleErrors, []);
    } finally {
      await p.close();
    }
  });

  test("another member sees only their own transactions", async () => {
    const p = await openPage(browser, `${sandbox.url}/?member=mbr-chloe`);
    try {
      await p.event("ready");
      const items = p.page.locator("dispute-intake").getByRole("listitem");
      await items.first().waitFor();
      const text = await items.allTextContents();
      assert.ok(text.some((t) => t.includes("Summit Outfitters")));
      assert.ok(!text.some((t) => t.includes("Gadget Galaxy")));
    } finally {
      await p.close();
    }
  });
});

describe("failures shown to the member and reported to the host", () => {
  test("an unreachable apiBaseUrl shows a clear message, offers retry and fires error", async () => {
    const p = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent("http://127.0.0.1:9")}`);
    try {
      const detail = await p.event("error");
      assert.equal(detail.code, "network");
      assert.equal(detail.recoverable, true);
      const alert = p.page.locator("dispute-intake").getByRole("alert");
      await alert.waitFor();
      assert.match(await alert.textContent(), /couldn't reach the dispute service/);
      await alert.getByRole("button", { name: "Try again" }).waitFor();
      assert.equal((await p.events()).filter((e) => e.type === "ready").length, 0);
    } finally {
      await p.close();
    }
  });

  test("an apiBaseUrl that is not a URL is reported as an invalid option", async () => {
    const p = await openPage(browser, `${sandbox.url}/?api=${encodeURIComponent("ftp://bank.example")}`);
    try {
      const detail = await p.event("error");
      assert.equal(detail.code, "invalid_options");
      assert.equal(detail.recoverable, false);
      assert.match(detail.message, /apiBaseUrl/);
      const alert = p.page.locator("dispute-intake").getByRole("alert");
      assert.match(await alert.textContent(), /not set up correctly/);
      assert.equal(await alert.getByRole("button").count(), 0);
      assert.ok(p.consoleErrors.some((e) => e.includes("apiBaseUrl")), "reported on the console");
    } finally {
      await p.close();
    }
  });

  test("a refused provider token shows a sign-in message and fires error", async () => {
    const p = await openPage(browser, `${sandbox.url}/?badToken=1`);
    try {
      const detail = await p.event("error");
      assert.equal(detail.code, "unauthenticated");
      assert.equal(detail.recoverable, false);
      assert.match(detail.message, /invalid provider token/);
      assert.ok(!detail.message.includes("not-a-valid-jwt"), "the token is echoed");
      const alert = p.page.locator("dispute-intake").getByRole("alert");
      assert.match(await alert.textContent(), /couldn't confirm your sign-in/);
    } finally {
      await p.close();
    }
  });
});

describe("a long transaction list", () => {
  test("shows 50 newest at a time with how many match; Show more adds 50; search counts every match; a choice survives the search", async () => {
    const p = await openPage(browser, `${sandbox.url}/plain.html`);
    try {
      await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
      await p.page.evaluate(async () => {
        const options = await window.disputeIntake.demoOptions();
        const now = Math.floor(Date.now() / 1000);
        // 130 transactions, one an hour: #0 is the newest; every third is a "Corner Coffee".
        options.transactions = Array.from({ length: 130 }, (_, i) => ({
          uuid: `long-${i}`,
          merchant: `${i % 3 === 0 ? "Corner Coffee" : "Book Nook"} #${i}`,
          amount: { amountInCents: 500 + i, currency: "USD" },
          settledTimestamp: String(now - 3600 * (i + 1)),
          type: "TRANSACTION_TYPE_DEBIT_CARD",
          status: "TRANSACTION_STATUS_SETTLED",
        }));
        await window.disputeIntake.mount(document.getElementById("widget"), options);
      });
      const widget = p.page.locator("#widget");
      const rows = widget.locator(".di-transactions > li");
      await rows.first().waitFor();
      assert.equal(await rows.count(), 50);
      assert.match(await rows.first().textContent(), /Corner Coffee #0\b/, "newest first");
      assert.match(await rows.nth(49).textContent(), /#49\b/);
      await widget.getByText("Showing 50 of 130 transactions").waitFor();

      await widget.getByRole("checkbox", { name: /Book Nook #1\b/ }).check();
      await widget.getByRole("button", { name: "Show more transactions" }).click();
      assert.equal(await rows.count(), 100);
      await widget.getByRole("button", { name: "Show more transactions" }).click();
      assert.equal(await rows.count(), 130);
      assert.equal(await widget.getByRole("button", { name: "Show more transactions" }).count(), 0, "nothing more to show");

      await widget.getByLabel("Search by merchant").fill("corner");
      assert.equal(await rows.count(), 44, "a new search starts with every match up to 50");
      assert.equal(await widget.getByText(/^Showing/).count(), 0);
      await widget.getByLabel("Search by merchant").fill("book");
      assert.equal(await rows.count(), 50);
      await widget.getByText("Showing 50 of 86 transactions").waitFor();
      assert.equal(await widget.getByRole("checkbox", { name: /Book Nook #1\b/ }).isChecked(), true);
      await widget.getByText("1 selected", { exact: true }).waitFor();
    } finally {
      await p.close();
    }
  });
});
