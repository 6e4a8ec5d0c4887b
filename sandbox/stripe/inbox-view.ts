import { deliveriesTable } from "../core/deliveries-view";
import { html, type Raw } from "../core/html";
import { formatAmount } from "./money";
import type { InboxStripe, InboxStripeSubscription } from "./inbox-model";
import { CLOCK_FORM_PATH } from "./billing-pages";

/** The latest of each, newest first; inbox.json has them all. */
const SHOWN = 50;

function badge(text: string, kind: "ok" | "warn" | "err" | ""): Raw {
  return html`<span class="badge ${kind}">${text}</span>`;
}

function statusKind(status: string): "ok" | "warn" | "err" | "" {
  if (["complete", "paid", "succeeded", "active"].includes(status)) return "ok";
  if (["open", "unpaid", "requires_action", "processing", "requires_payment_method", "incomplete", "draft"].includes(status)) return "warn";
  if (["expired", "canceled", "failed", "past_due", "void", "uncollectible"].includes(status)) return "err";
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
        <td><code>${p.id}</code>${p.charge ? html`<br><span class="muted small">${p.charge}</span>` : ""}</td>
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

const day = (iso: string) => iso.slice(0, 10);

function customers(data: InboxStripe): Raw {
  if (data.customers.length === 0) return html`<p class="empty">No customers yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Customer</th><th>Email</th><th>Name</th><th>Card</th></tr>
    ${latest(data.customers).map(
      (c) => html`<tr><td><code>${c.id}</code>${c.livemode ? html` ${badge("live", "err")}` : ""}${c.deleted ? html` ${badge("deleted", "err")}` : ""}</td><td>${c.email ?? "—"}</td><td>${c.name ?? "—"}</td><td>${c.card ?? "—"}</td></tr>`,
    )}
  </table>`;
}

/** What a person does to a subscription's clock from this page, as the control API's /subscription-clock does. */
function clockButtons(s: InboxStripeSubscription, formKey: string): Raw {
  if (s.status === "canceled") return html``;
  return html`<form method="post" action="${CLOCK_FORM_PATH}" class="clock">
    <input type="hidden" name="formKey" value="${formKey}">
    <input type="hidden" name="subscription" value="${s.id}">
    <button type="submit" name="action" value="renew">Renew (paid)</button>
    <button type="submit" name="action" value="renew-failing">Renew (payment fails)</button>
    ${s.status === "past_due" ? html`<button type="submit" name="action" value="pay">Pay open invoice</button>` : ""}
    <button type="submit" name="action" value="cancel" class="danger">Cancel now</button>
  </form>`;
}

function subscriptions(data: InboxStripe, formKey: string): Raw {
  if (data.subscriptions.length === 0) return html`<p class="empty">No subscriptions yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Subscription</th><th>Customer</th><th>Plan</th><th>Status</th><th>Period ends</th><th>Clock</th></tr>
    ${latest(data.subscriptions).map(
      (s) => html`<tr>
        <td><code>${s.id}</code>${s.livemode ? html` ${badge("live", "err")}` : ""}</td>
        <td>${s.customerEmail ?? s.customer}</td>
        <td class="small">${s.items.map((i) => `${i.quantity} × ${i.name} (${formatAmount(i.unitAmount, s.currency)} per ${i.interval})`).join(", ")}</td>
        <td>${badge(s.status, statusKind(s.status))}${s.cancelAtPeriodEnd ? html`<br><span class="muted small">ends at period end</span>` : ""}</td>
        <td>${day(s.currentPeriodEnd)}</td>
        <td>${clockButtons(s, formKey)}</td>
      </tr>`,
    )}
  </table>`;
}

function invoices(data: InboxStripe): Raw {
  if (data.invoices.length === 0) return html`<p class="empty">No invoices yet.</p>`;
  return html`<table class="card-table">
    <tr><th>Invoice</th><th>Customer</th><th>For</th><th>Total</th><th>Status</th><th>Due</th></tr>
    ${latest(data.invoices).map(
      (i) => html`<tr>
        <td><code>${i.id}</code>${i.number ? html`<br><span class="muted small">${i.number}</span>` : ""}</td>
        <td>${i.customerEmail ?? i.customer}</td>
        <td class="small">${i.subscription ? html`<code>${i.subscription}</code>` : i.collectionMethod === "send_invoice" ? "sent for payment" : "charged"}</td>
        <td>${formatAmount(i.total, i.currency)}</td>
        <td>${badge(i.status, statusKind(i.status))}${i.overdue && i.status === "open" ? html` ${badge("overdue", "err")}` : ""}${i.attempts > 0 && i.status === "open" ? html`<br><span class="muted small">${i.attempts} failed attempt${i.attempts === 1 ? "" : "s"}</span>` : ""}</td>
        <td>${i.dueDate ? day(i.dueDate) : "—"}</td>
      </tr>`,
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

/** `formKey` lets the page's clock buttons act without the control token. */
export function stripeSection(data: InboxStripe, formKey: string): Raw {
  return html`<h3>Checkout Sessions</h3>${sessions(data)}
    <h3>Payments</h3>${payments(data)}
    <h3>Customers</h3>${customers(data)}
    <h3>Subscriptions</h3>${subscriptions(data, formKey)}
    <h3>Invoices</h3>${invoices(data)}
    <h3>Refunds</h3>${refunds(data)}
    <h3>Webhook deliveries</h3>${deliveries(data)}`;
}
