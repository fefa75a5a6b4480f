// A throwaway PostgreSQL cluster for the end-to-end tests, as the gateway's Rust tests start one
// (crates/gateway/tests/gateway/pg.rs): Debian's initdb and pg_ctl (`PG_BIN`, else the newest
// under /usr/lib/postgresql), a free loopback port, a folder of its own; as root, the
// `postgres` user's. `stop()` stops it and removes the folder.

import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../engines/drivers.mjs";

function pgBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = readdirSync("/usr/lib/postgresql")
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`))
    .sort((a, b) => Number(a) - Number(b));
  if (!versions.length) throw new Error("PostgreSQL is not installed: run `cargo xtask setup`");
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

export async function startPostgres() {
  const bin = pgBin();
  const root = process.getuid?.() === 0;
  const run = (program, args) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, program), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, program), args, { stdio: "pipe" });
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-pg-"));
  if (root) execFileSync("chown", ["postgres:postgres", dir]);
  else chmodSync(dir, 0o700);
  const data = path.join(dir, "data");
  const port = await freePort();
  run("initdb", ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "-D", data]);
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, "-w", "start"]);
  let n = 0;
  return {
    /** A new, empty database; its URL. */
    database() {
      const name = `e2e${++n}`;
      run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
