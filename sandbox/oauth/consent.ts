// The consent screen both OAuth emulations show. Each requested scope is a ticked
// checkbox, so a tester can untick one and see how the app handles a partial grant.
import { html, page, type Raw } from "../core/html";

export interface ConsentScreen {
  title: string;
  account: string;
  action: string;
  scopes: Array<{ name: string; description?: string }>;
  /** Carried through the form unchanged (client_id, redirect_uri, state, PKCE…). */
  hidden: Record<string, string>;
  /** An account chooser: the person picks who signs in (the first is preselected). */
  people?: Array<{ value: string; label: string }>;
}

const CSS = `
.consent{max-width:460px;margin:48px auto;background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:28px}
.consent h1{font-size:20px;margin:0 0 6px}
.consent .account{margin-bottom:18px}
.consent ul{list-style:none;padding:0;margin:0 0 20px}
.consent li{padding:8px 0;border-bottom:1px solid #eceef4}
.consent label{display:flex;gap:10px;align-items:flex-start;cursor:pointer}
.consent .scope{font-family:ui-monospace,Menlo,monospace;font-size:13px}
.buttons{display:flex;gap:10px;justify-content:flex-end}
button{font:inherit;padding:8px 18px;border-radius:6px;border:1px solid #c5cad8;background:#fff;cursor:pointer}
button.allow{background:#2952cc;border-color:#2952cc;color:#fff}
.note{margin-top:18px}
.consent fieldset{border:0;padding:0;margin:0 0 16px}
.consent legend{font-weight:600;margin-bottom:6px}
`;

export function consentPage(screen: ConsentScreen): string {
  const hidden = Object.entries(screen.hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  const scopes = screen.scopes.map(
    (s) => html`<li><label><input type="checkbox" name="scope" value="${s.name}" checked>
      <span><span class="scope">${s.name}</span>${s.description ? html`<br><span class="muted small">${s.description}</span>` : ""}</span></label></li>`,
  );
  const people = screen.people?.length
    ? html`<fieldset><legend>Choose an account</legend><ul>${screen.people.map(
        (x, i) => html`<li><label><input type="radio" name="account" value="${x.value}"${i === 0 ? html` checked` : ""}> <span>${x.label}</span></label></li>`,
      )}</ul></fieldset>`
    : "";
  const body: Raw = html`<div class="consent">
    <h1>${screen.title}</h1>
    ${screen.people?.length ? "" : html`<div class="account muted">Signed in as <strong>${screen.account}</strong></div>`}
    <form method="post" action="${screen.action}">
      ${hidden}
      ${people}
      <p>This will allow the app to:</p>
      <ul>${scopes}</ul>
      <div class="buttons">
        <button type="submit" name="decision" value="deny">Cancel</button>
        <button type="submit" name="decision" value="allow" class="allow">Allow</button>
      </div>
    </form>
    <p class="note muted small">Local sandbox: no real account is involved. Untick a permission to simulate a partial grant.</p>
  </div>`;
  return page(screen.title, body, CSS);
}

export function errorPage(title: string, detail: string): string {
  return page(title, html`<div class="consent"><h1>${title}</h1><p>${detail}</p></div>`, CSS);
}

/** Appends query parameters to the app's redirect URI, keeping any it already has. */
export function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

export function isAbsoluteUrl(v: string | undefined): v is string {
  if (!v) return false;
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}
