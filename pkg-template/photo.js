// dispute-intake: photos made smaller on the member's device before they are sent. The loader
// imports this module when a widget shows its documents step, so none of it is in the bytes of
// the first screen. Everything here is the browser's own: createImageBitmap decodes (off the
// main thread in Chromium and Firefox, at a reduced size where the engine takes `resizeWidth`),
// a canvas scales, and the canvas writes a JPEG, which carries none of the original's metadata:
// no location, no camera. The widget (src/ui/photos.rs) decides what is tried and keeps the
// result only when it is smaller than the original.

/**
 * Draws the decoded photo onto `ctx` at `w`×`h` (the upright size), turned by the EXIF
 * `orientation` where `turn` says the engine did not apply it itself (orientations 5 to 8).
 */
function draw(ctx, bitmap, w, h, orientation, turn) {
  ctx.fillStyle = "#fff"; // transparent parts of a PNG would be black in a JPEG
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  if (!turn) {
    ctx.drawImage(bitmap, 0, 0, w, h);
    return;
  }
  // The stored picture is h×w; these put it upright on the w×h canvas.
  const transforms = {
    5: [0, 1, 1, 0, 0, 0],
    6: [0, 1, -1, 0, w, 0],
    7: [0, -1, -1, 0, w, h],
    8: [0, -1, 1, 0, 0, h],
  };
  ctx.setTransform(...transforms[orientation]);
  ctx.drawImage(bitmap, 0, 0, h, w);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** A 2D canvas of `w`×`h` and a function writing it as a JPEG blob (or `null`). */
function canvas(w, h, quality) {
  if (typeof OffscreenCanvas === "function" && "convertToBlob" in OffscreenCanvas.prototype) {
    const c = new OffscreenCanvas(w, h);
    const ctx = c.getContext("2d");
    if (ctx) {
      const encode = () => c.convertToBlob({ type: "image/jpeg", quality }).catch(() => null);
      return { c, ctx, encode };
    }
  }
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const encode = () => new Promise((resolve) => c.toBlob(resolve, "image/jpeg", quality));
  return { c, ctx: c.getContext("2d"), encode };
}

/** A photo not reduced within this time is sent as picked: the member is never kept waiting
 * on an engine that does not answer. */
const LIMIT_MS = 30_000;

/**
 * The photo `file` as a JPEG whose long side is at most `maxSide`, upright, without metadata;
 * `null` where this engine cannot decode or encode it (a HEIC outside Safari, say) or takes
 * longer than `LIMIT_MS`, so that the original is sent. `decodeWidth`, `orientation`, `width`
 * and `height` are what the widget read from the file's header (any may be undefined).
 * @returns {Promise<Blob | null>}
 */
export function reduce(...args) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), LIMIT_MS);
  });
  return Promise.race([reduced(...args), late]).finally(() => clearTimeout(timer));
}

async function reduced(file, maxSide, quality, decodeWidth, orientation, width, height) {
  if (typeof createImageBitmap !== "function") return null;
  let bitmap;
  try {
    const options = { imageOrientation: "from-image" };
    if (decodeWidth) {
      options.resizeWidth = decodeWidth;
      options.resizeQuality = "high";
    }
    bitmap = await createImageBitmap(file, options);
  } catch {
    return null;
  }
  let surface;
  try {
    // Stored on its side, and the bitmap still is: this engine did not apply the rotation.
    const sideways = orientation >= 5 && orientation <= 8 && width !== height;
    const turn = sideways && bitmap.width > bitmap.height === width > height;
    const [bw, bh] = turn ? [bitmap.height, bitmap.width] : [bitmap.width, bitmap.height];
    const scale = Math.min(1, maxSide / Math.max(bw, bh));
    const w = Math.max(1, Math.round(bw * scale));
    const h = Math.max(1, Math.round(bh * scale));
    surface = canvas(w, h, quality);
    if (!surface.ctx) return null;
    draw(surface.ctx, bitmap, w, h, orientation, turn);
    bitmap.close();
    bitmap = undefined;
    const blob = await surface.encode();
    // An engine that cannot write JPEG writes PNG instead: not what is wanted.
    return blob && blob.type === "image/jpeg" ? blob : null;
  } catch {
    return null;
  } finally {
    bitmap?.close();
    // Frees the canvas's pixels now, not at the next garbage collection.
    if (surface) {
      surface.c.width = 0;
      surface.c.height = 0;
    }
  }
}
