// Page object of the widget for the end-to-end tests: every element found by role and
// accessible name, as a person finds it. Strings come in both languages.

import { createHash } from "node:crypto";

export const WORDS = {
  en: {
    continue: "Continue", back: "Back", submit: "Submit dispute", edit: "Edit", yes: "Yes", no: "No",
    tryAgain: "Try again", confirmed: "Your dispute was submitted", myDisputes: "My disputes",
    steps: ["Which transactions do you want to dispute?", "What went wrong?", "Tell us what happened", "Add documents (optional)", "Review and submit"],
    attest: /I have read these statements/, signature: "Type your full name as your signature",
    chooseFiles: "Choose files or take a photo",
  },
  es: {
    continue: "Continuar", back: "Atrás", submit: "Enviar disputa", edit: "Editar", yes: "Sí", no: "No",
    tryAgain: "Intentar de nuevo", confirmed: "Su disputa fue enviada", myDisputes: "Mis disputas",
    steps: ["¿Qué transacciones desea disputar?", "¿Qué salió mal?", "Cuéntenos qué pasó", "Agregue documentos (opcional)", "Revise y envíe"],
    attest: /He leído estas declaraciones/, signature: "Escriba su nombre completo como firma",
    chooseFiles: "Elija archivos o tome una foto",
  },
};

/** A small real PNG (1x1), with its SHA-256. */
export function pngFile(name = "receipt.png") {
  const buffer = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  return { name, mimeType: "image/png", buffer, sha256: createHash("sha256").update(buffer).digest("hex") };
}

export class Widget {
  constructor(page, lang = "en") {
    this.page = page;
    this.root = page.locator("dispute-intake");
    this.w = WORDS[lang];
  }

  heading(name) {
    return this.root.getByRole("heading", { name, level: 2 });
  }

  async atStep(n) {
    await this.heading(this.w.steps[n]).waitFor();
  }

  async continue() {
    await this.root.getByRole("button", { name: this.w.continue, exact: true }).click();
  }

  async back() {
    await this.root.getByRole("button", { name: this.w.back, exact: true }).click();
  }

  async select(merchant) {
    await this.root.getByRole("checkbox", { name: new RegExp(escape(merchant)) }).check();
  }

  async reason(name) {
    await this.root.getByRole("radio", { name: new RegExp(`^${escape(name)}`) }).check();
  }

  /** Picks an option of the radio group labelled `question`. */
  async choose(question, option) {
    await this.root.getByRole("radiogroup", { name: question }).getByRole("radio", { name: option, exact: true }).check();
  }

  async fill(label, value) {
    await this.root.getByLabel(label, { exact: true }).fill(value);
  }

  /** Walks an unauthorized dispute on two card transactions up to the documents step. */
  async toEvidence(lang = "en") {
    const en = lang === "en";
    await this.atStep(0);
    await this.select("Gadget Galaxy");
    await this.select("FreshMart Groceries");
    await this.continue();
    await this.atStep(1);
    await this.reason(en ? "I didn't make this transaction" : "Yo no hice esta transacción");
    await this.continue();
    await this.atStep(2);
    await this.answerUnauthorized(lang);
    await this.continue();
    await this.atStep(3);
  }

  /** Answers the questions of an unauthorized card dispute. */
  async answerUnauthorized(lang = "en") {
    const en = lang === "en";
    await this.choose(en ? "Where is your card?" : "¿Dónde está su tarjeta?", en ? "I still have it" : "Todavía la tengo");
    await this.choose(en ? "Do you recognize the merchant?" : "¿Reconoce al comercio?", "No");
    await this.choose(en ? "Did you let anyone use your card or account?" : "¿Permitió que alguien usara su tarjeta o cuenta?", "No");
    await this.fill(en ? "In your own words, what went wrong?" : "Con sus propias palabras, ¿qué salió mal?", "  I was at home; these are not mine.  ");
    await this.fill(en ? "When did you notice the problem? (optional)" : "¿Cuándo notó el problema? (opcional)", yesterday());
  }

  /** Files the unauthorized dispute of `toEvidence` with `files`; returns the case number. */
  async fileWith(files, lang = "en") {
    await this.toEvidence(lang);
    await this.attach(files);
    const count = Array.isArray(files) ? files.length : 1;
    await this.root.locator(".di-files li").nth(count - 1).waitFor();
    await this.continue();
    await this.atStep(4);
    await this.attestAndSign("Ana Reyes");
    await this.submit();
    return this.confirmation();
  }

  async attach(file) {
    await this.root.locator("#di-files").setInputFiles(file);
  }

  /** The upload row of `name` on the confirmation: its state, its words and its progress. */
  async upload(name) {
    const row = this.root.locator("li.di-upload", { hasText: name });
    return {
      state: await row.getAttribute("data-state"),
      text: (await row.locator(".di-upload-state").textContent()).trim(),
      progress: await row.locator("progress").getAttribute("value"),
    };
  }

  async attestAndSign(name) {
    await this.root.getByRole("checkbox", { name: this.w.attest }).check();
    await this.root.getByLabel(this.w.signature).fill(name);
  }

  async submit() {
    await this.root.getByRole("button", { name: this.w.submit }).click();
  }

  /** Waits for the confirmation and returns the case number shown. */
  async confirmation() {
    await this.heading(this.w.confirmed).waitFor({ timeout: 15_000 });
    return (await this.root.locator(".di-short-id").textContent()).trim();
  }
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Files a dispute through the API, as the widget would, on the member's `index`-th
 * transaction; resolves to the session token and the dispute's uuid.
 */
export async function createDispute(url, member = "mbr-ana", index = 0) {
  const get = async (p, init) => (await fetch(`${url}${p}`, init)).json();
  const { token } = await get(`/sandbox/members/${member}/token`);
  const auth = await get("/v1/authenticate", { headers: { authorization: `Bearer ${token}` } });
  const m = (await get("/sandbox/members")).find((x) => x.id === member);
  const txns = await get(`/sandbox/members/${member}/transactions`);
  const created = await get("/v1/disputes", {
    method: "POST",
    headers: { authorization: `Bearer ${auth.sessionToken}`, "content-type": "application/json" },
    body: JSON.stringify({
      orgUuid: m.orgId,
      transactionDetails: [txns[index % txns.length]],
      customer: { uuid: m.id, name: m.name, email: m.email },
      reason: "DISPUTE_REASON_UNAUTH",
    }),
  });
  if (!created.dispute?.uuid) throw new Error(`could not create a dispute: ${JSON.stringify(created)}`);
  return { session: auth.sessionToken, uuid: created.dispute.uuid, shortId: created.dispute.shortId };
}

/** Files, through the API itself, a dispute on Ana's Northwind Utilities payment. */
export async function disputeNorthwind(base) {
  const get = async (p, init) => (await fetch(`${base}${p}`, init)).json();
  const ana = (await get("/sandbox/members")).find((m) => m.id === "mbr-ana");
  const { token } = await get("/sandbox/members/mbr-ana/token");
  const { sessionToken } = await get("/v1/authenticate", { headers: { authorization: `Bearer ${token}` } });
  const northwind = (await get("/sandbox/members/mbr-ana/transactions")).find((t) => t.merchant === "Northwind Utilities");
  const created = await fetch(`${base}/v1/disputes`, {
    method: "POST",
    headers: { authorization: `Bearer ${sessionToken}`, "content-type": "application/json" },
    body: JSON.stringify({ orgUuid: ana.orgId, transactionDetails: [northwind], reason: "DISPUTE_REASON_UNAUTH" }),
  });
  if (created.status !== 200) throw new Error(`could not dispute Northwind: ${await created.text()}`);
}

/** The sandbox's view of the member's disputes and what they were filed with. */
export async function readBack(sandboxUrl, member = "mbr-ana") {
  const { token } = await (await fetch(`${sandboxUrl}/sandbox/members/${member}/token`)).json();
  const auth = await (await fetch(`${sandboxUrl}/v1/authenticate`, { headers: { authorization: `Bearer ${token}` } })).json();
  const headers = { authorization: `Bearer ${auth.sessionToken}` };
  const list = await (await fetch(`${sandboxUrl}/v1/disputes`, { headers })).json();
  const out = [];
  for (const d of list.items) {
    const answers = await (await fetch(`${sandboxUrl}/sandbox/disputes/${d.uuid}/answers`)).json();
    const files = await (await fetch(`${sandboxUrl}/sandbox/disputes/${d.uuid}/files`)).json();
    out.push({ dispute: d, answers: Object.fromEntries(answers.map((a) => [a.questionId, a.answer])), files });
  }
  return out;
}

export function yesterday() {
  const d = new Date(Date.now() - 86_400_000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The bytes of a PDF of `size` bytes: a real header, then noise that does not compress. */
export function pdfBytes(size) {
  const buffer = Buffer.alloc(size);
  Buffer.from("%PDF-1.7\n").copy(buffer);
  let x = 0x2545f491;
  for (let i = 9; i < size; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    buffer[i] = x & 0xff;
  }
  return buffer;
}

/** A small JPEG (a real header, then filler and its name) of `size` bytes, with its SHA-256. */
export function jpeg(name, size) {
  const buffer = Buffer.alloc(size, 0x5a);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).copy(buffer);
  buffer.write(name, 16);
  return { name, mimeType: "image/jpeg", buffer, sha256: createHash("sha256").update(buffer).digest("hex") };
}
