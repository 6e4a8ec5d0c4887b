import { html, type Raw } from "../core/html";
import type { RequestLogEntry } from "../core/request-log";

const SHOWN = 50;

function statusBadge(e: RequestLogEntry): Raw {
  if (e.status === null) return html`<span class="badge warn">${e.fault ?? "pending"}</span>`;
  const cls = e.status < 300 ? "ok" : e.status < 500 && e.status !== 429 ? "warn" : "err";
  return html`<span class="badge ${cls}">${e.status}</span>`;
}

export function requestsSection(entries: RequestLogEntry[]): Raw {
  if (entries.length === 0) return html`<p class="empty">No provider requests yet.</p>`;
  const recent = entries.slice(-SHOWN).reverse();
  return html`<table>
    <tr><th>Time</th><th>Request</th><th>Operation</th><th>Status</th><th>Validation</th></tr>
    ${recent.map(
      (e) => html`<tr>
        <td class="small muted">${e.at.slice(11, 23)}</td>
        <td><code>${e.method} ${e.path}</code></td>
        <td class="small">${e.operation ?? "—"}</td>
        <td>${statusBadge(e)}${e.fault ? html` <span class="muted small">fault: ${e.fault}</span>` : ""}</td>
        <td class="small">${!e.validation.checked ? html`<span class="muted">not checked</span>` : e.validation.issues.length === 0 ? html`<span class="badge ok">valid</span>` : html`<span class="badge err">${e.validation.issues.length} issue(s)</span> ${e.validation.issues.map((i) => i.message).join("; ")}`}</td>
      </tr>`,
    )}
  </table>
  <p class="muted small">The last ${SHOWN} of ${entries.length}. All of them: <a href="/_sandbox/requests">/_sandbox/requests</a>.</p>`;
}
