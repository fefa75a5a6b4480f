// Misuses the types must refuse: each line below carries a @ts-expect-error, so `tsc` fails if
// any of them starts to compile (the types would have become too loose).
import { mount, type DisputeIntakeOptions } from "dispute-intake";

// @ts-expect-error orgUuid is required
const missingOrg: DisputeIntakeOptions = { apiBaseUrl: "https://api.example" };

const base: DisputeIntakeOptions = { apiBaseUrl: "https://api.example", orgUuid: "o" };
// @ts-expect-error there is no "admin" view
const badView: DisputeIntakeOptions = { ...base, view: "admin" };
// @ts-expect-error maxBytes is a number of bytes
const badFiles: DisputeIntakeOptions = { ...base, files: { maxBytes: "10MB" } };
// @ts-expect-error a misspelt message name
const badMessage: DisputeIntakeOptions = { ...base, messages: { en: { Sumbit: "Send" } } };
// @ts-expect-error cancelable is a boolean
const badCancel: DisputeIntakeOptions = { ...base, cancelable: "yes" };
// @ts-expect-error an exit's reason is "done" or "cancelled"
const badExit: DisputeIntakeOptions = { ...base, onExit: (d) => d.reason === "closed" };

export async function misuse(el: HTMLElement): Promise<void> {
  const handle = await mount(el, base);
  // @ts-expect-error signOut is a boolean
  handle.destroy({ signOut: "yes" });
  const widget = document.createElement("dispute-intake");
  widget.addEventListener("submitted", (e) => {
    // @ts-expect-error the submitted detail has no `token`
    console.info(e.detail.token);
  });
  // @ts-expect-error the handle's sessionId is read-only
  handle.sessionId = "mine";
}

export { missingOrg, badView, badFiles, badCancel, badExit, badMessage };
