// The text of a PDF (Playwright's page.pdf(), Chromium's print), read with Mozilla's pdf.js, and
// a comparison that ignores how the PDF split its lines and spaces.

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** Every page's text, in order. */
export async function pdfText(buffer) {
  const doc = await getDocument({ data: new Uint8Array(buffer), disableFontFace: true, useSystemFonts: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => item.str).join(" "));
  }
  await doc.destroy();
  return pages.join("\n");
}

/** `text` without any whitespace, for comparing across line breaks. */
export function squash(text) {
  return text.replace(/\s+/g, "");
}
