// Starts dispute-gateway for the end-to-end tests: in front of the sandbox (its demo provider's
// JWKS, and its fake back ends), with a throwaway file database in `dir`, or on PostgreSQL.

import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { freePort } from "../engines/drivers.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RIVERBEND = "6f1c2d9e-8a41-4b7e-9c55-2e0d7f3a1b01";

/** Casap's server API (the sandbox's `--casap-server` fake), as `[backend]` keys. */
export const CASAP_SERVER = `kind = "casap-server"
api_secret = { env = "E2E_CASAP_SECRET" }
user_uuid = "70720526-3cb5-418e-9f9d-a1d07a056061"
org_uuid = "76851218-a1e8-418e-9151-8c2d61709521"`;

/** The API key of the sandbox's fake Decisionly in these tests (`--decisionly-key`). */
export const DECISIONLY_KEY = "dly_e2e_key";

/**
 * Starts the gateway with `backend` (the `[backend]` keys after `url` and `api_key`); resolves
 * to { url, stop }. `database`: a PostgreSQL URL instead of a SQLite file in `dir`; `name`: the
 * instance's configuration file (several instances in one `dir`); `server`: more `[server]` keys.
 */
export async function startGateway(sandboxUrl, dir, backend = CASAP_SERVER, { database, name = "gateway", server = "" } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = path.join(dir, `${name}.toml`);
  const decisionly = backend.includes('"decisionly"');
  writeFileSync(
    config,
    `[server]
addr = "127.0.0.1:${port}"
public_url = "${url}"
database = "${database ?? path.join(dir, "gateway.sqlite")}"
allowed_origins = ["${sandboxUrl}"]
${server}
[member_auth]
org_id = "${RIVERBEND}"
issuer = "https://idp.sandbox.dispute-intake.test"
audience = "casap-dispute-api"
algorithm = "RS256"
jwks_url = "${sandboxUrl}/sandbox/idp/jwks.json"
[backend]
url = "${sandboxUrl}"
api_key = { env = "E2E_API_KEY" }
${backend}
[links]
signing_key = { env = "E2E_LINK_KEY" }
[staff]
username = "ops"
password = { env = "E2E_STAFF" }
`,
  );
  const child = spawn(process.env.GATEWAY_BIN ?? path.join(ROOT, "target/debug/dispute-gateway"), ["--config", config], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      RUST_LOG: "warn",
      E2E_API_KEY: decisionly ? DECISIONLY_KEY : "casap-demo-key",
      E2E_CASAP_SECRET: "casap-demo-secret",
      E2E_LINK_KEY: "e2e-link-key-0123456789abcdef0123456789",
      E2E_STAFF: "e2e-staff-password",
    },
  });
  child.stderr.on("data", (d) => process.stderr.write(d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("gateway did not start within 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`gateway exited early (${code})`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Polls `fn` until it returns something truthy; that value. */
export async function until(what, fn, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
