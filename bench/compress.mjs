// Raw, gzip -9 and brotli (quality 11) sizes of files, computed with node's zlib the same way
// for every figure the project prints (`cargo xtask dist`, bench/size.mjs).
// As a script: `node bench/compress.mjs FILE...` prints a table with a total; with `--write`,
// it also writes FILE.gz and FILE.br beside each, as a CDN keeps them precompressed (the
// sandbox serves them: brotli to browsers that take it, else gzip).

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

/** `file`'s bytes gzip -9 and brotli q11 compressed. */
function compressed(file) {
  const bytes = readFileSync(file);
  return {
    bytes,
    gzip: zlib.gzipSync(bytes, { level: 9 }),
    brotli: zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  };
}

/** `{ raw, gzip, brotli }` byte counts of `file`. */
export function sizes(file) {
  const c = compressed(file);
  return { raw: c.bytes.length, gzip: c.gzip.length, brotli: c.brotli.length };
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
  const write = process.argv[2] === "--write";
  const files = process.argv.slice(write ? 3 : 2);
  if (write) {
    for (const f of files) {
      const c = compressed(f);
      writeFileSync(`${f}.gz`, c.gzip);
      writeFileSync(`${f}.br`, c.brotli);
    }
  }
  const row = (name, s) =>
    console.log(
      `  ${name.padEnd(24)}${String(s.raw).padStart(10)}${String(s.gzip).padStart(11)}${String(s.brotli).padStart(11)}`,
    );
  console.log(`  ${"file".padEnd(24)}${"raw B".padStart(10)}${"gzip -9 B".padStart(11)}${"brotli B".padStart(11)}`);
  for (const f of files) row(path.basename(f), sizes(f));
  row("total", total("", files));
}
