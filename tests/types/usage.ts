// A typed usage of the package, as an integrator writes it: it must compile with `tsc --noEmit`
// against the published index.d.ts (tests/e2e/types.test.mjs).
import {
  defineDisputeIntake,
  mount,
  preload,
  type DisputeIntakeHandle,
  type DisputeIntakeOptions,
  type DisputeIntakeSubmittedDetail,
} from "dispute-intake";

const options: DisputeIntakeOptions = {
  apiBaseUrl: "https://api.casaphq.com",
  orgUuid: "5b8e0c8a-0000-4000-8000-000000000001",
  fetchProviderToken: async () => "eyJ...",
  member: { uuid: "m-1", name: "Ana Reyes", email: "ana@example.com" },
  transactions: [
    {
      uuid: "t-1",
      merchant: "Gadget Galaxy",
      amount: { amountInCents: 24999, currency: "USD" },
      settledTimestamp: "1763769600",
      type: "TRANSACTION_TYPE_DEBIT_CARD",
      status: "TRANSACTION_STATUS_SETTLED",
    },
  ],
  view: "status",
  locale: "es-MX",
  persistDraft: true,
  userUuid: "6f1c2a4e-0000-4000-8000-000000000001",
  files: { maxBytes: 10 * 1024 * 1024, maxCount: 5, accept: ["pdf", "image/heic"] },
  questionnaire: {
    extends: "default",
    version: "riverbend-2026-11",
    questions: {
      branch: { type: "text", maxLength: 80, label: { en: "Branch", es: "Sucursal" } },
    },
  },
  onSubmitted: (d: DisputeIntakeSubmittedDetail) => console.info(d.shortId, d.filesFailed),
  onError: (d) => console.warn(d.code === "no_token" ? "sign in again" : d.message),
  onStepChange: (d) => console.info(d.step, d.number, d.sessionId),
  cancelable: true,
  messages: { en: { Submit: "Send my claim" }, vi: { Continue: "Tiếp tục" } },
  onExit: (d) => console.info(d.reason === "cancelled" ? `left at ${d.step}` : d.shortId),
};

/** A link from an email: the dispute's case number opens its detail. */
export async function fromEmail(element: HTMLElement, caseNumber: string): Promise<string> {
  const handle = await mount(element, { ...options, dispute: caseNumber });
  return handle.sessionId;
}

export async function start(element: HTMLElement): Promise<DisputeIntakeHandle> {
  const handle = await mount(element, options);
  handle.update({ locale: "en" });
  return handle;
}

export async function asElement(slot: HTMLElement): Promise<void> {
  const ready: Promise<void> = preload();
  await ready;
  await defineDisputeIntake();
  const el = document.createElement("dispute-intake");
  el.options = options;
  el.addEventListener("submitted", (e) => console.info(e.detail.uuid, e.detail.filesUploaded));
  el.addEventListener("exit", (e) => console.info(e.detail.reason));
  el.addEventListener("sessionexpiring", (e) => console.info(e.detail.expiresAt ?? "unknown", e.detail.memberAsked));
  slot.append(el);
}

/** A host holding the session itself, extending it when the widget warns the member. */
export async function withSession(element: HTMLElement, extend: () => Promise<{ token: string; expiresAt: number }>): Promise<DisputeIntakeHandle> {
  const handle: DisputeIntakeHandle = await mount(element, {
    apiBaseUrl: "https://api.casaphq.com",
    orgUuid: "5b8e0c8a-0000-4000-8000-000000000001",
    sessionToken: "session",
    sessionExpiresAt: Date.now() + 15 * 60_000,
    onSessionExpiring: async ({ memberAsked }) => {
      if (!memberAsked) return;
      const s = await extend();
      handle.update({ sessionToken: s.token, sessionExpiresAt: s.expiresAt });
    },
  });
  return handle;
}

export function signOut(handle: DisputeIntakeHandle): void {
  handle.destroy({ signOut: true });
}
