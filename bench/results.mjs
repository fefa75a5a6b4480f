// Gathers the figures of `cargo xtask bench` (target/bench/{size,startup,list,uploads,engines,photos,gateway}.json) into
// target/bench/results.json, with the machine they were taken on.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../target/bench");
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGB: Math.round(os.totalmem() / 1e9), platform: `${os.platform()} ${os.release()}` },
};
for (const name of ["size", "startup", "list", "uploads", "engines", "photos", "gateway"]) {
  const file = path.join(OUT, `${name}.json`);
  if (existsSync(file)) results[name] = JSON.parse(readFileSync(file, "utf8"));
}
writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2));
console.log(`\nall figures: ${path.join(OUT, "results.json")}`);
