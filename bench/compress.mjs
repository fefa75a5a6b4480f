// Raw, gzip -9 and brotli (quality 11) sizes of files, computed with node's zlib the same way
// for every figure the project prints (`cargo xtask dist`, bench/size.mjs).
// As a script: `node bench/compress.mjs FILE...` prints a table with a total.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

/** `{ raw, gzip, brotli }` byte counts of `file`. */
export function sizes(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** The sizes of `files` (relative to `dir`) added up, with how many there are. */
export function total(dir, files) {
  const t = { raw: 0, gzip: 0, brotli: 0, files: files.length };
  for (const f of files) {
    const s = sizes(path.join(dir, f));
    t.raw += s.raw;
    t.gzip += s.gzip;
    t.brotli += s.brotli;
  }
  return t;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  const row = (name, s) =>
    console.log(
      `  ${name.padEnd(24)}${String(s.raw).padStart(10)}${String(s.gzip).padStart(11)}${String(s.brotli).padStart(11)}`,
    );
  console.log(`  ${"file".padEnd(24)}${"raw B".padStart(10)}${"gzip -9 B".padStart(11)}${"brotli B".padStart(11)}`);
  for (const f of files) row(path.basename(f), sizes(f));
  row("total", total("", files));
}
