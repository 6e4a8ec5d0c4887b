// The inbox's table of a provider's webhook deliveries, the latest first: what was
// sent, where, which attempt (resent or with a deliberately bad signature) and what
// the receiver answered.
import type { DeliveryRecord } from "./deliveries";
import { html, type Raw } from "./html";

/** The latest shown; inbox.json has them all. */
const SHOWN = 50;

export interface DeliveryRow {
  /** What was sent ("checkout.session.completed") and its id. */
  what: string;
  id: string;
  /** The signature kind when it was not a valid one. */
  badSignature: string | null;
}

export interface DeliveriesTableOptions<D extends DeliveryRecord> {
  /** The receiver's name in the provider's words: "Endpoint", "Webhook". */
  receiver: string;
  /** Shown when nothing was delivered yet, e.g. " (no webhook registered)". */
  emptyNote: string;
  row(d: D): DeliveryRow;
}

function badge(text: string, kind: "ok" | "warn" | "err"): Raw {
  return html`<span class="badge ${kind}">${text}</span>`;
}

export function deliveriesTable<D extends DeliveryRecord>(deliveries: D[], opts: DeliveriesTableOptions<D>): Raw {
  if (deliveries.length === 0) return html`<p class="empty">No webhook deliveries yet${opts.emptyNote}.</p>`;
  return html`<table class="card-table">
    <tr><th>Time</th><th>Event</th><th>${opts.receiver}</th><th>Attempt</th><th>Status</th></tr>
    ${deliveries
      .slice(-SHOWN)
      .reverse()
      .map((d) => {
        const row = opts.row(d);
        return html`<tr>
        <td class="small muted">${d.at.slice(11, 23)}</td>
        <td><strong>${row.what}</strong><br><span class="muted small">${row.id}</span></td>
        <td class="small">${d.url}</td>
        <td class="small">${d.attempt}${d.trigger === "resend" ? " (resent)" : ""}${row.badSignature ? html` ${badge(`${row.badSignature} signature`, "warn")}` : ""}</td>
        <td>${d.status === null ? badge(d.error ?? "no answer", "err") : badge(String(d.status), d.status < 300 ? "ok" : "err")}</td>
      </tr>`;
      })}
  </table>`;
}
