// Transaction-list benchmark (run by `cargo xtask bench`): 10,000 host-supplied transactions in
// the widget's first step, beside a hand-written plain-JavaScript list doing the same work on
// the same page (index once; per keystroke filter all 10,000, count the matches, render the
// first 50 rows with Intl-formatted amounts and dates). The plain list is the physical-limit
// reference: no framework, no wasm boundary.
//
// Figures, in headless Chromium, median of many runs:
// - first render: from `mount()` (wasm already loaded) to the rows laid out, with 10,000
//   transactions and with the demo's dozen (the difference is the list's cost; both include
//   the session exchange with the sandbox on loopback); plain JS from its first line.
// - keystroke: from the `input` event to the DOM updated and laid out (forced layout), the
//   work that must fit in a 16 ms frame; and to the next animation frame (what the member sees,
//   which adds the wait for the frame). Median and p95 over typing and deleting words.
// Prints a table and writes target/bench/list.json. Not a test.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "../tests/e2e/harness.mjs";
import { median, p95 } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const COUNT = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WORDS = ["gadget", "fresh", "coffee", "zzz", "air"];

/** In the page: 10,000 transactions in the API's TransactionDetail shape, deterministic. */
function makeTransactions(count) {
  const names = ["Gadget Galaxy", "FreshMart Groceries", "Corner Coffee", "Airline Tickets", "City Parking",
    "Book Nook", "Pet Palace", "Fuel Stop", "Streaming Plus", "Hardware Hub", "Pizza Place", "Gym Club"];
  const types = ["TRANSACTION_TYPE_DEBIT_CARD", "TRANSACTION_TYPE_CREDIT_CARD", "TRANSACTION_TYPE_ACH", "TRANSACTION_TYPE_ATM"];
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => ({
    uuid: `bench-${i}`,
    merchant: `${names[i % names.length]} #${(i * 7919) % 100000}`,
    amount: { amountInCents: 100 + ((i * 104729) % 50000), currency: "USD" },
    settledTimestamp: String(now - 3600 - ((i * 2654435761) % (120 * 86400))),
    type: types[i % types.length],
    status: "TRANSACTION_STATUS_SETTLED",
  }));
}

/** In the page: the plain-JavaScript list (same rows, same work), mounted in `host`. */
function plainList(host, transactions) {
  const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
  const date = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });
  const when = transactions.map((t) => Number(t.settledTimestamp) * 1000);
  const lower = transactions.map((t) => t.merchant.toLowerCase());
  const order = transactions.map((_, i) => i).sort((a, b) => when[b] - when[a]);
  const input = document.createElement("input");
  input.type = "search";
  const count = document.createElement("p");
  const list = document.createElement("ul");
  host.append(input, count, list);
  const render = () => {
    const q = input.value.trim().toLowerCase();
    const rows = [];
    let matches = 0;
    for (const i of order) {
      if (q && !lower[i].includes(q)) continue;
      matches += 1;
      if (rows.length < 50) rows.push(i);
    }
    const items = rows.map((i) => {
      const t = transactions[i];
      const li = document.createElement("li");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = `plain-${t.uuid}`;
      const label = document.createElement("label");
      label.htmlFor = box.id;
      const name = document.createElement("span");
      name.textContent = t.merchant;
      const amount = document.createElement("span");
      amount.textContent = money.format(t.amount.amountInCents / 100);
      const meta = document.createElement("span");
      meta.textContent = `${date.format(when[i])} · Debit card`;
      label.append(name, amount, meta);
      li.append(box, label);
      return li;
    });
    list.replaceChildren(...items);
    count.textContent = `Showing ${rows.length} of ${matches} transactions`;
  };
  input.addEventListener("input", render);
  render();
  return { input, list };
}

/** In the page: times keystrokes on `input` (typing then deleting each word) until `list` is laid out. */
async function typeWords(input, list, words) {
  const macrotask = () => new Promise((r) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => r();
    c.port2.postMessage(0);
  });
  const layout = [];
  const frame = [];
  const press = async (value) => {
    await new Promise((r) => requestAnimationFrame(() => r()));
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
    await macrotask(); // the widget renders from a microtask after the event
    void list.offsetHeight;
    layout.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => r()));
    frame.push(performance.now() - t0);
  };
  for (const word of words) {
    for (let n = 1; n <= word.length; n++) await press(word.slice(0, n));
    for (let n = word.length - 1; n >= 0; n--) await press(word.slice(0, n));
  }
  return { layout, frame };
}


/** One run: a fresh context, the widget with `count` transactions; first render and keystrokes. */
async function widgetRun(browser, url, count, keystrokes) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/plain.html`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  const result = await page.evaluate(async ({ count, keystrokes, make, type, words }) => {
    const makeTransactions = eval(`(${make})`);
    const typeWords = eval(`(${type})`);
    const options = await window.disputeIntake.demoOptions();
    if (count) options.transactions = makeTransactions(count);
    await window.disputeIntake.defineDisputeIntake();
    const host = document.getElementById("widget");
    const t0 = performance.now();
    await window.disputeIntake.mount(host, options);
    const root = host.shadowRoot;
    while (!root.querySelector(".di-transactions li")) {
      await new Promise((r) => setTimeout(r, 0));
    }
    void root.querySelector(".di-transactions").offsetHeight;
    const firstRender = performance.now() - t0;
    if (!keystrokes) return { firstRender };
    const times = await typeWords(root.getElementById("di-search"), root.querySelector(".di-transactions"), words);
    return { firstRender, ...times };
  }, { count, keystrokes, make: makeTransactions.toString(), type: typeWords.toString(), words: WORDS });
  await context.close();
  return result;
}

async function plainRun(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/plain.html`);
  const result = await page.evaluate(async ({ count, make, plain, type, words }) => {
    const makeTransactions = eval(`(${make})`);
    const plainList = eval(`(${plain})`);
    const typeWords = eval(`(${type})`);
    const transactions = makeTransactions(count);
    const host = document.createElement("div");
    document.body.append(host);
    const t0 = performance.now();
    const { input, list } = plainList(host, transactions);
    void list.offsetHeight;
    const firstRender = performance.now() - t0;
    return { firstRender, ...(await typeWords(input, list, words)) };
  }, { count: COUNT, make: makeTransactions.toString(), plain: plainList.toString(), type: typeWords.toString(), words: WORDS });
  await context.close();
  return result;
}

const sandbox = await startSandbox([]);
const browser = await launchBrowser();
const results = {};
try {
  const runs = { widget: [], widgetSmall: [], plain: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.widget.push(await widgetRun(browser, sandbox.url, COUNT, true));
    runs.widgetSmall.push(await widgetRun(browser, sandbox.url, 0, false));
    runs.plain.push(await plainRun(browser, sandbox.url));
  }
  for (const [who, list] of Object.entries(runs)) {
    const layout = list.flatMap((r) => r.layout ?? []);
    const frame = list.flatMap((r) => r.frame ?? []);
    results[who] = {
      firstRenderMs: median(list.map((r) => r.firstRender)),
      keystrokes: layout.length,
      layoutMedianMs: layout.length ? median(layout) : null,
      layoutP95Ms: layout.length ? p95(layout) : null,
      frameMedianMs: frame.length ? median(frame) : null,
      frameP95Ms: frame.length ? p95(frame) : null,
    };
  }
} finally {
  await browser.close();
  await sandbox.stop();
}

const f = (x) => (x == null ? "-" : x.toFixed(1));
console.log(`\nTransaction list, ${COUNT} transactions, median of ${RUNS} runs (headless Chromium)`);
console.log("who                         first render ms   keystroke→layout ms (median / p95)   keystroke→next frame ms (median / p95)");
const label = { widget: `widget, ${COUNT}`, widgetSmall: "widget, demo's 12", plain: `plain JS, ${COUNT}` };
for (const [who, r] of Object.entries(results)) {
  console.log(
    `${label[who].padEnd(28)}${f(r.firstRenderMs).padStart(15)}   ${`${f(r.layoutMedianMs)} / ${f(r.layoutP95Ms)}`.padStart(30)}   ${`${f(r.frameMedianMs)} / ${f(r.frameP95Ms)}`.padStart(36)}`,
  );
}
const w = results.widget;
const p = results.plain;
console.log(`keystrokes per run: ${w.keystrokes / RUNS}; widget p95 / plain p95 (layout): ${(w.layoutP95Ms / p.layoutP95Ms).toFixed(2)}x`);
const out = path.join(ROOT, "target/bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "list.json"), JSON.stringify({ date: new Date().toISOString(), count: COUNT, runs: RUNS, results }, null, 2));
console.log(`written: ${path.join(out, "list.json")}`);
