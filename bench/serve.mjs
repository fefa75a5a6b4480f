// The static server the benchmarks put components on: fixed pages, and folders under a first
// path segment (`/justifi/…` from one folder, `/ours/…` from another). Files carry
// Last-Modified with `Cache-Control: no-cache` and answer revalidation with 304, and go out
// compressed as a bank's CDN serves them: gzip (level 9), or, on a server started with
// `{ encoding: "br" }`, brotli (quality 11) to browsers that accept it (every current one)
// and gzip to others.

import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html" };
/** Compressed bodies by encoding, file and modification time, so each is compressed once. */
const compressed = new Map();
const COMPRESS = {
  gzip: (raw) => gzipSync(raw, { level: 9 }),
  br: (raw) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
};

/** `file` as served to a browser that accepts `accepted` (its Accept-Encoding), the server
 * preferring `preferred`. */
function body(file, modified, accepted, preferred) {
  const raw = readFileSync(file);
  const takes = (e) => new RegExp(`\\b${e}\\b`).test(accepted);
  const encoding = [preferred, "gzip"].find(takes);
  if (!encoding || !TYPES[path.extname(file)]) return { data: raw, encoding: null };
  const key = `${encoding}:${file}@${modified}`;
  if (!compressed.has(key)) compressed.set(key, COMPRESS[encoding](raw));
  return { data: compressed.get(key), encoding };
}

/** Serves `pages` (path -> HTML) and `dirs` (first path segment -> folder) on a free port,
 * files compressed with `encoding` ("gzip" or "br") where the browser accepts it. */
export function serveStatic(pages, dirs, { encoding = "gzip" } = {}) {
  const server = http.createServer((req, res) => {
    const p = new URL(req.url, "http://x").pathname;
    if (pages[p]) {
      res.writeHead(200, { "content-type": "text/html", "cache-control": "no-store" }).end(pages[p]);
      return;
    }
    const [, top, ...rest] = p.split("/");
    const dir = dirs[top];
    const file = dir && path.join(dir, path.normalize(rest.join("/")));
    if (!file || !file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const modified = statSync(file).mtime.toUTCString();
    const headers = { "last-modified": modified, "cache-control": "no-cache" };
    if (req.headers["if-modified-since"] === modified) {
      res.writeHead(304, headers).end();
      return;
    }
    headers["content-type"] = TYPES[path.extname(file)] ?? "application/octet-stream";
    headers.vary = "accept-encoding";
    const served = body(file, modified, req.headers["accept-encoding"] ?? "", encoding);
    if (served.encoding) headers["content-encoding"] = served.encoding;
    res.writeHead(200, headers).end(served.data);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
