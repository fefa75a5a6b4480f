// A React 19 page using the element directly: React 19 sets `options` as a property and
// listens to the widget's events through `on<event>` props.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { defineDisputeIntake } from "dispute-intake";

async function json(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

function App() {
  const [options, setOptions] = useState(null);
  const [filed, setFiled] = useState(null);
  const [step, setStep] = useState("");
  useEffect(() => {
    (async () => {
      await defineDisputeIntake();
      const me = (await json("/sandbox/members")).find((m) => m.id === "mbr-ana");
      setOptions({
        apiBaseUrl: location.origin,
        providerToken: (await json("/sandbox/members/mbr-ana/token")).token,
        orgUuid: me.orgId,
        member: { uuid: me.id, name: me.name, email: me.email },
        transactions: await json("/sandbox/members/mbr-ana/transactions"),
      });
    })();
  }, []);
  return (
    <main>
      <h1>Credit union (React {`${step ? "· " + step : ""}`})</h1>
      {filed && <p id="filed">Filed {filed.shortId} with {filed.filesUploaded} documents</p>}
      {options && (
        <dispute-intake
          options={options}
          onsubmitted={(e) => setFiled(e.detail)}
          onstepchange={(e) => setStep(e.detail.step)}
        />
      )}
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
