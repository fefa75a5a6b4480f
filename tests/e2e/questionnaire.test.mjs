// One filing per reason family, in Chromium against the sandbox: the reason's own questions
// are asked (and, under Reg E, marked optional), the rules that apply are shown, and the
// sandbox stores exactly the answers given.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPage, startSandbox } from "./harness.mjs";
import { Widget, readBack, yesterday } from "./widget.mjs";

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/**
 * Files one dispute: picks `merchant` and `reason`, lets `answer` fill the questions, skips the
 * documents, signs, and returns what the sandbox stored with the text the review showed.
 */
async function file(merchant, reason, answer, { onEvidence, onReview } = {}) {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/`);
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await w.select(merchant);
    await w.continue();
    await w.atStep(1);
    await w.reason(reason);
    await w.continue();
    await w.atStep(2);
    await answer(w);
    await w.continue();
    await w.atStep(3);
    await onEvidence?.(w);
    await w.continue();
    await w.atStep(4);
    await onReview?.(w);
    await w.attestAndSign("Ana Reyes");
    await w.submit();
    const shortId = await w.confirmation();
    const filed = await readBack(sandbox.url);
    assert.equal(filed.length, 1, "exactly one dispute");
    assert.equal(filed[0].dispute.shortId, shortId);
    return filed[0];
  } finally {
    await p?.close();
    await sandbox.stop();
  }
}

/** The answers without the attestation's and the version's, which every filing has. */
function own(answers) {
  const out = { ...answers };
  for (const k of ["questionnaire_version", "attestation", "attestation_signed_name", "attestation_signed_at", "attestation_authentication"]) {
    assert.ok(out[k], `${k} is sent`);
    delete out[k];
  }
  return out;
}

test("unauthorized card: a lost credit card shows the $50 cap and asks when it was lost", async () => {
  const { dispute, answers } = await file("Gadget Galaxy", "I didn't make this transaction", async (w) => {
    // Reg Z: the reason's questions are required, so no "(optional)" on them.
    await w.choose("Where is your card?", "It was lost");
    await w.fill("When did you find out it was lost or stolen?", yesterday());
    await w.root.getByText("For a credit card, the most you can owe for unauthorized use is $50.").waitFor();
    await w.choose("Do you recognize the merchant?", "No");
    await w.choose("Did you let anyone use your card or account?", "No");
    await w.choose("Did someone contact you and get your card details or codes?", "Yes, through a link in an email or message");
    await w.choose("We will block this card and send you a new one. Is that all right?", "Yes");
    await w.fill("In your own words, what went wrong?", "Lost my card on the bus.");
  });
  assert.equal(dispute.reason, "DISPUTE_REASON_UNAUTH");
  assert.deepEqual(own(answers), {
    card_status: "lost",
    date_learned_lost: yesterday(),
    recognizes_merchant: "no",
    allowed_anyone_to_use: "no",
    credentials_shared_due_to_contact: "phishing_link",
    card_block_ack: "yes",
    disputed_amount: "24999",
    member_explanation: "Lost my card on the bus.",
  });
  assert.match(answers.attestation, /I did not make, authorize or take part/);
});

test("ATM partial cash: the disputed amount is what did not come out", async () => {
  const { dispute, answers } = await file("ATM Main St", "The ATM gave me only part of my cash", async (w) => {
    // Reg E: only the common questions can block, every other one says "(optional)".
    await w.choose("Did you have your card with you at the ATM?", "Yes");
    await w.fill("Where is the ATM? (optional)", "Main St & 3rd, Portland");
    assert.equal(await w.root.getByLabel("How much cash did you ask for? (optional)", { exact: true }).inputValue(), "200.00");
    await w.fill("How much cash did you receive? (optional)", "120");
    assert.equal(await w.root.getByLabel("How much are you disputing?", { exact: true }).inputValue(), "80.00");
    await w.fill("In your own words, what went wrong?", "Only $120 came out.");
  }, {
    onEvidence: async (w) => {
      await w.root.getByText("A photo of the ATM screen").waitFor();
    },
  });
  assert.equal(dispute.reason, "DISPUTE_REASON_ATM_ISSUE_PARTIAL_CASH");
  assert.deepEqual(own(answers), {
    card_in_possession: "yes",
    atm_location: "Main St & 3rd, Portland",
    amount_requested: "20000",
    amount_received: "12000",
    disputed_amount: "8000",
    member_explanation: "Only $120 came out.",
  });
});

test("merchant not received: the merchant block, delivery and the network's wait", async () => {
  const { dispute, answers } = await file("SkyHigh Airlines", "I didn't receive what I paid for", async (w) => {
    await w.fill("What did you buy?", "Flight PDX to SFO, canceled by the airline");
    await w.choose("Have you contacted the merchant about this?", "No");
    await w.choose("Why not?", "They are out of business");
    await w.choose("What kind of purchase was it?", "Travel or a reservation");
    await w.fill("When did you expect to receive it?", yesterday());
    await w.choose("What happened?", "The service was not provided");
    await w.choose("Was the order canceled?", "Yes, the merchant canceled it");
    await w.fill("When was it canceled?", yesterday());
    await w.fill("In your own words, what went wrong?", "The airline stopped flying.");
  }, {
    onEvidence: async (w) => {
      await w.root.getByText("The order confirmation").waitFor();
    },
  });
  assert.equal(dispute.reason, "DISPUTE_REASON_MERCHANT_ISSUE_GOODS_OR_SERVICES_NOT_RECEIVED");
  assert.deepEqual(own(answers), {
    purchase_description: "Flight PDX to SFO, canceled by the airline",
    merchant_contacted: "no",
    merchant_not_contacted_reason: "out_of_business",
    purchase_type: "travel_or_reservation",
    expected_date: yesterday(),
    delivery_problem: "service_not_performed",
    order_canceled: "merchant_canceled",
    cancellation_date: yesterday(),
    disputed_amount: "41880",
    member_explanation: "The airline stopped flying.",
  });
});

test("ACH revoked: the authorization questions and the Written Statement of Unauthorized Debit", async () => {
  const { dispute, answers } = await file("Northwind Utilities", "I didn't make this transaction", async (w) => {
    assert.equal(await w.root.getByRole("radiogroup", { name: /Where is your card/ }).count(), 0, "no card on an ACH debit");
    await w.choose("What best describes this debit?", "I authorized it, then revoked my authorization");
    await w.fill("When did you revoke your authorization? (optional)", yesterday());
    await w.choose("How did you revoke it?", "I told the company");
    await w.fill("In your own words, what went wrong?", "I canceled autopay in October.");
  }, {
    onReview: async (w) => {
      await w.root.getByText(/Written Statement of Unauthorized Debit/).waitFor();
    },
  });
  assert.equal(dispute.reason, "DISPUTE_REASON_UNAUTH");
  assert.deepEqual(own(answers), {
    ach_auth_status: "revoked",
    revocation_date: yesterday(),
    revocation_method: "told_company",
    disputed_amount: "11250",
    member_explanation: "I canceled autopay in October.",
  });
  assert.match(answers.attestation, /Written Statement of Unauthorized Debit/);
  assert.match(answers.attestation, /not acting with fraudulent intent/);
});

test("transfer to the wrong recipient: who was meant, and how it happened", async () => {
  const { dispute, answers } = await file("Transfer to J. Smith", "It went to the wrong person", async (w) => {
    await w.fill("Who did you mean to send it to? (optional)", "Jane Smyth");
    await w.fill("Their account, phone or email (optional)", "jane.smyth@example.com");
    await w.choose("Was the recipient entered correctly?", "No, I made a typo");
    await w.fill("How much have you gotten back, if anything? (optional)", "0");
    await w.fill("In your own words, what went wrong?", "Sent to John instead of Jane.");
  });
  assert.equal(dispute.reason, "DISPUTE_REASON_TRANSFER_ISSUE_INCORRECT_RECIPIENT");
  assert.deepEqual(own(answers), {
    intended_recipient_name: "Jane Smyth",
    intended_identifier: "jane.smyth@example.com",
    identifier_entered: "my_typo",
    amount_recovered: "0",
    disputed_amount: "50000",
    member_explanation: "Sent to John instead of Jane.",
  });
  assert.doesNotMatch(answers.attestation, /Unauthorized Debit/, "a transfer is not an ACH debit");
});

test("the same charge twice suggests the duplicate reason and names the original", async () => {
  const sandbox = await startSandbox();
  let p;
  try {
    p = await openPage(browser, `${sandbox.url}/`);
    const w = new Widget(p.page, "en");
    await w.atStep(0);
    await w.root.getByRole("checkbox", { name: /StreamFlix Subscription/ }).first().check();
    await w.continue();
    await w.atStep(1);
    await w.root.getByText(/StreamFlix Subscription charged \$15\.99 twice within a few days/).waitFor();
    await w.reason("I was charged twice");
    await w.continue();
    await w.atStep(2);
    const original = w.root.getByLabel("Which transaction is the original charge? (optional)", { exact: true });
    const chosen = await original.evaluate((s) => s.selectedOptions[0].textContent);
    assert.match(chosen, /^StreamFlix Subscription · \$15\.99 · /);
  } finally {
    await p?.close();
    await sandbox.stop();
  }
});
