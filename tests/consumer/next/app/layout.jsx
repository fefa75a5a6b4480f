// The root layout of a Next.js (app router) credit-union page.
// No favicon request (a 404 in the console otherwise).
export const metadata = { title: "Credit union (Next.js)", icons: { icon: "data:," } };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
