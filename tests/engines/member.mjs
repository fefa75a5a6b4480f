// A member at the widget, over WebDriver: elements inside the widget's open shadow root found as
// a person finds them, by role and accessible name (or visible text), then clicked and typed
// into through the driver, so the engine gets real input events. WebDriver finds elements in a
// shadow root by CSS only; the name is computed in the page (aria-labelledby, aria-label, the
// <label>, a fieldset's legend, the text), and where the driver can compute an element's role
// itself (`getAriaRole`), that is checked too.

import assert from "node:assert/strict";

/** CSS candidates for each role the tests use. */
const ROLES = {
  button: "button, [role=button]",
  checkbox: "input[type=checkbox]",
  radio: "input[type=radio]",
  heading: "h1, h2, h3, h4, h5, h6, [role=heading]",
  textbox: "textarea, input:not([type]), input[type=text], input[type=search]",
  radiogroup: "[role=radiogroup], fieldset",
};

/**
 * In the page: the first element of `root` (the widget's shadow root, or `within` in it) whose
 * role matches `css` and whose accessible name matches `name` ({ exact } or { source, flags }).
 * Runs in the browser, so it is plain ES2020 with no closures over Node values.
 */
const FIND = `
const [css, name, withinCss] = arguments;
const host = document.querySelector("dispute-intake");
const root = host && host.shadowRoot;
if (!root) return null;
const scope = withinCss ? root.querySelector(withinCss) : root;
if (!scope) return null;
const squash = (s) => (s || "").replace(/\\s+/g, " ").trim();
const accessibleName = (el) => {
  const by = el.getAttribute("aria-labelledby");
  if (by) return squash(by.split(/\\s+/).map((id) => (root.getElementById(id) || {}).textContent || "").join(" "));
  const label = el.getAttribute("aria-label");
  if (label) return squash(label);
  if (el.id) {
    const l = root.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (l) return squash(l.textContent);
  }
  const wrapping = el.closest("label");
  if (wrapping) return squash(wrapping.textContent);
  if (el.tagName === "FIELDSET") {
    const legend = el.querySelector("legend");
    if (legend) return squash(legend.textContent);
  }
  return squash(el.textContent);
};
const matches = (n) => name.exact !== undefined ? n === name.exact : new RegExp(name.source, name.flags).test(n);
const visible = (el) => el.getClientRects().length > 0 || el.type === "file";
for (const el of scope.querySelectorAll(css)) {
  if (visible(el) && matches(accessibleName(el))) return el;
}
return null;
`;

const ARIA_ROLE = { button: "button", checkbox: "checkbox", radio: "radio", heading: "heading", textbox: "textbox" };

export class Member {
  constructor(driver, timeoutMs = 20_000) {
    this.driver = driver;
    this.timeoutMs = timeoutMs;
    /** Whether the driver computes roles (WebDriver's "Get Computed Role"); found on first use. */
    this.computesRoles = undefined;
  }

  /** Waits for the element of `role` named `name` (a string, exact, or a RegExp). */
  async find(role, name, { within, timeoutMs = this.timeoutMs } = {}) {
    const wanted = name instanceof RegExp ? { source: name.source, flags: name.flags } : { exact: name };
    const end = Date.now() + timeoutMs;
    for (;;) {
      const el = await this.driver.executeScript(FIND, ROLES[role], wanted, within ?? null);
      if (el) {
        await this.#checkRole(el, role);
        return el;
      }
      if (Date.now() > end) {
        const text = await this.text().catch((e) => `(no text: ${e.message})`);
        throw new Error(`no ${role} named ${name} within ${timeoutMs} ms; the widget shows: ${text.slice(0, 600)}`);
      }
      await sleep(150);
    }
  }

  async #checkRole(el, role) {
    const expected = ARIA_ROLE[role];
    if (!expected || this.computesRoles === false) return;
    let actual;
    try {
      actual = await el.getAriaRole();
    } catch {
      this.computesRoles = false;
      return;
    }
    // Some drivers answer an empty string or "generic" when they cannot compute roles.
    if (this.computesRoles === undefined && (!actual || actual === "generic")) {
      this.computesRoles = false;
      return;
    }
    this.computesRoles = true;
    assert.equal(actual, expected, `the engine's computed role of the ${role}`);
  }

  async click(role, name, options) {
    const el = await this.find(role, name, options);
    await this.driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", el);
    await el.click();
  }

  /**
   * Checks a checkbox or radio (clicks it unless it already is), then waits until the page
   * shows it checked. A click can land while the widget re-renders (WebKit's driver sometimes
   * answers a click before the page has taken it): then it is clicked again, at most three times.
   */
  async check(role, name, options) {
    for (let attempt = 1; ; attempt++) {
      const el = await this.find(role, name, options);
      if (await el.isSelected()) return;
      if (attempt > 3) assert.fail(`${role} ${name} is still not checked after 3 clicks`);
      await this.driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", el);
      await el.click();
      const end = Date.now() + 2_000;
      while (Date.now() < end) {
        const now = await this.find(role, name, options);
        if (await now.isSelected()) return;
        await sleep(100);
      }
    }
  }

  async type(name, text) {
    const el = await this.find("textbox", name);
    await el.clear();
    await el.sendKeys(text);
  }

  async heading(name, timeoutMs) {
    return this.find("heading", name, { timeoutMs });
  }

  /** Picks an option of the group of radios labelled `question`. */
  async choose(question, option) {
    const group = await this.find("radiogroup", question);
    const id = await this.driver.executeScript(
      "const g = arguments[0]; if (!g.id) g.id = 'e2e-' + Math.random().toString(36).slice(2); return g.id;",
      group,
    );
    await this.check("radio", option, { within: `#${id}` });
  }

  /** The text of the widget's shadow root (what a member sees, roughly). */
  async text() {
    return this.driver.executeScript(
      "const r = document.querySelector('dispute-intake')?.shadowRoot; return r ? r.textContent.replace(/\\s+/g, ' ') : '';",
    );
  }

  /** Waits until the widget's text matches `re`. */
  async waitForText(re, timeoutMs = this.timeoutMs) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const t = await this.text();
      if (re.test(t)) return t;
      if (Date.now() > end) throw new Error(`the widget never showed ${re} within ${timeoutMs} ms; it shows: ${t.slice(0, 600)}`);
      await sleep(150);
    }
  }

  /** The element matching `css` inside the shadow root (WebDriver's own shadow-root search). */
  async css(css) {
    const host = await this.driver.findElement({ css: "dispute-intake" });
    const root = await host.getShadowRoot();
    return root.findElement({ css });
  }

  /** Hands files to the documents step's picker, as a person choosing them would. */
  async attach(paths) {
    const input = await this.css("#di-files");
    await input.sendKeys(paths.join("\n"));
  }

  /** The filing of an unauthorized dispute on two card transactions, as in tests/e2e/widget.mjs. */
  async toDocuments() {
    await this.heading("Which transactions do you want to dispute?", 60_000);
    await this.check("checkbox", /Gadget Galaxy/);
    await this.check("checkbox", /FreshMart Groceries/);
    await this.click("button", "Continue");
    await this.heading("What went wrong?");
    await this.check("radio", /^I didn.t make this transaction/);
    await this.click("button", "Continue");
    await this.heading("Tell us what happened");
    await this.choose(/^Where is your card\?/, "I still have it");
    await this.choose(/^Do you recognize the merchant\?/, "No");
    await this.choose(/^Did you let anyone use your card or account\?/, "No");
    await this.type(/^In your own words, what went wrong\?/, "I was at home; these are not mine.");
    await this.click("button", "Continue");
    await this.heading("Add documents (optional)");
  }

  /** Attests and signs on the review step. */
  async sign() {
    await this.heading("Review and submit");
    await this.check("checkbox", /I have read these statements/);
    await this.type("Type your full name as your signature", "Ana Reyes");
  }

  /** Signs, submits; resolves to the case number shown. */
  async signAndSubmit() {
    await this.sign();
    await this.click("button", "Submit dispute");
    await this.heading("Your dispute was submitted", 30_000);
    return (await (await this.css(".di-short-id")).getText()).trim();
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
