// What integrators of embedded financial components rely on (issue 24): a correlation id on
// every request and event, no personal data in events, leaving with where and why (Cancel), a
// link that opens one dispute, their own wording and languages, and a copy the member keeps.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, withSandboxPage } from "./harness.mjs";
import { pdfText, squash } from "./pdf.mjs";
import { Widget, createDispute, pngFile } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Mounts the widget on plain.html with the demo member's options and `extra`. */
async function mountPlain(p, extra = {}, member = "mbr-ana") {
  await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  await p.page.evaluate(
    async ([extra, member]) => {
      const options = await window.disputeIntake.demoOptions(member);
      window.handle = await window.disputeIntake.mount(document.getElementById("widget"), { ...options, ...extra });
    },
    [extra, member],
  );
  const w = new Widget(p.page, "en");
  w.root = p.page.locator("#widget");
  return w;
}

/** Whether the element focused inside the widget's shadow root has `text`. */
function focusedText(p) {
  return p.page.evaluate(() => document.getElementById("widget").shadowRoot.activeElement?.textContent ?? "");
}

test("a full filing: X-Request-Id on every API request, one sessionId in every event, no personal data", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    const requests = [];
    p.page.on("request", (r) => {
      if (r.url().startsWith(`${sandbox.url}/v1/`)) {
        requests.push({ url: r.url(), method: r.method(), id: r.headers()["x-request-id"] });
      }
    });
    const w = await mountPlain(p);
    const shortId = await w.fileWith(pngFile());
    await p.event("submitted");
    await w.root.getByRole("button", { name: "Done" }).click();
    await p.event("exit");

    const sessionId = await p.page.evaluate(() => window.handle.sessionId);
    assert.match(sessionId, /^[0-9a-f-]{32,36}$/, "a random id");
    const kinds = new Set(requests.map((r) => `${r.method} ${new URL(r.url).pathname.replace(/[0-9a-f-]{36}/, ":id")}`));
    for (const needed of ["GET /v1/authenticate", "POST /v1/disputes", "POST /v1/disputes/:id/files"]) {
      assert.ok(kinds.has(needed), `${needed} among ${[...kinds].join(", ")}`);
    }
    const ids = requests.map((r) => r.id);
    for (const r of requests) {
      assert.match(r.id ?? "", new RegExp(`^${sessionId}-\\d+$`), `${r.method} ${r.url}`);
    }
    assert.equal(new Set(ids).size, ids.length, `each request its own id: ${ids.join(" ")}`);

    const events = await p.events();
    assert.deepEqual(
      [...new Set(events.map((e) => e.type))].sort(),
      ["exit", "ready", "stepchange", "submitted"],
    );
    for (const e of events) assert.equal(e.detail.sessionId, sessionId, `${e.type}: ${JSON.stringify(e.detail)}`);
    const exit = events.find((e) => e.type === "exit").detail;
    assert.deepEqual(exit, { reason: "done", step: "confirmation", shortId, sessionId });

    // Nothing of the member in any event: not their name, email, phone, the merchants, the
    // amounts, what they typed or chose, their signature, their file's name.
    const member = await p.page.evaluate(async () => (await window.disputeIntake.demoOptions()).member);
    const all = JSON.stringify(events);
    const personal = [
      member.name, member.email, member.phone, member.accountUuid, "Ana", "Gadget Galaxy", "FreshMart",
      "24999", "249.99", "317.22", "31722", "I was at home", "still_have_card", "receipt.png",
    ].filter(Boolean);
    for (const word of personal) assert.ok(!all.includes(word), `${word} in an event: ${all}`);
    assert.deepEqual(p.consoleErrors, []);
  });
});

test("an API origin whose CORS refuses X-Request-Id: the widget goes on without it, says so once, and files", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    const warnings = [];
    p.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    // The API on another origin than the page (localhost beside 127.0.0.1), so CORS applies.
    const api = sandbox.url.replace("127.0.0.1", "localhost");
    const answered = [];
    p.page.on("requestfinished", async (r) => {
      if (r.url().startsWith(`${api}/v1/`) && r.method() !== "OPTIONS") {
        answered.push({ path: new URL(r.url()).pathname, id: (await r.allHeaders())["x-request-id"] });
      }
    });
    const w = await mountPlain(p, { apiBaseUrl: api });
    const shortId = await w.fileWith(pngFile());
    await p.event("submitted");
    assert.match(shortId, /^CSP-\d+$/);
    assert.ok(answered.length >= 3, JSON.stringify(answered));
    assert.deepEqual(answered.filter((r) => r.id), [], "no answered request carried the header");
    assert.ok(answered.some((r) => r.path.endsWith("/files")), "the document went too");
    assert.equal(warnings.filter((t) => t.includes("does not allow the X-Request-Id")).length, 1, warnings.join("\n"));
    // What the browser itself logs of the refused requests is all there is.
    assert.deepEqual(p.consoleErrors.filter((e) => !/CORS|Failed to load resource|ERR_FAILED/.test(e)), []);
  }, { sandboxArgs: ["--cors-refuse-request-id"] });
});

test("Cancel: leaves at once without answers; with answers it asks first, Stay keeps the member there, and the draft is kept", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    const w = await mountPlain(p, { cancelable: true });
    const cancel = w.root.getByRole("button", { name: "Cancel", exact: true });
    const exits = () => p.events().then((es) => es.filter((e) => e.type === "exit").map((e) => e.detail));

    // Nothing entered: leaving asks nothing.
    await w.atStep(0);
    await cancel.click();
    await p.page.waitForFunction(() => window.__widgetEvents.some((e) => e.type === "exit"));
    const [first] = await exits();
    assert.equal(first.reason, "cancelled");
    assert.equal(first.step, "transactions");
    assert.equal(first.shortId, undefined);

    // Answers on every later step: each step has Cancel, which asks first; Stay stays.
    const question = w.root.getByText("Leave without filing? Your dispute has not been sent.");
    const askThenStay = async (step) => {
      await cancel.click();
      await question.waitFor();
      await w.root.getByRole("button", { name: "Stay and finish" }).click();
      await question.waitFor({ state: "detached" });
      await w.atStep(step);
    };
    await w.select("Gadget Galaxy");
    await askThenStay(0);
    await w.continue();
    await w.atStep(1);
    await w.reason("I didn't make this transaction");
    await askThenStay(1);
    await w.continue();
    await w.atStep(2);
    await w.answerUnauthorized();
    await askThenStay(2);
    await w.continue();
    await w.atStep(3);
    await askThenStay(3);
    await w.continue();
    await w.atStep(4);
    await cancel.click();
    await question.waitFor();
    assert.match(await focusedText(p), /Leave without filing\?.*kept in this tab/, "the question has focus");
    assert.equal((await exits()).length, 1, "asking is not leaving");
    await w.root.getByRole("button", { name: "Stay and finish" }).click();
    await question.waitFor({ state: "detached" });
    assert.equal(await focusedText(p), "Cancel", "focus back on Cancel");
    await w.heading("Review and submit").waitFor();

    await w.back();
    await w.atStep(3);
    await cancel.click();
    await w.root.getByRole("button", { name: "Leave without filing" }).click();
    await p.page.waitForFunction(() => window.__widgetEvents.filter((e) => e.type === "exit").length === 2);
    const second = (await exits())[1];
    assert.equal(second.reason, "cancelled");
    assert.equal(second.step, "evidence");

    // The host takes the widget down; mounted again in this tab, the member's answers are there.
    await p.page.evaluate(() => window.handle.destroy());
    const again = await mountPlain(p, { cancelable: true });
    await again.root.getByText("Welcome back: the answers you gave before were kept").waitFor();
    await again.atStep(3);
    assert.deepEqual(p.consoleErrors, []);
  });
});

test("the element: its sessionId in every event", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await p.event("ready");
    const id = await p.page.evaluate(() => document.querySelector("dispute-intake").sessionId);
    assert.match(id, /^[0-9a-f-]{32,36}$/);
    const events = await p.events();
    assert.ok(events.length >= 2, JSON.stringify(events));
    for (const e of events) assert.equal(e.detail.sessionId, id, e.type);
  });
});

test("without cancelable there is no Cancel", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    const w = await mountPlain(p);
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
    assert.equal(await w.root.getByRole("button", { name: "Cancel", exact: true }).count(), 0);
  });
});

async function close(sandboxUrl, uuid) {
  const r = await fetch(`${sandboxUrl}/sandbox/disputes/${uuid}/close`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ decision: "RECORD_FINAL_DECISION_TYPE_ACCEPTED" }),
  });
  assert.equal(r.status, 200, await r.text());
}

test("the dispute option opens one dispute: by case number or uuid; another member's and a malformed one", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    const mine = await createDispute(sandbox.url, "mbr-ana", 0);
    await close(sandbox.url, mine.uuid);
    const theirs = await createDispute(sandbox.url, "mbr-ben", 0);
    const detail = p.page.locator("#widget article.di-dispute-detail");

    // A closed dispute of the member's, by its case number typed in lower case.
    let w = await mountPlain(p, { dispute: mine.shortId.toLowerCase(), view: "file" });
    await w.heading("My disputes").waitFor();
    await detail.getByText(`${mine.shortId} · Closed`).waitFor();
    await p.page.evaluate(() => window.handle.destroy());

    // The same by its uuid.
    w = await mountPlain(p, { dispute: mine.uuid });
    await detail.getByText(`${mine.shortId} · Closed`).waitFor();
    await p.page.evaluate(() => window.handle.destroy());

    // Another member's, by case number and by uuid: as the search says.
    for (const link of [theirs.shortId, theirs.uuid]) {
      w = await mountPlain(p, { dispute: link });
      await w.root.getByText("No dispute of yours has that case number. Check it and try again.").waitFor();
      assert.equal(await detail.count(), 0, link);
      assert.doesNotMatch(await w.root.textContent(), new RegExp(theirs.shortId.replace(/[-]/g, "\\-") + " ·"));
      await p.page.evaluate(() => window.handle.destroy());
    }

    // A malformed one is the integrator's to fix: named in the error.
    await p.page.evaluate(() => (window.__widgetEvents.length = 0));
    w = await mountPlain(p, { dispute: "DSP/7QK2?x=<b>" });
    const error = await p.event("error");
    assert.equal(error.code, "invalid_options");
    assert.match(error.message, /`dispute`/);
    await w.root.getByRole("alert").waitFor();
  });
});

test("messages: a credit union's wording for one widget, a language of its own, and a misspelt name refused", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    const warnings = [];
    p.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    const w = await mountPlain(p, { messages: { en: { StepTransactions: "Pick what went wrong", Submit: "Send my claim" } } });
    await w.heading("Pick what went wrong").waitFor();
    // A second widget on the same page, without the option, keeps the package's wording.
    await p.page.evaluate(async () => {
      const other = document.createElement("div");
      other.id = "other";
      document.body.append(other);
      window.other = await window.disputeIntake.mount(other, await window.disputeIntake.demoOptions());
    });
    await p.page.locator("#other").getByRole("heading", { name: "Which transactions do you want to dispute?" }).waitFor();
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.reason("I didn't make this transaction");
    await w.continue();
    await w.answerUnauthorized();
    await w.continue();
    await w.continue();
    await w.root.getByRole("button", { name: "Send my claim" }).waitFor();
    // Signed out: the draft goes, so the next widget starts at the first step.
    await p.page.evaluate(() => { window.handle.destroy({ signOut: true }); window.other.destroy({ signOut: true }); });

    // Vietnamese, which the package does not ship: what the pack has reads Vietnamese, the rest English.
    const vi = await mountPlain(p, {
      locale: "vi",
      messages: { vi: { StepTransactions: "Bạn muốn khiếu nại giao dịch nào?", Continue: "Tiếp tục" } },
    });
    await vi.heading("Bạn muốn khiếu nại giao dịch nào?").waitFor();
    assert.equal(await vi.root.locator(".di").getAttribute("lang"), "vi");
    await vi.root.getByRole("button", { name: "Tiếp tục" }).waitFor();
    await vi.root.getByRole("button", { name: "Check on a dispute you filed" }).waitFor();
    const hint = warnings.filter((t) => t.includes("messages.vi lacks"));
    assert.equal(hint.length, 1, warnings.join("\n"));
    assert.match(hint[0], /SeeMyDisputes/);
    assert.doesNotMatch(hint[0], /\bContinue\b/);
    await p.page.evaluate(() => window.handle.destroy());

    // A name the widget does not have: refused, named.
    await p.page.evaluate(() => (window.__widgetEvents.length = 0));
    const bad = await mountPlain(p, { messages: { en: { Sumbit: "Send" } } });
    const error = await p.event("error");
    assert.equal(error.code, "invalid_options");
    assert.match(error.message, /en\.Sumbit is not a message/);
    await bad.root.getByRole("alert").waitFor();
  });
});

/** `window.print` replaced before any script, counting calls (a real print dialog would block). */
const stubPrint = () => {
  window.__printed = 0;
  window.print = () => void window.__printed++;
};

test("Save or print a copy: the printed page is the member's record and nothing of the page around it", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ sandbox, p }) => {
    const w = await mountPlain(p);
    const shortId = await w.fileWith(pngFile());
    await p.event("submitted");
    await w.root.getByRole("button", { name: "Save or print a copy" }).click();
    await p.page.waitForFunction(() => window.__printed === 1);
    const text = squash(await pdfText(await p.page.pdf()));
    const has = (s) => assert.ok(text.includes(squash(s)), `${s} is not in the printed copy: ${text}`);
    has("Your dispute: a copy for your records");
    has(`Case number ${shortId}`);
    has("Gadget Galaxy · $249.99");
    has("FreshMart Groceries · $67.23");
    has("I didn't make this transaction");
    for (const [q, a] of [
      ["Where is your card?", "I still have it"],
      ["Do you recognize the merchant?", "No"],
      ["Did you let anyone use your card or account?", "No"],
      ["In your own words, what went wrong?", "I was at home; these are not mine."],
    ]) has(`${q} ${a}`);
    has("I confirm that what I have told you is true and complete");
    has("Signed by: Ana Reyes");
    has("Documents received receipt.png");
    // Filed: a date, a time and a zone.
    assert.match(text, /Filed[A-Z][a-z]+\d{1,2},\d{4}at\d{1,2}:\d{2}:\d{2}(AM|PM)[A-Z]{2,5}/, text);
    assert.ok(!text.includes(squash("mount() without the custom element")), "the page's own heading is not printed");
    assert.ok(!text.includes(squash("What happens next")), `the widget itself is not printed: ${text}`);
    // On screen nothing changed; after printing the copy goes.
    assert.equal(await p.page.locator("[data-dispute-intake-print]").isVisible(), false);
    await p.page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    assert.equal(await p.page.locator("[data-dispute-intake-print]").count(), 0);
    assert.ok((await p.page.pdf()).length > 0);
    assert.ok(squash(await pdfText(await p.page.pdf())).includes(squash("mount() without the custom element")), "the page prints whole again");

    // From My disputes: what the service keeps, and a line saying where the answers are.
    await w.root.getByRole("button", { name: "My disputes" }).click();
    await w.root.getByRole("button", { name: `See details ${shortId}` }).click();
    await w.root.getByRole("button", { name: "Save or print a copy" }).click();
    await p.page.waitForFunction(() => window.__printed === 2);
    const detail = squash(await pdfText(await p.page.pdf()));
    for (const s of [`Case number ${shortId}`, "Gadget Galaxy · $249.99", "I didn't make this transaction", "Document received", "This copy shows what the dispute service keeps"]) {
      assert.ok(detail.includes(squash(s)), `${s} is not in the printed detail: ${detail}`);
    }
    assert.ok(!detail.includes(squash("Signed by")), "no signature the service does not keep");
    assert.deepEqual(p.consoleErrors, []);
  }, { initScript: stubPrint });
});
