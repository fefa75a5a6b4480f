// Startup benchmark (run by `cargo xtask bench`): time from `mount()` to the widget's first
// step being interactive, beside the time JustiFi's dispute component takes to render its first
// state, on the same page setup, in headless Chromium. Not a test: prints figures and writes
// target/bench/startup.json.
//
// Page setup, the same for both: one static server (bench/serve.mjs: gzip -9 as a CDN serves,
// Last-Modified, `Cache-Control: no-cache`, 304 on revalidation) serves a blank page that has imported the component's entry module. The clock starts when the page
// calls `mount(element, options)` (ours) or appends `<justifi-dispute-management>` (theirs): both
// then fetch and start their heavy part (our wasm; their component bundles). It stops at the
// first animation frame in which the first state is on screen: ours, the step heading and an
// enabled transaction checkbox (the member can act); theirs, the dispute's amount shown.
// APIs: ours talks to the sandbox on another origin (as a bank page talks to Casap: session
// exchange with CORS preflight); theirs is answered by a canned dispute inside the browser.
// Cold: a new browser context per run (empty HTTP and code caches). Warm: the same context,
// page loaded again (files revalidated, code cache warm). Preloaded (ours): cold, but the page
// called `preload()` before the clock. Median and p95 of BENCH_RUNS runs on the desktop, then
// BENCH_PHONE_RUNS (5) on a phone profile: DevTools "Slow 4G" (562.5 ms, 1.47 Mbps down,
// 675 kbps up) through Network.emulateNetworkConditions and the CPU 4x slower through
// Emulation.setCPUThrottlingRate; the phone profile twice, files served gzip and served brotli
// (a second server, `{ encoding: "br" }`), as CDNs serve brotli to every current browser.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startSandbox } from "../tests/e2e/harness.mjs";
import { JUSTIFI, answerJustifiApi, justifiBuild } from "./justifi.mjs";
import { serveStatic } from "./serve.mjs";
import { median, p95 } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "target/bench");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const PAGES = {
  "/ours.html": `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module">import { mount, preload } from "/ours/index.js"; window.bench = { mount, preload };</script></head>
<body><div id="widget"></div></body></html>`,
  "/justifi.html": `<!doctype html><html lang="en"><head><meta charset="utf-8">
<script type="module" src="/justifi/webcomponents.esm.js"></script></head><body></body></html>`,
};
async function json(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

/** A demo member's options against the sandbox (the host's work, before the clock starts). */
async function options(api) {
  const { token } = await json(`${api}/sandbox/members/mbr-ana/token`);
  const me = (await json(`${api}/sandbox/members`)).find((m) => m.id === "mbr-ana");
  return {
    apiBaseUrl: api,
    providerToken: token,
    orgUuid: me.orgId,
    member: { uuid: me.id, name: me.name, email: me.email, phone: me.phone, accountUuid: me.accountUuid },
    transactions: await json(`${api}/sandbox/members/mbr-ana/transactions`),
  };
}

/** ms from `mount()` to the first frame with the first step usable; and to the `ready` event.
 * `preloaded`: the page called `preload()` (and it finished) before the clock starts. */
async function ours(page, site, api, preloaded = false) {
  await page.goto(`${site}/ours.html`);
  await page.waitForFunction(() => window.bench);
  if (preloaded) await page.evaluate(() => window.bench.preload());
  return page.evaluate(async (opts) => {
    const el = document.getElementById("widget");
    const ready = new Promise((resolve) => el.addEventListener("ready", () => resolve(performance.now()), { once: true }));
    const t0 = performance.now();
    window.bench.mount(el, opts);
    const usable = () => {
      const root = el.shadowRoot;
      return root?.querySelector("h2") && root.querySelector('input[type="checkbox"]:not([disabled])');
    };
    while (!usable()) {
      await new Promise((r) => requestAnimationFrame(r));
      if (performance.now() - t0 > 30_000) throw new Error("the first step never became usable");
    }
    const ms = performance.now() - t0;
    const timeout = new Promise((r) => setTimeout(() => r(null), 10_000));
    const readyAt = await Promise.race([ready, timeout]);
    return { ms, readyMs: readyAt === null ? null : readyAt - t0 };
  }, await options(api));
}

/** ms from appending JustiFi's element to the first frame showing the dispute. */
async function theirs(page, site) {
  await page.goto(`${site}/justifi.html`);
  await page.waitForFunction(() => window.customElements && document.readyState === "complete");
  return page.evaluate(async () => {
    const el = document.createElement("justifi-dispute-management");
    el.setAttribute("auth-token", "bench-token");
    el.setAttribute("dispute-id", "dp_bench");
    const t0 = performance.now();
    document.body.append(el);
    const text = (node) => {
      let s = "";
      const walk = (n) => {
        if (n.shadowRoot) walk(n.shadowRoot);
        for (const c of n.childNodes) {
          if (c.nodeType === Node.TEXT_NODE) s += c.textContent;
          else if (c.nodeName !== "STYLE") walk(c);
        }
      };
      walk(node);
      return s;
    };
    while (!text(el).includes("$249.99")) {
      await new Promise((r) => requestAnimationFrame(r));
      if (performance.now() - t0 > 30_000) throw new Error("JustiFi's component never showed the dispute");
    }
    return { ms: performance.now() - t0 };
  });
}

/** The phone the issue measures with: DevTools' "Slow 4G" and a CPU four times slower. */
const PHONE = { latency: 562.5, downloadThroughput: (1.47e6 / 8) | 0, uploadThroughput: (675e3 / 8) | 0 };

/** Applies `profile` to `page` through the DevTools protocol (nothing for the desktop). */
async function throttle(page, profile) {
  if (profile !== "phone") return;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...PHONE });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
}

const PHONE_RUNS = Number(process.env.BENCH_PHONE_RUNS ?? 5);
const { build } = justifiBuild();
const dirs = { ours: path.join(ROOT, "target/dist"), justifi: build };
const servers = { gzip: await serveStatic(PAGES, dirs), br: await serveStatic(PAGES, dirs, { encoding: "br" }) };
const sites = Object.fromEntries(Object.entries(servers).map(([e, s]) => [e, `http://127.0.0.1:${s.address().port}`]));
const sandbox = await startSandbox(Object.values(sites).flatMap((s) => ["--origin", s]));
const browser = await launchBrowser();
const empty = () => ({ ours: { cold: [], warm: [], preloaded: [], readyCold: [], readyWarm: [] }, justifi: { cold: [], warm: [] } });
/** Each run: its key, the throttling profile, the encoding served, the runs. */
const PROFILES = [
  ["desktop", "desktop", "gzip", RUNS],
  ["phone", "phone", "gzip", PHONE_RUNS],
  ["phoneBrotli", "phone", "br", PHONE_RUNS],
];
const samples = Object.fromEntries(PROFILES.map(([key]) => [key, empty()]));
try {
  for (const [key, profile, encoding, runs] of PROFILES) {
    const site = sites[encoding];
    const sides = [
      ["ours", (page, preloaded) => ours(page, site, sandbox.url, preloaded)],
      ["justifi", (page) => theirs(page, site)],
    ];
    const into = samples[key];
    console.log(`# ${key}: ${runs} runs`);
    for (let run = 0; run < runs; run++) {
      for (const [who, measure] of sides) {
        const context = await browser.newContext();
        if (who === "justifi") await answerJustifiApi(context);
        const page = await context.newPage();
        await throttle(page, profile);
        const r = await measure(page);
        into[who].cold.push(r.ms);
        if (r.readyMs != null) into[who].readyCold.push(r.readyMs);
        await context.close();
      }
      // Ours after the page's preload() finished (cold otherwise: a new context).
      const context = await browser.newContext();
      const page = await context.newPage();
      await throttle(page, profile);
      into.ours.preloaded.push((await sides[0][1](page, true)).ms);
      await context.close();
    }
    for (const [who, measure] of sides) {
      const context = await browser.newContext();
      if (who === "justifi") await answerJustifiApi(context);
      const page = await context.newPage();
      await throttle(page, profile);
      await measure(page); // fills the caches
      for (let run = 0; run < runs; run++) {
        const r = await measure(page);
        into[who].warm.push(r.ms);
        if (r.readyMs != null) into[who].readyWarm.push(r.readyMs);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await sandbox.stop();
  for (const s of Object.values(servers)) s.close();
}

const summary = (xs) => ({ median: median(xs), p95: p95(xs), runs: xs.length });
const summarize = (x) => ({
  ours: {
    cold: summary(x.ours.cold),
    warm: summary(x.ours.warm),
    preloaded: summary(x.ours.preloaded),
    readyCold: summary(x.ours.readyCold),
    readyWarm: summary(x.ours.readyWarm),
  },
  justifi: { cold: summary(x.justifi.cold), warm: summary(x.justifi.warm) },
});
const results = {
  justifiVersion: JUSTIFI,
  desktop: summarize(samples.desktop),
  phone: { ...summarize(samples.phone), conditions: { ...PHONE, cpuSlowdown: 4 } },
  phoneBrotli: { ...summarize(samples.phoneBrotli), conditions: { ...PHONE, cpuSlowdown: 4 } },
  served: "gzip -9, and brotli q11 for phoneBrotli (bench/serve.mjs), Last-Modified + no-cache",
  samples,
};
const f = (s) => (s.runs ? `${s.median.toFixed(0)} / ${s.p95.toFixed(0)}` : "-").padStart(14);
for (const [key, profile, encoding, runs] of PROFILES) {
  const r = results[key];
  const what = profile === "phone" ? `phone profile (Slow 4G, CPU 4x), ${runs} runs` : `desktop, ${runs} runs`;
  const served = encoding === "br" ? "brotli" : "gzip";
  console.log(`\nStartup, ms median / p95, ${what} (headless Chromium, files served ${served}; clock from mount() or appending the element)`);
  console.log(`${"who".padEnd(52)}${"cold".padStart(14)}${"warm".padStart(14)}${"preloaded".padStart(14)}`);
  console.log(`${"dispute-intake, first step usable".padEnd(52)}${f(r.ours.cold)}${f(r.ours.warm)}${f(r.ours.preloaded)}`);
  console.log(`${"dispute-intake, ready event".padEnd(52)}${f(r.ours.readyCold)}${f(r.ours.readyWarm)}${"".padStart(14)}`);
  console.log(`${"JustiFi 6.14.3, dispute shown".padEnd(52)}${f(r.justifi.cold)}${f(r.justifi.warm)}${"".padStart(14)}`);
  console.log(`ratio cold, ours / JustiFi: ${(r.ours.cold.median / r.justifi.cold.median).toFixed(2)}`);
}
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, "startup.json"), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
console.log(`written: ${path.join(OUT, "startup.json")}`);
