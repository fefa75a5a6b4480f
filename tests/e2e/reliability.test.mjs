// Reliability: sessions that expire while the member works, and the figures of it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, setFaults, withSandboxPage } from "./harness.mjs";
import { Widget, jpeg, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test("sessions expiring during 20 queued uploads: no failure shown, one renewal per expiry", async () => {
  // Sessions last 3 s; every upload waits 1200 ms at the server, so the 20 take several lives.
  await withSandboxPage(browser, "/?maxFiles=20", async ({ sandbox, p }) => {
    const auths = [];
    p.page.on("request", (r) => {
      if (r.url().endsWith("/v1/authenticate")) auths.push(Date.now());
    });
    const w = new Widget(p.page, "en");
    await w.toEvidence("en");
    const files = Array.from({ length: 20 }, (_, i) => jpeg(`photo-${String(i + 1).padStart(2, "0")}.jpg`, 50_000 + i));
    await w.attach(files);
    await w.root.locator(".di-files li").nth(19).waitFor();
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await setFaults(sandbox.url, { upload: { latencyMs: 1200 } });
    const started = Date.now();
    await w.submit();
    await w.confirmation();
    // 20 uploads held 1.2 s each, 3 at a time, take at least 8.4 s: leave room on a busy machine.
    const submitted = await p.event("submitted", 40_000);
    const took = Date.now() - started;
    assert.deepEqual([submitted.filesUploaded, submitted.filesFailed], [20, 0]);
    assert.equal(await w.root.locator("li.di-upload[data-state=done]").count(), 20);
    assert.equal(await w.root.locator(".di-alert").count(), 0, "no failure shown");

    const [filed] = await readBack(sandbox.url);
    assert.deepEqual(filed.files.map((f) => `${f.filename} ${f.sha256}`).sort(), files.map((f) => `${f.name} ${f.sha256}`).sort());

    // The first authentication, then one renewal per expiry: never two close together, and
    // no more than the sessions' lives in the time taken.
    const gaps = auths.slice(1).map((t, i) => t - auths[i]);
    assert.ok(took > 6_000, `the uploads outlived a session (${took} ms)`);
    assert.ok(auths.length >= 3, `the session was renewed more than once (${auths.length} authentications)`);
    assert.ok(Math.min(...gaps) > 1_500, `one renewal per expiry, gaps ${gaps}`);
    // Requests whose session expired while they waited at the server were refused (401) and
    // sent again with the renewed session, which they shared: the browser logs those 401s.
    const refused = p.consoleErrors.filter((e) => /status of 401/.test(e)).length;
    assert.deepEqual(p.consoleErrors.filter((e) => !/status of 401/.test(e)), []);
    console.log(
      `sessions: ${auths.length} authentications over ${took} ms of uploads (gaps ${gaps.join(", ")} ms), ` +
        `${refused} requests refused with an expired session and replayed`,
    );
  }, { sandboxArgs: ["--session-ttl", "3"] });
});

test("offline: a hint, nothing lost, and sending resumes by itself when back", async () => {
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    const w = new Widget(p.page, "en");
    await w.toEvidence("en");
    const files = Array.from({ length: 6 }, (_, i) => jpeg(`scan-${i + 1}.jpg`, 20_000 + i));
    await w.attach(files);
    await w.root.locator(".di-files li").nth(5).waitFor();
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");

    // Offline at the moment of submitting: the hint shows, the submission cannot go.
    await p.page.context().setOffline(true);
    const hint = w.root.locator(".di-offline");
    await hint.waitFor();
    assert.match(await hint.textContent(), /You are offline\. Your answers are kept here/);
    await w.submit();
    await w.root.getByRole("alert").filter({ hasText: "couldn't reach" }).waitFor({ timeout: 15_000 });
    assert.equal(await w.root.getByLabel(w.w.signature).inputValue(), "Ana Reyes", "nothing lost");

    // Back online: the submission goes by itself, then the files.
    await p.page.context().setOffline(false);
    await w.confirmation();
    assert.equal(await hint.count(), 0);
    const submitted = await p.event("submitted");
    assert.deepEqual([submitted.filesUploaded, submitted.filesFailed], [6, 0]);
    const filed = await readBack(sandbox.url);
    assert.equal(filed.length, 1, "exactly one dispute");
    assert.deepEqual(filed[0].files.map((f) => `${f.filename} ${f.sha256}`).sort(), files.map((f) => `${f.name} ${f.sha256}`).sort());
  });
});

test("offline while files wait their turn: they wait without spending attempts, then go", async () => {
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    const w = new Widget(p.page, "en");
    const files = Array.from({ length: 6 }, (_, i) => jpeg(`page-${i + 1}.jpg`, 30_000 + i));
    // The first three hold the line for a while; the other three wait their turn.
    await setFaults(sandbox.url, { upload: { latencyMs: 1500 } });
    await w.fileWith(files);
    await p.page.context().setOffline(true);
    await w.root.locator(".di-offline").waitFor();
    await new Promise((r) => setTimeout(r, 3000));
    // Nothing failed while offline: waiting is not failing.
    assert.equal(await w.root.locator("li.di-upload[data-state=failed]").count(), 0);
    await p.page.context().setOffline(false);
    const submitted = await p.event("submitted");
    assert.deepEqual([submitted.filesUploaded, submitted.filesFailed], [6, 0]);
    const [filed] = await readBack(sandbox.url);
    const names = filed.files.map((f) => f.filename).sort();
    assert.deepEqual([...new Set(names)], files.map((f) => f.name).sort(), "every file arrived");
    console.log(`offline mid-uploads: ${names.length} stored for ${files.length} files`);
    assert.equal(names.length, files.length, "each once");
  });
});

test("when the host cannot supply a token, the member is told and the draft is kept", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    await p.page.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await p.page.evaluate(async () => {
      const options = await window.disputeIntake.demoOptions();
      window.handle = await window.disputeIntake.mount(document.getElementById("widget"), {
        ...options,
        // The member signed out of online banking in another tab.
        fetchProviderToken: () => Promise.reject(new Error("signed out")),
      });
    });
    const w = new Widget(p.page, "en");
    w.root = p.page.locator("#widget");
    await w.toEvidence("en");
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    // The 2-second session has expired by now; renewing needs the host, which cannot.
    await new Promise((r) => setTimeout(r, 2500));
    await w.submit();
    const alert = w.root.getByRole("alert").filter({ hasText: "We couldn't submit your dispute" });
    await alert.getByText("Your online-banking session couldn't be renewed. Please sign in again.").waitFor({ timeout: 15_000 });
    assert.equal(await alert.getByRole("button", { name: "Try again" }).count(), 1);
    assert.equal(await w.root.getByLabel(w.w.signature).inputValue(), "Ana Reyes", "nothing lost");
    const kept = await p.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("dispute-intake:draft")));
    assert.equal(kept.length, 1, "the draft is kept for when the member is back");
    const error = (await p.events()).find((e) => e.type === "error");
    assert.equal(error?.detail.code, "no_token");
  }, { sandboxArgs: ["--session-ttl", "2"] });
});
