// The widget against servers that hold it to Casap's published OpenAPI: `x-user-uuid`, which
// the spec requires beside `Authorization` on every call (the sandbox started with
// `--require-user-uuid` refuses calls without it, as Prism does).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, withSandboxPage } from "./harness.mjs";
import { Widget, pngFile } from "./widget.mjs";

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
