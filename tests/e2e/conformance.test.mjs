// The widget against servers that hold it to Casap's published OpenAPI: `x-user-uuid`, which
// the spec requires beside `Authorization` on every call (the sandbox started with
// `--require-user-uuid` refuses calls without it, as Prism does), and success answers the
// widget cannot wholly read (a value of the wrong type, as Prism's dynamic mock sends).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, withSandboxPage } from "./harness.mjs";
import { Widget, pngFile, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const USER_UUID = "6f1c2a4e-0000-4000-8000-000000000001";

test("a server that requires x-user-uuid: without userUuid the member is told sign-in failed; with it every request carries it and a filing with a document goes through", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const error = await p.event("error");
    assert.equal(error.code, "unauthenticated");
  }, { sandboxArgs: ["--require-user-uuid"] });

  await withSandboxPage(browser, `/?userUuid=${USER_UUID}`, async ({ sandbox, p }) => {
    const seen = [];
    p.page.on("request", async (r) => {
      if (new URL(r.url()).pathname.startsWith("/v1/")) seen.push([r.method(), new URL(r.url()).pathname, (await r.allHeaders())["x-user-uuid"]]);
    });
    const w = new Widget(p.page, "en");
    const shortId = await w.fileWith(pngFile());
    const submitted = await p.event("submitted");
    assert.equal(submitted.shortId, shortId);
    assert.equal(submitted.filesUploaded, 1);
    const files = await (await fetch(`${sandbox.url}/sandbox/disputes/${submitted.uuid}/files`)).json();
    assert.deepEqual(files.map((f) => f.filename), ["receipt.png"]);
    const paths = new Set(seen.map(([m, path]) => `${m} ${path.replace(/\/[0-9a-f-]{36}/, "/{uuid}")}`));
    for (const call of ["GET /v1/authenticate", "GET /v1/disputes", "POST /v1/disputes", "POST /v1/disputes/{uuid}/files"]) {
      assert.ok(paths.has(call), `${call} in ${[...paths].join(", ")}`);
    }
    assert.deepEqual(seen.filter(([, , h]) => h !== USER_UUID), [], "every API request carries x-user-uuid");
    assert.deepEqual((await p.events()).filter((e) => e.type === "error"), []);
  }, { sandboxArgs: ["--require-user-uuid"] });
});

/** Answers `POST /v1/disputes` through the sandbox, with the success body changed by `edit`. */
async function rewriteCreate(page, edit) {
  await page.route("**/v1/disputes", async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, body: JSON.stringify(edit(body)) });
  });
}

test("a create answered 200 with an unreadable optional field is a success; the field is named in one warning", async () => {
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    const warnings = [];
    p.page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
    await rewriteCreate(p.page, (b) => ({ ...b, dispute: { ...b.dispute, resolutionDeadline: "string" } }));
    const w = new Widget(p.page, "en");
    const shortId = await w.fileWith(pngFile());
    assert.match(shortId, /^CSP-/);
    assert.deepEqual((await p.events()).filter((e) => e.type === "error"), []);
    const about = warnings.filter((t) => t.includes("resolutionDeadline"));
    assert.equal(about.length, 1, warnings.join("\n"));
    assert.match(about[0], /treated as absent.*dispute\.resolutionDeadline: invalid/);
    assert.equal((await readBack(sandbox.url)).length, 1, "filed once");
  });
});

test("a create whose success answer cannot be read at all is looked up before the member is told anything: filed once, shown as filed", async () => {
  await withSandboxPage(browser, "/", async ({ sandbox, p }) => {
    let creates = 0;
    p.page.on("request", (r) => r.method() === "POST" && new URL(r.url()).pathname === "/v1/disputes" && creates++);
    await rewriteCreate(p.page, () => ({ dispute: "created, but not as JSON the widget can read" }));
    const w = new Widget(p.page, "en");
    const shortId = await w.fileWith(pngFile());
    assert.match(shortId, /^CSP-/);
    assert.equal(creates, 1, "not filed again");
    assert.equal((await readBack(sandbox.url)).length, 1);
    assert.deepEqual((await p.events()).filter((e) => e.type === "error"), []);
    const submitted = await p.event("submitted");
    assert.equal(submitted.shortId, shortId);
    assert.equal(submitted.filesUploaded, 1);
    const files = await (await fetch(`${sandbox.url}/sandbox/disputes/${submitted.uuid}/files`)).json();
    assert.deepEqual(files.map((f) => f.filename), ["receipt.png"]);
  });
});

test("My disputes: a list the widget cannot read is told to the host as error bad_response (recoverable), and Try again reads it once it is right", async () => {
  await withSandboxPage(browser, "/?view=status", async ({ p }) => {
    let broken = true;
    await p.page.route("**/v1/disputes?*", async (route) => {
      if (!broken) return route.fallback();
      await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ items: ["not a dispute"] }) });
    });
    const error = await p.event("error");
    assert.equal(error.code, "bad_response");
    assert.equal(error.recoverable, true);
    assert.match(error.message, /items\[0\]/);
    const w = new Widget(p.page, "en");
    await w.root.getByText("The dispute service sent an answer we couldn't read.").waitFor();
    broken = false;
    await w.root.getByRole("button", { name: "Try again" }).click();
    await w.root.getByText("You have no disputes yet.").waitFor();
  });
});

test("a device clock two hours fast: the session is measured on the server's clock, so no false 'session ended' and no extra sign-ins", async () => {
  const fastClock = () => {
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + 2 * 3600 * 1000;
  };
  let authentications = 0;
  const countSignIns = (page) =>
    page.on("request", (r) => new URL(r.url()).pathname === "/v1/authenticate" && authentications++);
  await withSandboxPage(browser, "/", async ({ p }) => {
    // Count from a reload on, once the first load has signed in (its sign-in may still be on
    // the way when the page's load event has come).
    await p.event("ready");
    countSignIns(p.page);
    await p.page.reload();
    const w = new Widget(p.page, "en");
    await w.heading("Which transactions do you want to dispute?").waitFor();
    await p.page.waitForTimeout(2500);
    assert.equal(await w.root.getByText(/Your secure session has ended/).count(), 0);
    const shortId = await w.fileWith(pngFile());
    assert.match(shortId, /^CSP-/);
    const events = await p.events();
    assert.deepEqual(events.filter((e) => e.type === "sessionexpiring" || e.type === "error"), []);
    assert.equal(authentications, 1, "one sign-in for the whole filing");
  }, { initScript: fastClock });
});
