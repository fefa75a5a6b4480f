// Styles of the widget's shadow root, adopted as a constructable stylesheet so that a host
// page with `style-src 'self'` needs no 'unsafe-inline'. Theme through the --di-* custom
// properties on the <dispute-intake> element (or the mount element).
export const CSS = `
/* !important: the host page's own rules on the element (even "* { all: unset !important }")
   yield to these; the --di-* custom properties, which "all" never touches, still theme it. */
:host {
  all: initial !important;
  display: block !important;
  min-width: 0 !important;
  box-sizing: border-box !important;
  --_text: var(--di-color-text, #1d2330);
  --_surface: var(--di-color-surface, #ffffff);
  --_primary: var(--di-color-primary, #1a5fd0);
  --_on-primary: var(--di-color-on-primary, #ffffff);
  --_muted: var(--di-color-muted, #4a5263);
  --_border: var(--di-color-border, #d5d9e0);
  --_border-strong: var(--di-color-border-strong, #6b7385);
  --_error: var(--di-color-error, #b3261e);
  --_success: var(--di-color-success, #1e6b35);
  --_focus: var(--di-color-focus, #1a5fd0);
  --_link: var(--di-color-link, var(--_primary));
  --_badge: var(--di-color-badge, #fff1c2);
  --_badge-text: var(--di-color-badge-text, #5c4400);
  color-scheme: light dark !important;
  color: var(--_text) !important;
  background: var(--_surface) !important;
  font-family: var(--di-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif) !important;
  font-size: var(--di-font-size, 16px) !important;
  line-height: 1.5 !important;
  border-radius: var(--di-radius, 12px) !important;
  contain: content !important;
}
*, *::before, *::after { box-sizing: inherit; }
.di { padding: var(--di-space, 16px); }
.di-heading { font-size: 1.25em; line-height: 1.3; margin: 0 0 .5em; }
.di-heading:focus { outline: none; }
.di-heading:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.di-hint { color: var(--_muted); margin: 0 0 1em; }
.di-picker-status:empty { margin: 0; }
.di-status { color: var(--_muted); }
.di-transactions { list-style: none; margin: 0; padding: 0; }
/* Rows out of view are not laid out (a 50-row page re-renders on every keystroke of a search);
   they stay in the accessibility tree and find-in-page. */
.di-transaction {
  content-visibility: auto;
  contain-intrinsic-size: auto 72px;
  display: grid;
  grid-template-columns: 1fr auto;
  gap: 2px 12px;
  padding: 12px 0;
  border-bottom: 1px solid var(--_border);
}
.di-merchant { font-weight: 600; overflow-wrap: anywhere; }
.di-amount { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.di-meta { grid-column: 1 / -1; color: var(--_muted); font-size: .875em; }
.di-badge {
  display: inline-block;
  padding: 0 6px;
  border-radius: 4px;
  background: var(--_badge);
  color: var(--_badge-text);
}
.di-error {
  border: 2px solid var(--_error);
  border-radius: var(--di-radius, 12px);
  padding: var(--di-space, 16px);
}
.di-button {
  min-height: 44px;
  min-width: 44px;
  padding: 8px 20px;
  border: 0;
  border-radius: var(--di-radius-control, 8px);
  background: var(--_primary);
  color: var(--_on-primary);
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.di-button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.di-sr {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.di-progress { margin: 0 0 4px; color: var(--_muted); font-size: .875em; }
.di-subheading { font-size: 1.05em; margin: 1em 0 .5em; }
.di-fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
.di-fieldset:focus { outline: none; }
.di-fieldset:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.di-legend { font-weight: 600; padding: 0; margin-bottom: 8px; }
.di-field { margin: 0 0 16px; display: flex; flex-direction: column; gap: 4px; }
.di-question { margin-bottom: 20px; }
.di-label { font-weight: 600; }
.di-input {
  font: inherit; color: inherit; background: var(--_surface);
  min-height: 44px; padding: 8px 12px; width: 100%;
  border: 1px solid var(--_border-strong); border-radius: var(--di-radius-control, 8px);
}
.di-textarea { min-height: 96px; resize: vertical; }
/* Fields show focus however they got it; a date field tabbed into has its focus in its inner
   parts, where Chromium matches neither :focus-visible nor :focus on it, only :focus-within. */
.di-input:focus, .di-input:focus-within, .di-check:focus-visible, .di-radio:focus-visible, .di-link:focus-visible {
  outline: 3px solid var(--_focus); outline-offset: 2px;
}
.di-input[aria-invalid="true"] { border: 2px solid var(--_error); }
.di-filters { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 12px; }
@media (max-width: 480px) { .di-filters { grid-template-columns: 1fr; } }
.di-transaction { grid-template-columns: auto 1fr; align-items: start; }
.di-transaction-label { display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; cursor: pointer; min-height: 44px; }
.di-disabled .di-transaction-label { cursor: not-allowed; opacity: .75; }
.di-check, .di-radio { flex-shrink: 0; width: 24px; height: 24px; margin: 10px 12px 10px 0; accent-color: var(--_primary); }
.di-note { grid-column: 2; margin: 0; font-size: .875em; color: var(--_muted); }
.di-option { display: flex; align-items: flex-start; min-height: 44px; padding: 4px 0; }
.di-option-label { display: flex; flex-direction: column; padding-top: 10px; cursor: pointer; }
.di-option-name { font-weight: 600; }
.di-option-hint { color: var(--_muted); font-size: .9em; }
.di-options.di-inline { display: flex; gap: 24px; flex-wrap: wrap; }
.di-notice {
  border-left: 4px solid var(--_primary);
  padding: 8px 12px; margin: 0 0 1em; border-radius: 0 var(--di-radius, 8px) var(--di-radius, 8px) 0;
}
.di-notice p { margin: 0 0 4px; }
.di-statements p { margin: 0 0 8px; }
.di-field-error { color: var(--_error); font-weight: 600; margin: 0 0 4px; }
.di-error-summary {
  border: 2px solid var(--_error); border-radius: var(--di-radius, 12px);
  padding: 12px 16px; margin: 0 0 16px;
}
.di-error-summary:focus { outline: 3px solid var(--_focus); outline-offset: 2px; }
.di-error-summary ul { margin: 0; padding-left: 20px; }
.di-link {
  font: inherit; color: var(--_link); background: none; border: 0; padding: 8px 4px;
  min-height: 44px; text-decoration: underline; cursor: pointer; text-align: left;
}
.di-link:disabled { color: var(--_muted); cursor: default; }
.di-nav { display: flex; justify-content: space-between; gap: 12px; margin-top: 24px; flex-wrap: wrap; }
.di-nav .di-button:last-child { margin-left: auto; }
/* The member's copy, printed alone (see the widget's print.rs): the copy's own element shows
   only on paper, and the widget it was printed from not there (the page's other content is
   hidden by a rule on the page; these must be here, as :host's display above wins over it). */
@media screen { :host([data-dispute-intake-print]) { display: none !important; } }
@media print { :host([data-dispute-intake-printing]) { display: none !important; } }
/* The member's copy. */
.di.di-record { color: #000; background: #fff; font-size: 12pt; max-width: none; }
.di-record h1 { font-size: 18pt; margin: 0 0 12px; }
.di-record h2 { font-size: 13pt; margin: 16px 0 6px; }
.di-record dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.di-record dt { font-weight: 600; }
.di-record dd { margin: 0; }
.di-record-answers { grid-template-columns: 1fr !important; }
.di-record-answers dd { margin: 0 0 8px; }
.di-record-note { font-style: italic; }
/* Cancel's question: its own row under the step's buttons. */
.di-ask { order: 1; flex-basis: 100%; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.di-ask-question { flex-basis: 100%; margin: 0; font-weight: 600; }
.di-button:disabled { opacity: .6; cursor: progress; }
.di-secondary {
  background: transparent; color: var(--_primary);
  border: 2px solid var(--_primary);
}
.di-small { min-height: 44px; padding: 4px 12px; font-weight: 500; }
.di-file-input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.di-file-input:focus-visible + * , .di-file-input:focus-visible { outline: 3px solid var(--_focus); }
.di-file-button { display: inline-flex; align-items: center; }
.di-files { list-style: none; padding: 0; }
.di-files li { display: flex; align-items: center; gap: 12px; padding: 8px 0; border-bottom: 1px solid var(--_border); }
.di-filename {
  min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  max-width: 100%; display: inline-block; vertical-align: bottom;
}
/* In a file row, width 0 then grow: a long name never widens the widget (min-content 0). */
.di-files li > .di-filename { width: 0; flex: 1 1 auto; }
.di-alert .di-filename, .di-plain-list .di-filename { white-space: normal; overflow-wrap: anywhere; }
.di-dropzone {
  display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 16px; margin: 12px 0;
  border: 2px dashed var(--_border); border-radius: var(--di-radius, 8px);
}
.di-dropzone.di-dragging { border-color: var(--_primary); background: color-mix(in srgb, var(--_primary) 8%, transparent); }
.di-dropzone .di-hint { flex: 1 1 100%; margin: 0; }
.di-upload { flex-wrap: wrap; }
/* Beside a progress bar a name takes the room its text needs and gives way only when the row
   is too narrow: a short name is never cut while the bar could be shorter. */
.di-files li.di-upload > .di-filename { flex: 0 1 max-content; }
.di-upload progress { flex: 1 1 120px; height: 8px; accent-color: var(--_primary); }
.di-upload-state { flex: 1 1 100%; font-size: .9em; }
.di-upload.di-done .di-upload-state { color: var(--_success); }
.di-to-status { margin: 0 0 8px; }
.di-find-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.di-find-row .di-input { flex: 1 1 12em; }
.di-disputes { list-style: none; padding: 0; }
.di-dispute { border-bottom: 1px solid var(--_border); padding: 12px 0; }
.di-dispute-head { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 0; }
.di-badge { border: 1px solid currentColor; border-radius: 999px; padding: 2px 10px; font-size: .9em; }
.di-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; }
.di-facts dt { font-weight: 600; }
.di-facts dd { margin: 0; overflow-wrap: anywhere; }
.di-timeline { padding-left: 20px; overflow-wrap: anywhere; }
.di-timeline li { margin: 4px 0; }
.di-pager { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-top: 12px; }
.di-success { border-left: 4px solid var(--_success); padding: 4px 12px; }
.di-notice { border-left: 4px solid var(--_primary); padding: 4px 12px; margin: 12px 0; }
.di-alert { border-left: 4px solid var(--_error); padding: 4px 12px; margin: 12px 0; }
/* The session warning stays in view while the member scrolls through a long step. */
.di-session {
  position: sticky; top: 0; z-index: 1; background: var(--_surface);
  border-left-color: var(--_error); box-shadow: 0 2px 6px rgb(0 0 0 / .15);
}
.di-countdown { font-weight: 600; font-variant-numeric: tabular-nums; }
.di-session .di-button { margin-top: 4px; }
.di-review-section { border-bottom: 1px solid var(--_border); padding-bottom: 8px; }
.di-review-head { display: flex; justify-content: space-between; align-items: center; gap: 12px; }
.di-answers dt { font-weight: 600; margin-top: 8px; }
.di-answers dd { margin: 0; overflow-wrap: anywhere; }
.di-plain-list { padding-left: 20px; overflow-wrap: anywhere; }
.di-attest { margin-top: 16px; }
.di-case { font-size: 1.1em; }
.di-short-id { font-size: 1.3em; letter-spacing: .02em; }
.di-failed { color: var(--_error); }
/* Dark defaults, each at least 4.5:1 on the dark surface (3:1 for borders of controls); a
   theme sets its own inside its own @media (prefers-color-scheme: dark). */
@media (prefers-color-scheme: dark) {
  :host {
    --_text: var(--di-color-text, #e8eaf0);
    --_surface: var(--di-color-surface, #161a22);
    --_primary: var(--di-color-primary, #8ab4ff);
    --_on-primary: var(--di-color-on-primary, #0b1530);
    --_muted: var(--di-color-muted, #b4bac7);
    --_border: var(--di-color-border, #3a4050);
    --_border-strong: var(--di-color-border-strong, #8a93a3);
    --_error: var(--di-color-error, #ff8a80);
    --_success: var(--di-color-success, #7ddc9a);
    --_focus: var(--di-color-focus, #8ab4ff);
    --_badge: var(--di-color-badge, #4a3b00);
    --_badge-text: var(--di-color-badge-text, #ffe08a);
  }
}
@media (prefers-reduced-motion: reduce) {
  * { animation: none !important; transition: none !important; }
}
`;
