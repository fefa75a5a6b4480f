// The plain-JavaScript baseline of the upload benchmarks (bench/uploads.mjs in Chromium,
// bench/engines.mjs in WebKit and Firefox): what naive code does with the file in the page's
// `#bench-file` input: FileReader (readAsBinaryString) + btoa + JSON.stringify + fetch to the
// same API. Runs in the page; resolves to the milliseconds from reading to the response.

export async function plainUpload({ session, uuid }) {
  const file = document.getElementById("bench-file").files[0];
  const t0 = performance.now();
  const binary = await new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = reject;
    r.readAsBinaryString(file);
  });
  const body = JSON.stringify({ fileContent: btoa(binary), filename: file.name, contentType: file.type });
  const response = await fetch(`/v1/disputes/${uuid}/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${session}`, "content-type": "application/json" },
    body,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return performance.now() - t0;
}

/** In the page: adds the `#bench-file` input the baseline reads. */
export function addFileInput() {
  const input = document.createElement("input");
  input.type = "file";
  input.id = "bench-file";
  document.body.append(input);
}
