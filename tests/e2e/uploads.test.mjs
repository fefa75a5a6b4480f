// Evidence uploads end to end: many files through a failing network arrive exactly once and
// byte-identical; progress only grows; Cancel, and Try again after a final failure, work; a
// refused file is named with its reason; hostile names render as text.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launchBrowser, openPage, setFaults, startSandbox } from "./harness.mjs";
import { Widget, pngFile, readBack } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const MAGIC = {
  pdf: ["application/pdf", Buffer.from("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "latin1")],
  png: ["image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
  jpg: ["image/jpeg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])],
};

/** A file of `size` bytes that starts like a real one of `ext` and goes on with noise. */
function evidence(name, ext, size) {
  const [mimeType, head] = MAGIC[ext];
  const buffer = Buffer.alloc(size);
  head.copy(buffer);
  let x = size ^ 0x9e3779b9;
  for (let i = head.length; i < size; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    buffer[i] = x & 0xff;
  }
  return { name, mimeType, buffer, sha256: createHash("sha256").update(buffer).digest("hex") };
}

/** A sandbox and the demo page on it, walked up to the documents step. */
async function atEvidence(query, sandboxArgs = [], contextOptions = {}) {
  const sandbox = await startSandbox(sandboxArgs);
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/${query}`, contextOptions);
    const w = new Widget(p.page, "en");
    await w.toEvidence("en");
    return { sandbox, p, w, async close() { await p.close(); await sandbox.stop(); } };
  } catch (e) {
    await p?.close();
    await sandbox.stop();
    throw e;
  }
}

async function submit(w) {
  await w.continue();
  await w.atStep(4);
  await w.attestAndSign("Ana Reyes");
  await w.submit();
  return w.confirmation();
}

/** Every upload row's state, by file name. */
async function states(w) {
  return w.root.locator("li.di-upload").evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector(".di-filename").title, r.dataset.state])),
  );
}

async function waitSettled(w, timeout = 180_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const s = Object.values(await states(w));
    if (s.length && s.every((x) => ["done", "failed", "cancelled"].includes(x))) return;
    if (Date.now() > end) throw new Error(`uploads never settled: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("20 files from 1 KB to 10 MB arrive exactly once, byte-identical, through 503s and resets", async () => {
  const { sandbox, p, w, close } = await atEvidence("?maxFiles=20");
  try {
    const kinds = ["pdf", "png", "jpg"];
    const files = Array.from({ length: 20 }, (_, i) => {
      const size = Math.round(1_000 * 10 ** (i * 4 / 19)); // 1 KB … 10 MB, geometric
      const ext = kinds[i % 3];
      return evidence(`evidence-${String(i + 1).padStart(2, "0")}.${ext}`, ext, size);
    });
    await w.attach(files);
    await w.root.locator(".di-files li").nth(19).waitFor();

    // Count what the network does to the uploads.
    const seen = { attempts: 0, s503: 0, s429: 0, dropped: 0, ok: 0 };
    p.page.on("requestfinished", async (req) => {
      if (!req.url().endsWith("/files")) return;
      const status = (await req.response())?.status();
      seen.attempts++;
      if (status === 503) seen.s503++;
      else if (status === 429) seen.s429++;
      else if (status >= 200 && status < 300) seen.ok++;
    });
    p.page.on("requestfailed", (req) => {
      if (req.url().endsWith("/files")) { seen.attempts++; seen.dropped++; }
    });

    // The page records every progress value each row ever shows.
    await p.page.evaluate(() => {
      const root = document.querySelector("dispute-intake").shadowRoot;
      window.progressSeen = {};
      const record = () => {
        for (const row of root.querySelectorAll("li.di-upload")) {
          const name = row.querySelector(".di-filename").title;
          const v = Number(row.querySelector("progress").getAttribute("value"));
          const list = (window.progressSeen[name] ??= []);
          if (list.at(-1) !== v) list.push(v);
        }
      };
      new MutationObserver(record).observe(root, { subtree: true, attributes: true, childList: true });
    });

    await setFaults(sandbox.url, { upload: { error503: 0.3, reset: 0.15 } });
    const shortId = await submit(w);

    // After the automatic retries, anything that still failed gets the member's Try again.
    let manual = 0;
    for (let round = 0; round < 5; round++) {
      await waitSettled(w);
      const failed = Object.entries(await states(w)).filter(([, s]) => s !== "done");
      if (!failed.length) break;
      for (const [name] of failed) {
        manual++;
        await w.root.getByRole("button", { name: `Try again ${name}` }).click();
      }
    }
    await waitSettled(w);
    assert.ok(Object.values(await states(w)).every((s) => s === "done"), JSON.stringify(await states(w)));
    await w.root.getByText("20 of 20 documents received").waitFor();
    await setFaults(sandbox.url, {});

    const [filed] = await readBack(sandbox.url);
    assert.equal(filed.dispute.shortId, shortId);
    const stored = filed.files.map((f) => `${f.filename} ${f.sha256}`).sort();
    assert.deepEqual(stored, files.map((f) => `${f.name} ${f.sha256}`).sort(), "each file once, byte-identical");

    const progress = await p.page.evaluate(() => window.progressSeen);
    for (const [name, values] of Object.entries(progress)) {
      for (let i = 1; i < values.length; i++) {
        assert.ok(values[i] >= values[i - 1], `${name} went backwards: ${values}`);
      }
      assert.equal(values.at(-1), 1000, name);
    }
    assert.ok(seen.s503 + seen.dropped > 0, `faults were injected: ${JSON.stringify(seen)}`);
    console.log(
      `uploads under faults: 20 files, ${seen.attempts} requests (${seen.ok} ok, ${seen.s503} 503, ` +
        `${seen.s429} 429, ${seen.dropped} dropped), ${manual} manual retries`,
    );
    const submitted = (await p.events()).find((e) => e.type === "submitted");
    assert.equal(submitted.detail.shortId, shortId);
  } finally {
    await close();
  }
});

test("a file the server refuses is listed as not sent; Cancel and Try again work", async () => {
  // The widget allows 10 MB; this server only 1 MB: the 2 MB file fails for good (413).
  const { sandbox, p, w, close } = await atEvidence("", ["--max-file-bytes", "1000000"]);
  try {
    const big = evidence("big-statement.pdf", "pdf", 2_000_000);
    const slow = evidence("slow-photo.jpg", "jpg", 5_000);
    const ok = pngFile();
    await w.attach([big, slow, ok]);
    await w.root.locator(".di-files li").nth(2).waitFor();
    // The slow one waits 3 s at the server: long enough to cancel it.
    await setFaults(sandbox.url, { upload: { latencyMs: 3000 } });
    await submit(w);
    await w.root.locator("li.di-upload[data-state=sending]").first().waitFor();
    await w.root.getByRole("button", { name: "Cancel slow-photo.jpg" }).click();
    await waitSettled(w);
    assert.deepEqual(await states(w), {
      "big-statement.pdf": "failed",
      "slow-photo.jpg": "cancelled",
      "receipt.png": "done",
    });
    const row = (name) => w.root.locator("li.di-upload", { hasText: name });
    assert.match(await row("big-statement.pdf").textContent(), /Not sent: The dispute service turned down this request/);
    assert.match(await row("slow-photo.jpg").textContent(), /Cancelled: not sent/);
    // The failure is announced by name (the member's own Cancel is not an alert).
    assert.equal(
      (await w.root.locator(".di-uploads").getByRole("alert").textContent()).trim(),
      "Not sent: big-statement.pdf. Your dispute is filed; select Try again beside a document to send it again.",
    );
    const submitted = (await p.events()).find((e) => e.type === "submitted");
    assert.deepEqual([submitted.detail.filesUploaded, submitted.detail.filesFailed], [1, 2]);

    // Send the cancelled one after all, through a 503 the widget retries by itself.
    await setFaults(sandbox.url, { upload: { error503: 1 } });
    await w.root.getByRole("button", { name: "Try again slow-photo.jpg" }).click();
    await w.root.locator("li.di-upload[data-state=retrying]").waitFor();
    assert.match(await row("slow-photo.jpg").textContent(), /Connection trouble: trying again \(attempt 1 of 8\)/);
    await setFaults(sandbox.url, {});
    await row("slow-photo.jpg").locator(".di-upload-state", { hasText: "Received" }).waitFor({ timeout: 15_000 });

    const [filed] = await readBack(sandbox.url);
    assert.deepEqual(filed.files.map((f) => f.filename).sort(), ["receipt.png", "slow-photo.jpg"]);
    assert.equal(filed.files.find((f) => f.filename === "slow-photo.jpg").sha256, slow.sha256);
    assert.deepEqual(p.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
  } finally {
    await close();
  }
});

test("a file the device can no longer read is reported as that, never as the service's fault", async () => {
  const { sandbox, p, w, close } = await atEvidence("");
  try {
    await w.attach([pngFile("gone.png"), pngFile()]);
    await w.root.locator(".di-files li").nth(1).waitFor();
    // As when a picked file is deleted, or a cloud file will not download: reading it fails.
    await p.page.evaluate(() => {
      const gone = (real) => function (...args) {
        if (this.name === "gone.png") throw new DOMException("The requested file could not be read", "NotReadableError");
        return real.apply(this, args);
      };
      window.__realBlob = { stream: Blob.prototype.stream, slice: Blob.prototype.slice };
      Blob.prototype.stream = gone(Blob.prototype.stream);
      Blob.prototype.slice = gone(Blob.prototype.slice);
    });
    await submit(w);
    await waitSettled(w);
    assert.deepEqual(await states(w), { "gone.png": "failed", "receipt.png": "done" });
    const row = w.root.locator("li.di-upload", { hasText: "gone.png" });
    assert.equal(
      (await row.locator(".di-upload-state").textContent()).trim(),
      "Not sent: We couldn't read gone.png from your device. Choose it again.",
    );
    assert.doesNotMatch(await w.root.textContent(), /dispute service/, "the service is not blamed");

    // Readable again (the file came back): Try again sends it.
    await p.page.evaluate(() => Object.assign(Blob.prototype, window.__realBlob));
    await w.root.getByRole("button", { name: "Try again gone.png" }).click();
    await row.locator(".di-upload-state", { hasText: "Received" }).waitFor({ timeout: 15_000 });
    const [filed] = await readBack(sandbox.url);
    assert.deepEqual(filed.files.map((f) => f.filename).sort(), ["gone.png", "receipt.png"]);
  } finally {
    await close();
  }
});

test("refused files are named with their reason; hostile names stay text", async () => {
  const { p, w, close } = await atEvidence("");
  try {
    const markup = `<img src=x onerror="window.pwned=1">.png`;
    const renamed = { name: "holiday.jpg", mimeType: "image/jpeg", buffer: Buffer.from("MZ\x90\0\x03\0\0\0\x04\0\0\0", "latin1") };
    const pdfAsPng = { ...evidence("statement.png", "pdf", 3_000), mimeType: "image/png" };
    await w.attach([{ ...pngFile(markup) }, renamed, pdfAsPng, evidence("receipt.jpg.php", "jpg", 2_000)]);
    const alert = w.root.getByRole("alert");
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /holiday\.jpg: This file was not added: it is not a PDF, JPEG, PNG or HEIC file\./);
    assert.match(text, /statement\.png: This file was not added: its name does not match its content\./);
    assert.match(text, /receipt\.jpg\.php: This file was not added: its name must end in/);
    // The markup name was accepted, shown literally, and nothing ran.
    await w.root.locator(".di-files .di-filename", { hasText: "<img src=x" }).waitFor();
    assert.equal(await p.page.evaluate(() => window.pwned), undefined);
    assert.equal(await w.root.locator(".di-files img").count(), 0);
  } finally {
    await close();
  }
});

test("files also come by drop and paste; a phone gets the camera", async () => {
  const { w, close } = await atEvidence("", [], { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  try {
    const camera = w.root.locator("#di-camera");
    assert.equal(await camera.getAttribute("capture"), "environment");
    assert.equal(await camera.getAttribute("accept"), "image/*");
    await w.root.getByText("Take a photo").waitFor();
    const png = [...pngFile().buffer];
    // A drop on the zone, then a pasted screenshot, each a File in a DataTransfer.
    await w.root.locator(".di-dropzone").evaluate((zone, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "dropped.png", { type: "image/png" }));
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, png);
    await w.root.locator(".di-files .di-filename", { hasText: "dropped.png" }).waitFor();
    await w.root.locator(".di-dropzone").evaluate((zone, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
      zone.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    await w.root.locator(".di-files .di-filename", { hasText: "image.png" }).waitFor();
    // The same screenshot pasted twice is not attached twice.
    await w.root.locator(".di-dropzone").evaluate((zone, bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
      zone.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    await w.root.getByRole("alert").getByText("image.png: This file was not added: it is already attached.").waitFor();
    assert.equal(await w.root.locator(".di-files li").count(), 2);
  } finally {
    await close();
  }
});

test("without a touch screen there is no camera button, and the limits are stated", async () => {
  const { w, close } = await atEvidence("?maxFiles=3");
  try {
    assert.equal(await w.root.locator("#di-camera").count(), 0);
    await w.root.getByText("PDF, JPEG, PNG or HEIC, up to 10.5 MB each, 3 files at most.").waitFor();
  } finally {
    await close();
  }
});

test("at 390 px a short file name beside its progress bar is shown whole; a long one is cut and widens nothing", async () => {
  const { sandbox, w, close } = await atEvidence("", [], { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const long = "Scan of the statement from the bank for November 2026, all pages.png";
    await w.attach([pngFile("receipt.png"), pngFile(long)]);
    await w.root.locator(".di-files li").nth(1).waitFor();
    await setFaults(sandbox.url, { upload: { latencyMs: 3000 } });
    await submit(w);
    await w.root.locator("li.di-upload[data-state=sending]").first().waitFor();
    const cut = (title) =>
      w.root.locator(`li.di-upload .di-filename[title="${title}"]`).evaluate((el) => el.scrollWidth > el.clientWidth);
    assert.equal(await cut("receipt.png"), false, "receipt.png shown whole");
    assert.equal(await cut(long), true, "the long name is cut with an ellipsis");
    const overflow = await w.root.locator(".di").first().evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.equal(overflow, 0, "nothing scrolls sideways");
  } finally {
    await close();
  }
});
