// Theming and isolation: the host page's CSS, however hostile (a universal `all: unset`,
// Bootstrap 5 on top, odd fonts and sizes), never changes the widget, pixel for pixel; a credit
// union's custom properties and parts do, in light and dark; the widget fits its container and
// does not scroll the host page when it appears.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "./harness.mjs";
import { Widget } from "./widget.mjs";

const BOOTSTRAP = fileURLToPath(new URL("../../node_modules/bootstrap/dist/css/bootstrap.min.css", import.meta.url));
const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "artifacts");
let browser;
let sandbox;

before(async () => {
  browser = await launchBrowser();
  sandbox = await startSandbox();
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** The widget on `path` at its first step, as a PNG of the element; `bootstrap` adds Bootstrap's
 *  stylesheet to the page (a same-origin `<link>`, as a host would, so the strict CSP allows it). */
async function shot(path, { bootstrap = false, initScript, ...contextOptions } = {}) {
  const context = await browser.newContext({ viewport: { width: 800, height: 1400 }, ...contextOptions });
  try {
    const page = await context.newPage();
    if (initScript) await page.addInitScript(initScript);
    if (bootstrap) {
      await page.route("**/vendor/bootstrap.min.css", (route) => route.fulfill({ path: BOOTSTRAP, contentType: "text/css" }));
    }
    await page.goto(`${sandbox.url}${path}`);
    if (bootstrap) {
      await page.addStyleTag({ url: "/vendor/bootstrap.min.css" });
      // Proof it is there: Bootstrap's reboot sets the body's font to its system stack.
      assert.match(await page.evaluate(() => getComputedStyle(document.body).getPropertyValue("--bs-body-font-family")), /system-ui/);
    }
    const w = new Widget(page, "en");
    await w.atStep(0);
    await w.root.locator(".di-transaction").first().waitFor();
    const box = await w.root.boundingBox();
    const primary = await w.root.evaluate((el) => {
      const b = el.shadowRoot.querySelector(".di-button");
      return b ? getComputedStyle(b).backgroundColor : null;
    });
    const styleElements = await w.root.evaluate((el) => el.shadowRoot.querySelectorAll("style").length);
    return { png: await w.root.screenshot(), box, primary, styleElements };
  } finally {
    await context.close();
  }
}

test("hostile host CSS (resets and Bootstrap) leaves the widget identical, pixel for pixel", async () => {
  const calm = await shot("/calm.html");
  const hostile = await shot("/hostile.html", { bootstrap: true });
  // Where the page puts it is the page's business; its size and its pixels are the widget's.
  assert.deepEqual([hostile.box.width, hostile.box.height], [calm.box.width, calm.box.height]);
  if (!hostile.png.equals(calm.png)) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, "calm.png"), calm.png);
    writeFileSync(path.join(ARTIFACTS, "hostile.png"), hostile.png);
  }
  assert.ok(hostile.png.equals(calm.png), "same pixels (see tests/e2e/artifacts/calm.png and hostile.png)");
});

test("an engine without constructable stylesheets gets the same look from a <style> element", async () => {
  const adopted = await shot("/calm.html");
  // As in Safari before 16.4 or Firefox before 101.
  const fallback = await shot("/calm.html", {
    initScript: () => {
      delete ShadowRoot.prototype.adoptedStyleSheets;
    },
  });
  assert.equal(adopted.styleElements, 0, "adopted: no <style> element");
  assert.equal(fallback.styleElements, 1, "fallback: one <style> element");
  assert.deepEqual([fallback.box.width, fallback.box.height], [adopted.box.width, adopted.box.height]);
  assert.ok(fallback.png.equals(adopted.png), "same pixels");
});

test("a credit union's theme applies through custom properties, in light and dark", async () => {
  const light = await shot("/themed.html", { colorScheme: "light" });
  const dark = await shot("/themed.html", { colorScheme: "dark" });
  const calm = await shot("/calm.html", { colorScheme: "light" });
  assert.equal(light.primary, "rgb(11, 93, 70)");
  assert.equal(dark.primary, "rgb(127, 209, 180)");
  assert.notEqual(calm.primary, light.primary);
});

test("the widget fits a narrow container and appearing does not scroll the page", async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
  try {
    const page = await context.newPage();
    await page.goto(`${sandbox.url}/calm.html`);
    // A 300px column far below the fold: a sidebar on a long account page.
    await page.evaluate(() => {
      const slot = document.getElementById("slot");
      slot.style.position = "static";
      slot.style.width = "300px";
      slot.style.marginTop = "2000px";
    });
    const w = new Widget(page, "en");
    await w.atStep(0);
    await w.root.locator(".di-transaction").first().waitFor();
    assert.equal(await page.evaluate(() => window.scrollY), 0, "the page did not move");
    const fit = await w.root.evaluate((el) => {
      const root = el.shadowRoot.querySelector("[part~=root]");
      return { host: el.getBoundingClientRect().width, root: root.getBoundingClientRect().width, scroll: root.scrollWidth, client: root.clientWidth };
    });
    assert.equal(fit.host, 300, "the element takes its container's width");
    assert.ok(fit.root <= 300, `the widget stays inside it (${fit.root}px)`);
    assert.ok(fit.scroll <= fit.client, `nothing overflows sideways (${fit.scroll} > ${fit.client})`);
  } finally {
    await context.close();
  }
});
