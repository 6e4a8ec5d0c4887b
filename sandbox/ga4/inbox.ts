// The inbox's Google Analytics section: the purchases and refunds received, with
// what validation found in them, and the stand-in tag's loads and page views.
import { html, type Raw } from "../core/html";
import type { Ga4State } from "./state";

export function ga4Inbox(state: Ga4State) {
  return { hits: state.hits, validations: state.validations, tagLoads: state.tagLoads, pageViews: state.pageViews };
}

function money(params: Record<string, unknown>): string {
  return params.value === undefined ? "" : `${String(params.value)} ${String(params.currency ?? "")}`;
}

export function ga4Section(state: Ga4State): Raw {
  const rows = state.hits
    .slice(-50)
    .reverse()
    .flatMap((h) =>
      h.events.map(
        (e) => html`<tr><td>${h.at.slice(0, 19).replace("T", " ")}</td><td>${h.measurementId}</td><td>${e.name}</td><td>${String(e.params?.transaction_id ?? "")}</td>
          <td>${money(e.params ?? {})}</td><td>${Array.isArray(e.params?.items) ? (e.params.items as unknown[]).length : 0}</td><td>${h.clientId ?? ""}</td>
          <td>${h.problems.length ? html`<span class="badge err">${h.problems.map((p) => `${p.fieldPath}: ${p.validationCode}`).join("; ")}</span>` : html`<span class="badge ok">valid</span>`}</td></tr>`,
      ),
    );
  const loads = Object.entries(state.tagLoads).map(([id, n]) => `${id}: ${n}`).join(", ");
  const views = state.pageViews.slice(-10).reverse().map((v) => html`<li>${v.at.slice(0, 19).replace("T", " ")} · ${v.measurementId} · ${v.title || v.location} (client ${v.clientId})</li>`);
  return html`<p class="muted small">Measurement Protocol hits are answered 204 as Google does; the last column says what the validation server would have said. Tag loads: ${loads || "none"}.</p>
    ${rows.length ? html`<table><thead><tr><th>Received</th><th>Stream</th><th>Event</th><th>Transaction</th><th>Value</th><th>Items</th><th>Client id</th><th>Validation</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="muted">No events yet.</p>`}
    ${views.length ? html`<h3>Page views (stand-in gtag.js)</h3><ul>${views}</ul>` : ""}`;
}
