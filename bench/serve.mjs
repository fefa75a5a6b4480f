// The static server the benchmarks put components on: fixed pages, and folders under a first
// path segment (`/justifi/…` from one folder, `/ours/…` from another). Files carry
// Last-Modified with `Cache-Control: no-cache` and answer revalidation with 304, and go out
// gzip-compressed (level 9) to browsers that accept it, as a bank's CDN serves them.

import { existsSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html" };
/** Compressed bodies by file and modification time, so each is compressed once. */
const gzipped = new Map();

function body(file, modified, acceptsGzip) {
  const raw = readFileSync(file);
  if (!acceptsGzip || !TYPES[path.extname(file)]) return { data: raw, encoding: null };
  const key = `${file}@${modified}`;
  if (!gzipped.has(key)) gzipped.set(key, gzipSync(raw, { level: 9 }));
  return { data: gzipped.get(key), encoding: "gzip" };
}

/** Serves `pages` (path -> HTML) and `dirs` (first path segment -> folder) on a free port. */
export function serveStatic(pages, dirs) {
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
    const { data, encoding } = body(file, modified, /\bgzip\b/.test(req.headers["accept-encoding"] ?? ""));
    if (encoding) headers["content-encoding"] = encoding;
    res.writeHead(200, headers).end(data);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
