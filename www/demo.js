// The demo bank page: stands in for a credit union's online banking. It signs the member in
// with the sandbox's demo identity provider, loads their transactions, and embeds the widget
// exactly as a customer would, from the built package.
//
// Query parameters (for trying failure cases): ?member=mbr-ben, ?locale=es,
// ?api=<another apiBaseUrl>, ?badToken=1 (hands the widget a token the API refuses),
// ?maxFiles=20 and ?maxFileBytes=26214400 (the `files` option; ?reducePhotos=0 sends photos as
// picked, ?photoMaxSide=1600 reduces them further), ?view=status (My disputes),
// ?idp=rs256 (tokens signed with the demo provider's RSA key, as a dispute-gateway verifies them:
// with ?api=<the gateway>).

import { defineDisputeIntake } from "/dist/index.js";

const params = new URLSearchParams(location.search);
const memberId = params.get("member") ?? "mbr-ana";

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

function logEvent(type, detail) {
  const item = document.createElement("li");
  item.textContent = `${type} ${JSON.stringify(detail)}`;
  document.getElementById("event-log").append(item);
}

async function providerToken() {
  const alg = params.get("idp") === "rs256" ? "?alg=RS256" : "";
  return (await json(`/sandbox/members/${encodeURIComponent(memberId)}/token${alg}`)).token;
}

async function main() {
  const [members] = await Promise.all([json("/sandbox/members"), defineDisputeIntake()]);
  const member = members.find((m) => m.id === memberId) ?? members[0];
  document.getElementById("member-name").textContent = member.name;
  const select = document.getElementById("member-switch");
  for (const m of members) {
    const option = new Option(`${m.name} (${m.orgId.slice(0, 8)})`, m.id, false, m.id === member.id);
    select.append(option);
  }
  select.addEventListener("change", () => {
    params.set("member", select.value);
    location.search = params.toString();
  });

  const element = document.createElement("dispute-intake");
  element.options = {
    apiBaseUrl: params.get("api") ?? location.origin,
    providerToken: params.has("badToken") ? "not-a-valid-jwt" : await providerToken(),
    fetchProviderToken: providerToken,
    orgUuid: member.orgId,
    member: {
      uuid: member.id,
      name: member.name,
      email: member.email,
      phone: member.phone,
      accountUuid: member.accountUuid,
    },
    transactions: await json(`/sandbox/members/${encodeURIComponent(member.id)}/transactions`),
    ...(params.has("locale") ? { locale: params.get("locale") } : {}),
    ...(params.has("view") ? { view: params.get("view") } : {}),
    ...(params.has("userUuid") ? { userUuid: params.get("userUuid") } : {}),
    files: {
      ...(params.has("maxFiles") ? { maxCount: Number(params.get("maxFiles")) } : {}),
      ...(params.has("maxFileBytes") ? { maxBytes: Number(params.get("maxFileBytes")) } : {}),
      ...(params.has("accept") ? { accept: params.get("accept").split(",") } : {}),
      ...(params.has("reducePhotos") ? { reducePhotos: params.get("reducePhotos") !== "0" } : {}),
      ...(params.has("photoMaxSide") ? { photoMaxSide: Number(params.get("photoMaxSide")) } : {}),
    },
  };
  for (const type of ["ready", "error", "stepchange", "submitted", "exit"]) {
    element.addEventListener(type, (event) => logEvent(type, event.detail));
  }
  document.getElementById("dispute-slot").append(element);
}

main().catch((e) => {
  console.error(e);
  logEvent("page-error", String(e));
});
