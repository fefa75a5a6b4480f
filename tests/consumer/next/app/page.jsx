// Rendered on the server for every request (as an online-banking page is, per member), then
// hydrated in the browser: the widget's element is in the server's HTML.
import Dispute from "./dispute.jsx";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }) {
  const { api } = await searchParams;
  return (
    <main>
      <h1>Credit union (Next.js · server-rendered)</h1>
      <Dispute api={api} renderedAt="server" />
    </main>
  );
}
