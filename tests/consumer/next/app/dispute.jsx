"use client";
// The widget in a client component. The package is imported at the top, so the server imports
// it too while rendering: it must touch no window, document or customElements there.
import { useEffect, useRef, useState } from "react";
import { defineDisputeIntake, preload } from "dispute-intake";

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The sandbox's demo member Ana, as a bank's back end would give her options. */
async function demoOptions(api) {
  const { token } = await json(`${api}/sandbox/members/mbr-ana/token`);
  const me = (await json(`${api}/sandbox/members`)).find((m) => m.id === "mbr-ana");
  return {
    apiBaseUrl: api,
    providerToken: token,
    orgUuid: me.orgId,
    member: { uuid: me.id, name: me.name, email: me.email },
    transactions: await json(`${api}/sandbox/members/mbr-ana/transactions`),
  };
}

export default function Dispute({ api }) {
  const ref = useRef(null);
  const [filed, setFiled] = useState("");
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    const el = ref.current;
    const onSubmitted = (e) => setFiled(`Filed ${e.detail.shortId}`);
    el.addEventListener("submitted", onSubmitted);
    let cancelled = false;
    (async () => {
      await preload();
      await defineDisputeIntake();
      const options = await demoOptions(api);
      if (!cancelled) el.options = options;
    })();
    return () => {
      cancelled = true;
      el.removeEventListener("submitted", onSubmitted);
    };
  }, [api]);
  return (
    <section>
      <p id="hydrated">{hydrated ? "Hydrated" : "Server HTML"}</p>
      <dispute-intake ref={ref} locale="en"></dispute-intake>
      <p role="status">{filed}</p>
    </section>
  );
}
