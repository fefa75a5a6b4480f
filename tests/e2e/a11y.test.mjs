// Accessibility, WCAG 2.1 A and AA: axe-core (from npm) run inside the widget's open shadow root
// on every step, every error state, the upload states, the confirmation and the status views,
// in light and dark and in both languages; zero violations. Keyboard and focus: tests below.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchBrowser, setFaults, withSandboxPage } from "./harness.mjs";
import { WORDS, Widget, jpeg } from "./widget.mjs";

const AXE = readFileSync(fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** Runs axe on the widget element (it follows the open shadow root); violations as lines. */
async function audit(page, state, selector = "dispute-intake") {
  const found = await page.evaluate(async ([tags, selector]) => {
    const result = await window.axe.run(document.querySelector(selector), {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" > ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n")}`,
    );
  }, [TAGS, selector]);
  return found.map((v) => `[${state}] ${v}`);
}

/**
 * Walks every view of the widget in `lang` and `colorScheme`, auditing each state; returns the
 * violations and how many states were audited.
 */
async function walk(lang, colorScheme) {
  const violations = [];
  let states = 0;
  const words = WORDS[lang];
  const query = lang === "es" ? "?locale=es" : "";
  await withSandboxPage(browser, `/${query}`, async ({ sandbox, p }) => {
    const { page } = p;
    const w = new Widget(page, lang);
    const check = async (state) => {
      states += 1;
      violations.push(...(await audit(page, `${lang} ${colorScheme} ${state}`)));
    };
    /** Audits a step, then the same step refused by `press` (its error summary shown). */
    const checkStep = async (state, refusedState, press = () => w.continue()) => {
      await check(state);
      await press();
      await w.root.locator(".di-error-summary").waitFor();
      await check(refusedState);
    };

    await w.atStep(0);
    await w.root.locator(".di-transaction").first().waitFor();
    await checkStep("transactions", "transactions, nothing chosen");
    await w.select("Gadget Galaxy");
    await w.select("FreshMart Groceries");
    await w.continue();

    await w.atStep(1);
    await checkStep("reason", "reason, none chosen");
    await w.reason(lang === "en" ? "I didn't make this transaction" : "Yo no hice esta transacción");
    await w.continue();

    await w.atStep(2);
    await checkStep("questions", "questions, unanswered");
    await w.answerUnauthorized(lang);
    await w.continue();

    await w.atStep(3);
    await check("documents");
    // One refused (an executable named .jpg), two accepted: one the server will refuse as too
    // large (413, not retried), one it takes slowly.
    const exe = { name: "receipt.jpg", mimeType: "image/jpeg", buffer: Buffer.from("MZ\x90\x00not an image at all") };
    await w.attach([exe]);
    await w.root.locator(".di-alert").first().waitFor();
    await check("documents, a file refused");
    await w.attach([jpeg("slow-receipt.jpg", 40_000), jpeg("huge-scan.jpg", 150_000)]);
    await w.root.locator(".di-files li").nth(1).waitFor();
    await check("documents, two attached");
    await w.continue();

    await w.atStep(4);
    await checkStep("review", "review, not attested", () => w.submit());
    await w.attestAndSign("Ana Reyes");
    await setFaults(sandbox.url, { upload: { latencyMs: 2500 } });
    await w.submit();
    await w.confirmation();
    await w.root.locator("li.di-upload[data-state=sending]").first().waitFor();
    await check("confirmation, uploads sending");
    await w.root.locator("li.di-upload[data-state=failed]").waitFor({ timeout: 15_000 });
    await w.root.locator("li.di-upload[data-state=done]").waitFor({ timeout: 15_000 });
    await check("confirmation, one received, one failed");

    await w.root.getByRole("button", { name: words.myDisputes }).first().click();
    await w.heading(words.myDisputes).waitFor();
    await w.root.locator(".di-dispute").first().waitFor();
    await check("my disputes");
    await w.root.locator(".di-dispute button").first().click();
    await w.root.locator(".di-timeline").waitFor();
    await check("a dispute");
  }, { sandboxArgs: ["--max-file-bytes", "100000"], contextOptions: { colorScheme, viewport: { width: 1024, height: 900 } }, initScript: AXE });

  // The connection failing: the error view.
  await withSandboxPage(browser, `/?api=http://127.0.0.1:9${lang === "es" ? "&locale=es" : ""}`, async ({ p }) => {
    const w = new Widget(p.page, lang);
    await w.root.getByRole("alert").waitFor();
    states += 1;
    violations.push(...(await audit(p.page, `${lang} ${colorScheme} cannot connect`)));
  }, { contextOptions: { colorScheme }, initScript: AXE });
  return { violations, states };
}

for (const lang of ["en", "es"]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe: no WCAG 2.1 A/AA violation on any view (${lang}, ${colorScheme})`, async () => {
      const { violations, states } = await walk(lang, colorScheme);
      console.log(`axe ${lang} ${colorScheme}: ${states} states audited, ${violations.length} violations`);
      assert.ok(states >= 15, `every view was audited (${states})`);
      assert.deepEqual(violations, []);
    });
  }
}

test("the audit sees inside the shadow root: an unlabelled field planted there is a violation", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await p.page.evaluate(() => {
      const input = document.createElement("input");
      document.querySelector("dispute-intake").shadowRoot.querySelector(".di").append(input);
    });
    const found = await audit(p.page, "planted");
    assert.ok(found.some((v) => v.includes("label")), found.join("\n"));
  }, { initScript: AXE });
});

/** Counts pointer input on the page, so a keyboard-only run can prove it used none. */
function countPointer() {
  window.__pointer = 0;
  for (const type of ["pointerdown", "mousedown", "touchstart"]) {
    window.addEventListener(type, () => (window.__pointer += 1), true);
  }
}

/**
 * What has focus inside the widget: tag, type, name (label, aria-label or text), whether it is
 * a heading or the error summary, and whether its focus can be seen (an outline on it, or on
 * the visible label that follows a visually hidden file input).
 */
function focused() {
  const root = document.querySelector("dispute-intake").shadowRoot;
  const el = root.activeElement;
  if (!el) return null;
  const name = (el.getAttribute("aria-label") ?? el.labels?.[0]?.textContent ?? el.textContent ?? "").replace(/\s+/g, " ").trim();
  const shown = [el, el.classList.contains("di-file-input") ? el.nextElementSibling : null].filter(Boolean);
  const outlines = shown.map((e) => {
    const s = getComputedStyle(e);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
  const visible = outlines.some((o) => !o.startsWith("none") && parseFloat(o.split(" ")[1]) >= 2);
  return { tag: el.tagName.toLowerCase(), type: el.type ?? "", name, checked: el.checked ?? null, cls: el.className, visible, outlines };
}

/** Presses Tab until what has focus matches `want` (a function of `focused()`); at most 60. */
async function tabTo(page, want, what) {
  const seen = [];
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press("Tab");
    // What the member sees: styles after the next frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    const f = await page.evaluate(focused);
    if (f) {
      seen.push(f);
      assert.ok(f.visible, `focus is visible on ${f.tag} "${f.name}" (${JSON.stringify(f)})`);
      if (want(f)) return f;
    }
  }
  throw new Error(`could not Tab to ${what}; went through ${seen.map((f) => `${f.tag}:${f.name}`).join(" | ")}`);
}

/** Tabs into the radio group whose options include `option`, then arrows until it is chosen. */
async function chooseByKeyboard(page, option, what) {
  await tabTo(page, (f) => f.type === "radio", what);
  for (let i = 0; i < 12; i += 1) {
    const f = await page.evaluate(focused);
    if (f?.name.startsWith(option)) {
      // Tabbing into a group with nothing chosen focuses its first option without choosing it.
      if (!f.checked) await page.keyboard.press("Space");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`could not choose "${option}" in ${what}`);
}

async function headingFocused(page, title) {
  const f = await page.evaluate(focused);
  assert.equal(f?.tag, "h2", `focus on the step's heading, not ${JSON.stringify(f)}`);
  assert.equal(f.name, title);
}

test("keyboard only, no pointer: the whole flow with a file; focus on each step's heading and on the error summary", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const { page } = p;
    const w = new Widget(page, "en");
    const steps = w.w.steps;
    await w.atStep(0);
    await w.root.locator(".di-transaction").first().waitFor();

    // A Continue with nothing chosen: the summary takes focus; its link takes focus to the list.
    await tabTo(page, (f) => f.name === "Continue", "Continue");
    await page.keyboard.press("Enter");
    await w.root.locator(".di-error-summary").waitFor();
    assert.match((await page.evaluate(focused)).cls, /di-error-summary/, "the error summary has focus");
    await tabTo(page, (f) => f.cls.includes("di-link") && f.tag === "button" && /transaction/i.test(f.name), "the summary's link");
    await page.keyboard.press("Enter");
    assert.notEqual((await page.evaluate(focused)).cls, "di-link", "the link moved focus to the field");

    await tabTo(page, (f) => f.type === "checkbox" && f.name.includes("Gadget Galaxy"), "Gadget Galaxy");
    await page.keyboard.press("Space");
    await tabTo(page, (f) => f.name === "Continue", "Continue");
    await page.keyboard.press("Enter");
    await w.atStep(1);
    await headingFocused(page, steps[1]);

    await chooseByKeyboard(page, "I didn't make this transaction", "the reasons");
    await tabTo(page, (f) => f.name === "Continue", "Continue");
    await page.keyboard.press("Enter");
    await w.atStep(2);
    await headingFocused(page, steps[2]);

    await chooseByKeyboard(page, "I still have it", "Where is your card?");
    await chooseByKeyboard(page, "No", "Do you recognize the merchant?");
    await chooseByKeyboard(page, "No", "Did you let anyone use your card or account?");
    await tabTo(page, (f) => f.tag === "textarea", "the explanation");
    await page.keyboard.type("Not mine: I was at home.");
    await tabTo(page, (f) => f.name === "Continue", "Continue");
    await page.keyboard.press("Enter");
    await w.atStep(3);
    await headingFocused(page, steps[3]);

    // The file picker opens from the keyboard.
    await tabTo(page, (f) => f.type === "file" && !f.cls.includes("camera"), "Choose files");
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await chooser.setFiles(jpeg("receipt.jpg", 20_000));
    await w.root.locator(".di-files li").first().waitFor();
    await tabTo(page, (f) => f.name === "Continue", "Continue");
    await page.keyboard.press("Enter");
    await w.atStep(4);
    await headingFocused(page, steps[4]);

    await tabTo(page, (f) => f.type === "checkbox", "the attestation");
    await page.keyboard.press("Space");
    await tabTo(page, (f) => f.tag === "input" && f.type === "text", "the signature");
    await page.keyboard.type("Ana Reyes");
    await tabTo(page, (f) => f.name === "Submit dispute", "Submit");
    await page.keyboard.press("Enter");
    await w.confirmation();
    await headingFocused(page, w.w.confirmed);
    const submitted = await p.event("submitted");
    assert.equal(submitted.filesUploaded, 1);
    await tabTo(page, (f) => f.name === "Done", "Done");
    await page.keyboard.press("Enter");
    await p.event("exit");
    assert.equal(await page.evaluate(() => window.__pointer), 0, "no pointer event at all");
  }, { initScript: countPointer });
});

/**
 * In the widget: whether anything overflows sideways, and the controls whose target is under
 * 44 px high (a checkbox or radio counts by its row, which its label makes clickable).
 */
function layout() {
  const root = document.querySelector("dispute-intake").shadowRoot;
  const widget = root.querySelector(".di");
  const small = [];
  for (const el of root.querySelectorAll("button, input, select, textarea, label.di-button")) {
    if (el.type === "hidden" || el.classList.contains("di-file-input") || el.closest(".di-sr")) continue;
    const target = el.type === "checkbox" || el.type === "radio" ? el.closest(".di-option, .di-transaction") ?? el : el;
    const box = target.getBoundingClientRect();
    if (box.height > 0 && box.height < 44) small.push(`${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? el.id).trim().slice(0, 40)}" ${Math.round(box.height)}px`);
  }
  return { overflow: widget.scrollWidth - widget.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth, small };
}

test("at 320 px wide (400% zoom of 1280) nothing scrolls sideways and every target is 44 px high; reduced motion is respected", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const { page } = p;
    const w = new Widget(page, "en");
    const problems = [];
    const check = async (where) => {
      const l = await page.evaluate(layout);
      if (l.overflow > 0 || l.page > 0) problems.push(`${where}: overflows by ${l.overflow}px (page ${l.page}px)`);
      problems.push(...l.small.map((s) => `${where}: ${s}`));
    };
    await w.atStep(0);
    await w.root.locator(".di-transaction").first().waitFor();
    await check("transactions");
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
    await check("reason");
    await w.reason("I didn't make this transaction");
    await w.continue();
    await w.atStep(2);
    await check("questions");
    await w.answerUnauthorized("en");
    await w.continue();
    await w.atStep(3);
    await w.attach([jpeg("a-rather-long-file-name-from-a-phone-camera-20261122-101010.jpg", 20_000)]);
    await w.root.locator(".di-files li").first().waitFor();
    await check("documents");
    await w.continue();
    await w.atStep(4);
    await check("review");
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    await w.confirmation();
    await check("confirmation");
    const motion = await w.root.locator("progress, .di-button").first().evaluate((el) => getComputedStyle(el).transitionDuration);
    assert.equal(motion, "0s", "no transition under prefers-reduced-motion");
    assert.deepEqual(problems, []);
  }, { contextOptions: { viewport: { width: 320, height: 640 }, reducedMotion: "reduce", hasTouch: true, isMobile: true } });
});

/** What has focus in the widget mounted on /plain.html, as "TAG text". */
function focusedOnPlain() {
  const el = document.getElementById("widget").shadowRoot.activeElement;
  if (!el) return `page: ${document.activeElement?.tagName}`;
  return `${el.tagName} ${(el.getAttribute("aria-label") ?? el.textContent).replace(/\s+/g, " ").trim()}`;
}

/**
 * Mounts the widget on /plain.html with a session token the host holds and no way for the
 * widget to renew it (no provider JWT, no `fetchProviderToken`): a hard limit, 15 minutes of
 * the page's clock. `window.extend()` gets a new session as online banking would and hands it
 * over with `update()`; `window.expiring` records `sessionexpiring`.
 */
async function mountWithSession(page, { locale = "en", answerHost = true } = {}) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return page.evaluate(async ({ locale, answerHost }) => {
    const { providerToken, ...options } = await window.disputeIntake.demoOptions();
    const session = async (jwt) => {
      const r = await fetch("/v1/authenticate", { headers: { authorization: `Bearer ${jwt}` } });
      return (await r.json()).sessionToken;
    };
    window.expiring = [];
    window.extend = async () => {
      const { token } = await (await fetch("/sandbox/members/mbr-ana/token")).json();
      window.extended = await session(token);
      window.handle.update({ sessionToken: window.extended, sessionExpiresAt: Date.now() + 15 * 60_000 });
    };
    const expiresAt = Date.now() + 15 * 60_000;
    window.handle = await window.disputeIntake.mount(document.getElementById("widget"), {
      ...options,
      locale,
      sessionToken: await session(providerToken),
      sessionExpiresAt: expiresAt,
      onSessionExpiring(detail) {
        window.expiring.push(detail);
        if (answerHost && detail.memberAsked) window.extend();
      },
    });
    return expiresAt;
  }, { locale, answerHost });
}

test("a session the widget cannot renew: warned 2 minutes ahead without moving focus; Stay signed in extends it in place", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    const { page } = p;
    await page.clock.install();
    const expiresAt = await mountWithSession(page);
    const w = new Widget(page, "en");
    w.root = page.locator("#widget");
    const authorizations = [];
    page.on("request", (r) => {
      if (r.url().includes("/v1/disputes")) authorizations.push(r.headers().authorization);
    });
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
    await w.reason("I didn't make this transaction");
    const notice = w.root.locator(".di-session");

    // 12:58 in, nothing; at 13:00, two minutes before the end, the warning. (The end is read
    // on the server's clock, whose Date header has whole seconds: the warning may come up to a
    // second before 13:00 by the page's clock.)
    await page.clock.fastForward("12:58");
    await page.waitForTimeout(200);
    assert.equal(await notice.count(), 0, "no warning before two minutes are left");
    const before = await page.evaluate(focusedOnPlain);
    await page.clock.fastForward(2_000);
    const alert = notice.getByRole("alert");
    await alert.waitFor();
    const end = await page.evaluate((t) => new Date(t).toLocaleTimeString("en-US", { timeStyle: "short" }), expiresAt);
    assert.equal(
      (await alert.textContent()).trim(),
      `For your security, your session ends at ${end}. Select Stay signed in to keep working; your answers are kept.`,
    );
    const timer = notice.getByRole("timer");
    assert.match(await timer.textContent(), /^(2:00|1:59) left$/);
    assert.equal(await alert.getByRole("timer").count(), 0, "the ticking countdown is not read out as an alert");
    assert.equal(await page.evaluate(focusedOnPlain), before, "the warning does not take focus");
    await page.clock.fastForward(30_000);
    await timer.filter({ hasText: /^1:(29|30) left$/ }).waitFor();
    const told = await page.evaluate(() => window.expiring);
    const sessionId = await page.evaluate(() => window.handle.sessionId);
    assert.deepEqual(told, [{ expiresAt, memberAsked: false, sessionId }], "the host heard it once");
    assert.deepEqual(await audit(page, "session warning", "#widget"), []);

    // Keyboard: focus on the button, Enter. The host answers with a new session.
    const sentBefore = authorizations.length;
    await w.root.getByRole("button", { name: "Stay signed in" }).focus();
    await page.keyboard.press("Enter");
    const still = w.root.getByRole("status").filter({ hasText: "You are still signed in. Carry on where you were." });
    await still.waitFor();
    assert.equal(await notice.getByRole("alert").count(), 0, "the warning is gone");
    assert.equal(await page.evaluate(focusedOnPlain), "P You are still signed in. Carry on where you were.", "focus is not lost with the button");
    assert.equal((await page.evaluate(() => window.expiring)).at(-1).memberAsked, true);
    // Nothing was reloaded: the same step, the same choice.
    await w.atStep(1);
    assert.ok(await w.root.getByRole("radio", { name: /^I didn't make this transaction/ }).isChecked());
    await page.clock.fastForward(11_000);
    await still.waitFor({ state: "detached" });

    // The dispute is filed with the session the host handed over.
    await w.continue();
    await w.atStep(2);
    await w.answerUnauthorized("en");
    await w.continue();
    await w.atStep(3);
    await w.continue();
    await w.atStep(4);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    await w.confirmation();
    const extended = `Bearer ${await page.evaluate(() => window.extended)}`;
    const filing = authorizations.slice(sentBefore);
    assert.ok(filing.length > 0);
    assert.ok(filing.every((a) => a === extended), "every filing request carried the session the host handed over");
    assert.deepEqual(p.consoleErrors, []);
  }, { initScript: AXE });
});

test("the session ends: the member is told their answers are kept, may ask to stay signed in, and goes on when the host extends it (es)", async () => {
  await withSandboxPage(browser, "/plain.html", async ({ p }) => {
    const { page } = p;
    await page.clock.install();
    await mountWithSession(page, { locale: "es", answerHost: false });
    const w = new Widget(page, "es");
    w.root = page.locator("#widget");
    await w.atStep(0);
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
    await w.reason("Yo no hice esta transacción");
    await w.continue();
    await w.atStep(2);
    await w.fill("Con sus propias palabras, ¿qué salió mal?", "No fui yo.");

    await page.clock.fastForward("15:01");
    const notice = w.root.locator(".di-session");
    await notice.getByRole("alert").filter({ hasText: "Su sesión segura terminó. Sus respuestas se conservan aquí." }).waitFor();
    assert.equal(await notice.getByRole("timer").count(), 0, "no countdown once it is over");
    assert.deepEqual(await audit(page, "session ended (es)", "#widget"), []);

    // The member asks; nobody answers within 5 seconds: they are told, and nothing is lost.
    await notice.getByRole("button", { name: "Seguir conectado" }).click();
    await notice.getByRole("status").filter({ hasText: "Pidiendo a su cooperativa de crédito" }).waitFor();
    await page.clock.fastForward(6_000);
    await notice.getByRole("alert").filter({ hasText: "No se pudo extender la sesión." }).waitFor();
    assert.equal(await w.root.getByLabel("Con sus propias palabras, ¿qué salió mal?", { exact: true }).inputValue(), "No fui yo.");
    assert.deepEqual(await audit(page, "session not extended (es)", "#widget"), []);

    // Later the page hands over a new session: the notice says so, the step goes on.
    await page.evaluate(() => window.extend());
    await page.clock.fastForward(15_000);
    await w.root.getByRole("status").filter({ hasText: "Su sesión sigue activa." }).waitFor();
    assert.equal(await notice.getByRole("alert").count(), 0);
    await w.atStep(2);
    assert.equal(await w.root.getByLabel("Con sus propias palabras, ¿qué salió mal?", { exact: true }).inputValue(), "No fui yo.");
    assert.deepEqual((await page.evaluate(() => window.expiring)).map((e) => e.memberAsked), [false, true]);
  }, { initScript: AXE });
});

test("with fetchProviderToken the session is renewed ahead of its end and the member is never warned", async () => {
  await withSandboxPage(browser, "/", async ({ p }) => {
    const { page } = p;
    await page.clock.install();
    await page.reload();
    const auths = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/v1/authenticate")) auths.push(r.url());
    });
    const w = new Widget(page, "en");
    await w.atStep(0);
    const first = auths.length;
    const renewed = page.waitForResponse((r) => r.url().endsWith("/v1/authenticate") && r.ok());
    await page.clock.fastForward("13:01");
    await renewed;
    await page.waitForTimeout(300);
    assert.equal(await w.root.locator(".di-session").count(), 0, "no warning");
    assert.ok(auths.length > first, "renewed silently");
    await w.select("Gadget Galaxy");
    await w.continue();
    await w.atStep(1);
  });
});
