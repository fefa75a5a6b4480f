// The peer the benchmarks compare with: JustiFi's dispute web component
// (`@justifi/webcomponents` from npm, its CDN build), fetched once into target/bench/justifi,
// and a canned dispute for its API so it renders its first real state without the network.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../target/bench");

/** The version measured; pinned so the figures can be repeated. */
export const JUSTIFI = "@justifi/webcomponents@6.14.3";

/** Downloads and unpacks the package (once); returns the folder of its CDN build. */
export function justifiBuild() {
  const dir = path.join(OUT, "justifi");
  const pkg = path.join(dir, "package");
  if (!existsSync(path.join(pkg, "dist/webcomponents/webcomponents.esm.js"))) {
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync("npm", ["pack", JUSTIFI, "--silent"], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop();
    execFileSync("tar", ["xzf", tarball], { cwd: dir });
  }
  return { pkg, build: path.join(pkg, "dist/webcomponents") };
}

/** Two weeks from today: a dispute whose due date has passed renders without its amount
 * ("You can no longer submit evidence"), which the benchmarks wait for. */
const DUE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

/** A canned dispute, as JustiFi's API returns it. */
export const DISPUTE = {
  id: "dp_bench", amount: 24999, currency: "usd", status: "needs_response", reason: "fraudulent",
  due_date: DUE, payment_id: "py_bench", created_at: "2026-11-20T10:00:00Z", updated_at: "2026-11-20T10:00:00Z",
  dispute_response: null,
};

/** Answers every request `page` makes to JustiFi's API with the canned dispute. */
export async function answerJustifiApi(page) {
  await page.route(/^https:\/\/[^/]*justifi[^/]*\//, (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      headers: { "access-control-allow-origin": "*" },
      body: JSON.stringify({ id: 1, type: "dispute", data: DISPUTE }),
    }),
  );
}
