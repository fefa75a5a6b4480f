// Builds a language pack of the npm package (run by `cargo xtask dist`):
//   node xtask/locale-pack.mjs locales/es.json catalog/default.json target/dist/locale-es.js
// The pack is an ES module (`export default { language, messages, reasons, questionnaire }`)
// that the loader imports when a member's language needs it: the messages and reasons from
// `locales/<language>.json`, and the built-in questionnaire's texts in that language by their
// English (every `{ "en", "<language>" }` object of the catalog). See src/i18n/pack.rs.

import { readFileSync, writeFileSync } from "node:fs";

const [source, catalogPath, out] = process.argv.slice(2);
const pack = JSON.parse(readFileSync(source, "utf8"));
const catalog = JSON.parse(readFileSync(catalogPath, "utf8"));
const lang = pack.language;
const questionnaire = {};
(function walk(value) {
  if (Array.isArray(value)) return value.forEach(walk);
  if (value === null || typeof value !== "object") return;
  if (typeof value.en === "string" && typeof value[lang] === "string") questionnaire[value.en] = value[lang];
  Object.values(value).forEach(walk);
})(catalog);
if (Object.keys(questionnaire).length === 0) throw new Error(`${catalogPath} has no "${lang}" text`);
writeFileSync(out, `export default ${JSON.stringify({ ...pack, questionnaire })};\n`);
console.log(`${out}: ${Object.keys(pack.messages).length} messages, ${Object.keys(pack.reasons).length} reasons, ${Object.keys(questionnaire).length} questionnaire texts`);
