// Security: a strict host policy with Trusted Types and zero violations, the integration error
// without 'wasm-unsafe-eval', no token anywhere but the Authorization header to the API, and
// hostile data from the host or the API shown as text or a clear error.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { pdfText, squash } from "./pdf.mjs";
import { WORDS, Widget, pngFile, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Records CSP violations from the first script on (init scripts are not subject to CSP). */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
}

test("under a strict CSP with Trusted Types, a full filing reports zero violations", async () => {
  const sandbox = await startSandbox();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await watchViolations(page);
    await page.addInitScript(() => {
      window.__printed = 0;
      window.print = () => void window.__printed++;
    });
    await page.goto(`${sandbox.url}/strict.html`);
    const w = new Widget(page, "en");
    const shortId = await w.fileWith(pngFile());
    await page.locator("#event-log li", { hasText: "submitted" }).waitFor();
    // Another language under the same policy: its pack is a module from the package's origin.
    await page.evaluate(() => document.querySelector("dispute-intake").setAttribute("locale", "es"));
    await page.locator("dispute-intake").getByRole("heading", { name: WORDS.es.confirmed }).waitFor();
    // The member's copy, in Spanish, printed under the same policy.
    await page.locator("dispute-intake").getByRole("button", { name: "Guardar o imprimir una copia" }).click();
    await page.waitForFunction(() => window.__printed === 1);
    const copy = squash(await pdfText(await page.pdf()));
    for (const s of [
      "Su disputa: una copia para sus registros", `Número de caso ${shortId}`, "Yo no hice esta transacción",
      "¿Dónde está su tarjeta? Todavía la tengo", "I was at home; these are not mine.", "Confirmo que",
      "Firmada por: Ana Reyes", "Documentos recibidos receipt.png",
    ]) assert.ok(copy.includes(squash(s)), `${s} is not in the printed copy: ${copy}`);
    assert.ok(!copy.includes(squash("Qué sigue")), "only the copy is printed");
    assert.deepEqual(await page.evaluate(() => window.__violations), [], "the widget caused no violation");
    // The policy really is in force: a script from a string is refused.
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.src = "data:text/javascript,window.ran=1";
      document.body.append(s);
    }).catch(() => {});
    const violations = await page.evaluate(() => window.__violations);
    assert.ok(violations.some((v) => v.includes("window.ran")), "the probe was refused, so the policy is on");
    assert.equal(await page.evaluate(() => window.ran), undefined);
    const [filed] = await readBack(sandbox.url);
    assert.equal(filed.dispute.shortId, shortId);
    assert.equal(filed.files[0].sha256, pngFile().sha256);
    assert.deepEqual(errors.filter((e) => !/window\.ran|TrustedScriptURL/.test(e)), []);
  } finally {
    await context.close();
    await sandbox.stop();
  }
});

test("without 'wasm-unsafe-eval' the page gets a clear integration error", async () => {
  const sandbox = await startSandbox();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/strict-nowasm.html`);
    // defineDisputeIntake() rejects (and an element would fire `error` with "load_failed")
    // with a message that names the missing source.
    const entry = page.locator("#event-log li", { hasText: "error" });
    await entry.waitFor();
    const text = await entry.textContent();
    assert.match(text, /could not load its WebAssembly module \(does the page's Content-Security-Policy allow 'wasm-unsafe-eval'\?\)/);
  } finally {
    await context.close();
    await sandbox.stop();
  }
});

test("after a full flow no token is in URLs, storage, console, events or the DOM", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    const secrets = new Set();
    const console = [];
    const urls = [];
    const authorized = [];
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("console", (m) => console.push(m.text()));
    page.on("request", (r) => {
      urls.push(r.url());
      const auth = r.headers().authorization;
      if (auth) authorized.push(new URL(r.url()).origin);
    });
    page.on("response", async (r) => {
      const u = r.url();
      if (u.includes("/sandbox/members/") && u.endsWith("/token")) secrets.add((await r.json()).token);
      if (u.endsWith("/v1/authenticate") && r.ok()) secrets.add((await r.json()).sessionToken);
    });
    await page.addInitScript(() => {
      window.__widgetEvents = [];
      for (const type of ["ready", "error", "stepchange", "submitted", "exit"]) {
        document.addEventListener(type, (e) => window.__widgetEvents.push({ type, detail: e.detail }));
      }
    });
    await page.goto(`${sandbox.url}/`);
    p = { close: () => context.close() };
    const w = new Widget(page, "en");
    await w.fileWith(pngFile());
    await w.root.getByRole("button", { name: "My disputes" }).click();
    await w.heading("My disputes").waitFor();
    await w.root.locator("li.di-dispute").first().waitFor();

    assert.ok(secrets.size >= 2, "saw the provider token and a session token");
    const places = {
      urls: urls.join("\n"),
      console: console.join("\n"),
      events: JSON.stringify(await page.evaluate(() => window.__widgetEvents)),
      storage: await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, c: document.cookie })),
      dom: await page.evaluate(() => {
        const el = document.querySelector("dispute-intake");
        return document.documentElement.outerHTML + el.shadowRoot.innerHTML + JSON.stringify([...el.attributes].map((a) => a.value));
      }),
    };
    for (const [where, text] of Object.entries(places)) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `a token appears in ${where}`);
      }
    }
    assert.ok(authorized.length > 0);
    assert.deepEqual([...new Set(authorized)], [sandbox.url], "Authorization only to the API's origin");
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});

const HOSTILE = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;

test("hostile data from the host and the API renders as text or a clear error", async () => {
  const sandbox = await startSandbox();
  const p = await openPage(browser, `${sandbox.url}/plain.html`);
  try {
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await p.page.evaluate(async (hostile) => {
      const options = await window.disputeIntake.demoOptions();
      const base = options.transactions[0];
      options.transactions = [
        { ...base, uuid: "h1", merchant: hostile },
        { ...base, uuid: "h2", merchant: "\u202Egnp.exe" },
        { ...base, uuid: "h3", merchant: "A".repeat(5000) },
        { ...base, uuid: "h4", merchant: "Absurd", amount: { amountInCents: "9007199254740993", currency: "ZZZ" } },
        { ...base, uuid: "h5", merchant: "Future type", type: "TRANSACTION_TYPE_TELEPORT", status: "TRANSACTION_STATUS_LIMBO" },
        ...options.transactions,
      ];
      await window.disputeIntake.mount(document.getElementById("widget"), options);
    }, HOSTILE);
    const root = p.page.locator("#widget");
    await root.getByRole("heading", { name: "Which transactions do you want to dispute?" }).waitFor();
    const text = await root.evaluate((el) => el.shadowRoot.textContent);
    assert.ok(text.includes(HOSTILE), "markup shown as text");
    assert.ok(text.includes("Future type"));
    assert.equal(await root.evaluate((el) => el.shadowRoot.querySelectorAll("img, script").length), 0);
    assert.equal(await p.page.evaluate(() => window.pwned), undefined);
    // The direction override cannot reorder anything outside its own name.
    assert.equal(await root.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector(".di")).direction), "ltr");
    // A 5,000-character name does not push the widget wider than the page.
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false);

    // From the API: unknown enums read as "in progress", markup as text; a malformed body is a
    // clear error with Try again.
    const ana = await (await fetch(`${sandbox.url}/sandbox/members/mbr-ana/token`)).json();
    assert.ok(ana.token);
    await p.page.route("**/v1/disputes?*", (route) =>
      route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({
          items: [{
            uuid: "x1", shortId: "CSP-<b>1</b>", status: "DISPUTE_STATUS_ESCALATED", reason: "DISPUTE_REASON_FROM_THE_FUTURE",
            transactions: [{ uuid: "t", merchant: HOSTILE, amount: { amountInCents: 100, currency: "USD" }, status: "DISPUTED_TRANSACTION_STATUS_ON_HOLD" }],
            auditLog: [{ timestamp: "1700000000", eventType: "DISPUTE_EVENT_TYPE_TELEPATHY" }],
          }],
          totalItems: 1, totalPages: 1, totalInPage: 1, currentPage: 1,
        }),
      }),
    );
    await root.getByRole("button", { name: "Check on a dispute you filed" }).click();
    const row = root.locator("li.di-dispute");
    await row.waitFor();
    assert.match(await row.textContent(), /CSP-<b>1<\/b>/);
    assert.match(await row.textContent(), /In progress/);
    assert.equal(await root.evaluate((el) => el.shadowRoot.querySelectorAll("b, img, script").length), 0);

    await p.page.unroute("**/v1/disputes?*");
    await p.page.route("**/v1/disputes?*", (route) => route.fulfill({ contentType: "application/json", body: "{\"items\": [" }));
    await root.getByRole("button", { name: "Back" }).or(root.getByRole("button", { name: "File a new dispute" })).click();
    await root.getByRole("button", { name: "Check on a dispute you filed" }).click();
    await root.getByRole("alert").getByText("The dispute service sent an answer we couldn't read. Please try again.").waitFor();
    await p.page.unroute("**/v1/disputes?*");
    await root.getByRole("button", { name: "Try again" }).click();
    await root.getByText("You have no disputes yet.").waitFor();
    assert.equal(await p.page.evaluate(() => window.pwned), undefined);
  } finally {
    await p.close();
    await sandbox.stop();
  }
});
