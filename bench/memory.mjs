// Resident memory of a browser's processes, for the benchmarks of engines without heap figures
// (bench/engines.mjs, bench/photos.mjs): the pids below a process, their summed RSS from /proc,
// and a sampler of its peak.

import { readFileSync, readdirSync } from "node:fs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The pids below `root` (children lists from /proc). */
export function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

export function rss(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** Samples the RSS of `pids()` every 20 ms until stopped; resolves to the peak above the first
 * sample. */
export function sampler(pids) {
  const idle = rss(pids());
  let peak = idle;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, rss(pids()));
      await sleep(20);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peak - idle;
  };
}
