// Styles of the widget's shadow root, adopted as a constructable stylesheet so that a host
// page with `style-src 'self'` needs no 'unsafe-inline'. Theme through the --di-* custom
// properties on the <dispute-intake> element (or the mount element).
export const CSS = `
:host {
  all: initial;
  display: block;
  box-sizing: border-box;
  color: var(--di-color-text, #1d2330);
  background: var(--di-color-surface, #ffffff);
  font-family: var(--di-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--di-font-size, 16px);
  line-height: 1.5;
  border-radius: var(--di-radius, 12px);
  contain: content;
}
*, *::before, *::after { box-sizing: inherit; }
.di { padding: var(--di-space, 16px); }
.di-heading { font-size: 1.25em; line-height: 1.3; margin: 0 0 .5em; }
.di-heading:focus { outline: none; }
.di-heading:focus-visible { outline: 3px solid var(--di-color-focus, #1a5fd0); outline-offset: 2px; }
.di-hint { color: var(--di-color-muted, #4a5263); margin: 0 0 1em; }
.di-status { color: var(--di-color-muted, #4a5263); }
.di-transactions { list-style: none; margin: 0; padding: 0; }
.di-transaction {
  display: grid;
  grid-template-columns: 1fr auto;
  gap: 2px 12px;
  padding: 12px 0;
  border-bottom: 1px solid var(--di-color-border, #d5d9e0);
}
.di-merchant { font-weight: 600; overflow-wrap: anywhere; }
.di-amount { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.di-meta { grid-column: 1 / -1; color: var(--di-color-muted, #4a5263); font-size: .875em; }
.di-badge {
  display: inline-block;
  padding: 0 6px;
  border-radius: 4px;
  background: var(--di-color-badge, #fff1c2);
  color: var(--di-color-badge-text, #5c4400);
}
.di-error {
  border: 2px solid var(--di-color-error, #b3261e);
  border-radius: var(--di-radius, 12px);
  padding: var(--di-space, 16px);
}
.di-button {
  min-height: 44px;
  min-width: 44px;
  padding: 8px 20px;
  border: 0;
  border-radius: var(--di-radius-control, 8px);
  background: var(--di-color-primary, #1a5fd0);
  color: var(--di-color-on-primary, #ffffff);
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.di-button:focus-visible { outline: 3px solid var(--di-color-focus, #1a5fd0); outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  :host {
    color: var(--di-color-text, #e8eaf0);
    background: var(--di-color-surface, #161a22);
  }
  .di-hint, .di-status, .di-meta { color: var(--di-color-muted, #b4bac7); }
  .di-transaction { border-color: var(--di-color-border, #3a4050); }
}
@media (prefers-reduced-motion: reduce) {
  * { animation: none !important; transition: none !important; }
}
`;
