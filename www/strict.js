// The example pages strict.html, calm.html, hostile.html and themed.html: the widget as a custom
// element, with no inline script or style anywhere (strict.html adds a strict policy with
// Trusted Types). Everything here is an external module.
import { defineDisputeIntake } from "/dist/index.js";

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function log(type, detail) {
  const item = document.createElement("li");
  item.textContent = `${type} ${JSON.stringify(detail)}`;
  document.getElementById("event-log").append(item);
}

// Content-Security-Policy violations are logged like the widget's events, so a page under a
// strict policy shows at once what it refused (and the tests read it in every engine).
document.addEventListener("securitypolicyviolation", (e) => {
  log("csp-violation", { directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});

async function main() {
  await defineDisputeIntake();
  const element = document.createElement("dispute-intake");
  for (const type of ["ready", "error", "stepchange", "submitted", "exit"]) {
    element.addEventListener(type, (event) => log(type, event.detail));
  }
  const [members, { token }] = await Promise.all([
    json("/sandbox/members"),
    json("/sandbox/members/mbr-ana/token"),
  ]);
  const me = members.find((m) => m.id === "mbr-ana");
  element.options = {
    apiBaseUrl: location.origin,
    providerToken: token,
    fetchProviderToken: async () => (await json("/sandbox/members/mbr-ana/token")).token,
    orgUuid: me.orgId,
    member: { uuid: me.id, name: me.name, email: me.email, phone: me.phone, accountUuid: me.accountUuid },
    transactions: await json("/sandbox/members/mbr-ana/transactions"),
  };
  document.getElementById("slot").append(element);
}

main().catch((e) => log("page-error", String(e)));
