import { deliveriesTable } from "../core/deliveries-view";
import { html, type Raw } from "../core/html";
import { formatAmount } from "./money";
import type { InboxStripe } from "./inbox-model";

/** The latest of each, newest first; inbox.json has them all. */
const SHOWN = 50;

function badge(text: string, kind: "ok" | "warn" | "err" | ""): Raw {
  return html`<span class="badge ${kind}">${text}</span>`;
}

function statusKind(status: string): "ok" | "warn" | "err" | "" {
  if (["complete", "paid", "succeeded"].includes(status)) return "ok";
  if (["open", "unpaid", "requires_action", "processing", "requires_payment_method"].includes(status)) return "warn";
  if (["expired", "canceled", "failed"].includes(status)) return "err";
  return "";
}

function latest<T>(items: T[]): T[] {
  return items.slice(-SHOWN).reverse();
}

function sessions(data: InboxStripe): Raw {
  if (data.sessions.length === 0) return html`<p class="empty">No Checkout Sessions yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Session</th><th>Customer</th><th>Items</th><th>Amount</th><th>Status</th><th>Payment</th></tr>
    ${latest(data.sessions).map(
      (s) => html`<tr>
        <td><code>${s.id.slice(0, 24)}…</code>${s.livemode ? html` ${badge("live", "err")}` : ""}<br><span class="muted small">${s.created.replace("T", " ").slice(0, 19)}</span></td>
        <td>${s.customerEmail ?? "—"}</td>
        <td class="small">${s.lineItems.map((li) => `${li.quantity} × ${li.name}`).join(", ")}</td>
        <td>${formatAmount(s.amountTotal, s.currency)}</td>
        <td>${badge(s.status, statusKind(s.status))}</td>
        <td>${badge(s.paymentStatus, statusKind(s.paymentStatus))}</td>
      </tr>`,
    )}
  </table>`;
}

function payments(data: InboxStripe): Raw {
  if (data.payments.length === 0) return html`<p class="empty">No payments yet.</p>`;
  return html`<table class="card-table">
    <tr><th>PaymentIntent</th><th>Method</th><th>Amount</th><th>Status</th><th>Refunded</th><th>Dispute</th></tr>
    ${latest(data.payments).map(
      (p) => html`<tr>
        <td><code>${p.id}</code>${p.charge ? html`<br><span class="muted small">${p.charge}</span>` : ""}${p.session ? "" : html`<br><span class="muted small">on-page form</span>`}</td>
        <td>${p.card ?? p.method ?? "—"}</td>
        <td>${formatAmount(p.amount, p.currency)}</td>
        <td>${badge(p.status, statusKind(p.status))}${p.lastError ? html`<br><span class="muted small">${p.lastError}</span>` : ""}</td>
        <td>${p.amountRefunded > 0 ? html`${formatAmount(p.amountRefunded, p.currency)}${p.refunded ? html` ${badge("refunded", "warn")}` : ""}` : "—"}</td>
        <td>${p.disputed ? badge("disputed", "err") : "—"}</td>
      </tr>`,
    )}
  </table>`;
}

function refunds(data: InboxStripe): Raw {
  if (data.refunds.length === 0) return html`<p class="empty">No refunds yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Refund</th><th>Charge</th><th>Amount</th><th>Reason</th><th>Made</th></tr>
    ${latest(data.refunds).map(
      (r) => html`<tr><td><code>${r.id}</code></td><td><code>${r.charge}</code></td><td>${formatAmount(r.amount, r.currency)}</td><td>${r.reason ?? "—"}</td><td>${r.via === "api" ? "through the API" : "in the dashboard"}</td></tr>`,
    )}
  </table>`;
}

function deliveries(data: InboxStripe): Raw {
  return deliveriesTable(data.deliveries, {
    receiver: "Endpoint",
    emptyNote: data.endpoints.length === 0 ? " (no webhook endpoint registered)" : "",
    row: (d) => ({ what: d.eventType, id: d.eventId, badSignature: d.signature !== "valid" ? d.signature : null }),
  });
}

export function stripeSection(data: InboxStripe): Raw {
  return html`<h3>Checkout Sessions</h3>${sessions(data)}
    <h3>Payments</h3>${payments(data)}
    <h3>Refunds</h3>${refunds(data)}
    <h3>Webhook deliveries</h3>${deliveries(data)}`;
}
