// A bare page for integrators (and the end-to-end tests): the package's functions on
// `window.disputeIntake`, and a helper that fetches a demo member's token and transactions.
import * as disputeIntake from "/dist/index.js";

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** Options for demo member `id` against this sandbox. */
async function demoOptions(id = "mbr-ana") {
  const member = encodeURIComponent(id);
  const { token } = await json(`/sandbox/members/${member}/token`);
  const me = (await json("/sandbox/members")).find((m) => m.id === id);
  return {
    apiBaseUrl: location.origin,
    providerToken: token,
    orgUuid: me.orgId,
    member: { uuid: me.id, name: me.name, email: me.email, phone: me.phone, accountUuid: me.accountUuid },
    transactions: await json(`/sandbox/members/${member}/transactions`),
  };
}

window.disputeIntake = { ...disputeIntake, demoOptions };
document.documentElement.dataset.ready = "true";
