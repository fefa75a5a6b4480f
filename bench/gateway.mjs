// dispute-gateway's creates per second on its two stores, side by side in one run: SQLite (the
// embedded default, one instance), PostgreSQL with one instance, and PostgreSQL with two
// instances sharing the database (the clients split between them, as a load balancer would).
// Each configuration: CLIENTS members' widgets filing disputes back to back for DURATION_MS,
// every create a real POST /v1/disputes (session check, validation, the dispute and its outbox
// entry in one transaction, committed durably); meanwhile the outbox forwards to the sandbox's
// fake of Casap's server API. Release binaries; everything on this one machine (the database,
// the gateways, the clients), so the figures compare the stores rather than promise a capacity.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../tests/e2e/harness.mjs";
import { CASAP_SERVER, RIVERBEND, startGateway } from "../tests/e2e/gateway.mjs";
import { startPostgres } from "../tests/e2e/postgres.mjs";
import { median } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLIENTS = 16;
const DURATION_MS = 10_000;

const body = () =>
  JSON.stringify({
    orgUuid: RIVERBEND,
    transactionDetails: [
      {
        uuid: randomUUID(),
        merchant: "Bench Shop",
        amount: { amountInCents: 1299, currency: "USD" },
        settledTimestamp: "1764322791000",
        status: "TRANSACTION_STATUS_SETTLED",
        type: "TRANSACTION_TYPE_DEBIT_CARD",
        network: "TRANSACTION_NETWORK_VISA",
      },
    ],
    customer: { uuid: "mbr-ana", name: "Ana Reyes", email: "ana@example.org", accountUuid: "acct-1" },
    reason: "DISPUTE_REASON_UNAUTH",
    questionnaireAnswers: [
      { questionId: "card_status", question: "Where is your card now?", answer: "I have it" },
      { questionId: "member_explanation", question: "In your own words, what went wrong?", answer: "Not mine." },
      { questionId: "attest_signature", question: "Signature", answer: "Ana Reyes" },
    ],
  });

async function run(label, sandbox, dir, databases) {
  // High limits: the figure is the gateway's and its store's, not a rate limit's.
  const backend = `${CASAP_SERVER}\nrequests_per_window = 100000\nwindow_ms = 1000`;
  const gateways = [];
  for (const [i, database] of databases.entries()) {
    gateways.push(await startGateway(sandbox.url, dir, backend, { database, name: `${label}-${i}`, server: "member_requests_per_minute = 0" }));
  }
  try {
    const { token: jwt } = await (await fetch(`${sandbox.url}/sandbox/members/mbr-ana/token?alg=RS256`)).json();
    const clients = [];
    for (let c = 0; c < CLIENTS; c++) {
      const gw = gateways[c % gateways.length];
      const r = await fetch(`${gw.url}/v1/authenticate`, { headers: { authorization: `Bearer ${jwt}` } });
      const { sessionToken } = await r.json();
      clients.push({ url: gw.url, sessionToken });
    }
    const latencies = [];
    let failed = 0;
    const start = performance.now();
    const end = start + DURATION_MS;
    await Promise.all(
      clients.map(async ({ url, sessionToken }) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          const r = await fetch(`${url}/v1/disputes`, {
            method: "POST",
            headers: { authorization: `Bearer ${sessionToken}`, "content-type": "application/json" },
            body: body(),
          });
          await r.arrayBuffer();
          if (r.status === 200) latencies.push(performance.now() - t0);
          else failed++;
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      store: label,
      instances: gateways.length,
      creates: latencies.length,
      failed,
      createsPerSecond: Math.round(latencies.length / seconds),
      medianMs: Number(median(latencies).toFixed(1)),
      p95Ms: Number(latencies[Math.floor(latencies.length * 0.95)].toFixed(1)),
    };
  } finally {
    for (const g of gateways) await g.stop();
  }
}

const sandbox = await startSandbox(["--casap-server", "--casap-server-limit", "1000000"]);
const postgres = await startPostgres();
const dir = mkdtempSync(path.join(tmpdir(), "bench-gateway-"));
const rows = [];
try {
  rows.push(await run("sqlite", sandbox, dir, [path.join(dir, "gateway.sqlite")]));
  rows.push(await run("postgres", sandbox, dir, [postgres.database()]));
  const shared = postgres.database();
  rows.push(await run("postgres", sandbox, dir, [shared, shared]));
} finally {
  postgres.stop();
  await sandbox.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\ndispute-gateway: POST /v1/disputes, ${CLIENTS} clients back to back for ${DURATION_MS / 1000} s (release build, this machine)`);
console.log("  store      instances  creates/s  median ms  p95 ms  failed");
for (const r of rows) {
  console.log(
    `  ${r.store.padEnd(10)} ${String(r.instances).padStart(9)}  ${String(r.createsPerSecond).padStart(9)}  ${String(r.medianMs).padStart(9)}  ${String(r.p95Ms).padStart(6)}  ${String(r.failed).padStart(6)}`,
  );
}
const out = path.join(ROOT, "target/bench");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "gateway.json"), JSON.stringify({ clients: CLIENTS, durationMs: DURATION_MS, rows }, null, 2));
