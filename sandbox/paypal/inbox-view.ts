import { deliveriesTable } from "../core/deliveries-view";
import { html, type Raw } from "../core/html";
import type { InboxPayPal } from "./inbox-model";

/** The latest of each, newest first; inbox.json has them all. */
const SHOWN = 50;

function badge(text: string, kind: "ok" | "warn" | "err" | ""): Raw {
  return html`<span class="badge ${kind}">${text}</span>`;
}

function statusKind(status: string): "ok" | "warn" | "err" | "" {
  if (["COMPLETED", "APPROVED"].includes(status)) return "ok";
  if (["CREATED", "PAYER_ACTION_REQUIRED", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED"].includes(status)) return "warn";
  if (["DECLINED", "FAILED", "VOIDED"].includes(status)) return "err";
  return "";
}

const latest = <T>(items: T[]): T[] => items.slice(-SHOWN).reverse();

function orders(data: InboxPayPal): Raw {
  if (data.orders.length === 0) return html`<p class="empty">No orders yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Order</th><th>Items</th><th>Amount</th><th>Status</th><th>Capture</th></tr>
    ${latest(data.orders).map(
      (o) => html`<tr>
        <td><code>${o.id}</code><br><span class="muted small">${o.created.replace("T", " ").slice(0, 19)}</span></td>
        <td class="small">${o.items.map((i) => `${i.quantity} × ${i.name}`).join(", ") || "—"}</td>
        <td>${o.currency} ${o.amount}</td>
        <td>${badge(o.status, statusKind(o.status))}${o.funding === "echeck" ? html`<br><span class="muted small">eCheck</span>` : ""}</td>
        <td>${o.capture ? html`<code>${o.capture.id}</code> ${badge(o.capture.status, statusKind(o.capture.status))}${o.capture.disputed ? html` ${badge("disputed", "err")}` : ""}` : "—"}</td>
      </tr>`,
    )}
  </table>`;
}

function refunds(data: InboxPayPal): Raw {
  if (data.refunds.length === 0) return html`<p class="empty">No refunds yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Refund</th><th>Capture</th><th>Amount</th><th>custom_id</th><th>Made</th></tr>
    ${latest(data.refunds).map(
      (r) => html`<tr><td><code>${r.id}</code></td><td><code>${r.capture}</code></td><td>${r.currency} ${r.amount}</td><td class="small">${r.customId ?? "—"}</td><td>${r.via === "api" ? "through the API" : "in the dashboard"}</td></tr>`,
    )}
  </table>`;
}

function deliveries(data: InboxPayPal): Raw {
  return deliveriesTable(data.deliveries, {
    receiver: "Webhook",
    emptyNote: data.webhooks.length === 0 ? " (no webhook registered)" : "",
    row: (d) => ({ what: d.eventType, id: d.eventId, badSignature: d.signature !== "valid" ? d.signature : null }),
  });
}

export function paypalSection(data: InboxPayPal): Raw {
  return html`<h3>Orders</h3>${orders(data)}
    <h3>Refunds</h3>${refunds(data)}
    <h3>Webhook deliveries</h3>${deliveries(data)}`;
}
