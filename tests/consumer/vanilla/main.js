// A plain Vite page using the package as an integrator would: the element, options, events.
import { defineDisputeIntake } from "dispute-intake";

async function json(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

await defineDisputeIntake();
const me = (await json("/sandbox/members")).find((m) => m.id === "mbr-ana");
const el = document.createElement("dispute-intake");
el.options = {
  apiBaseUrl: location.origin,
  providerToken: (await json("/sandbox/members/mbr-ana/token")).token,
  orgUuid: me.orgId,
  member: { uuid: me.id, name: me.name, email: me.email },
  transactions: await json("/sandbox/members/mbr-ana/transactions"),
};
for (const type of ["ready", "submitted", "error", "exit"]) {
  el.addEventListener(type, (e) => {
    const li = document.createElement("li");
    li.textContent = `${type} ${JSON.stringify(e.detail)}`;
    document.getElementById("log").append(li);
  });
}
document.getElementById("slot").append(el);
