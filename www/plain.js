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
  return {
    apiBaseUrl: location.origin,
    providerToken: token,
    transactions: await json(`/sandbox/members/${member}/transactions`),
  };
}

window.disputeIntake = { ...disputeIntake, demoOptions };
document.documentElement.dataset.ready = "true";
