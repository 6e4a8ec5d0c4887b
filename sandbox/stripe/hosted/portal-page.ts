// The customer portal a billing_portal.session's url opens: the member's
// subscriptions (cancel at the period's end, or now; or keep one set to end), the
// card renewals are charged to (replace it with another), and the open invoices.
import { html, page, type Raw } from "../../core/html";
import { ACCOUNT } from "../account";
import type { StripeCustomer, StripeInvoice, StripePortalSession, StripeSubscription } from "../billing-state";
import { CHECKOUT_CSS } from "../checkout/page";
import { formatAmount } from "../money";
import { invoiceTotal } from "../objects/invoice";
import type { World } from "../world";

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

const CSS = `${CHECKOUT_CSS}
.portal{max-width:720px;margin:40px auto;padding:0 20px}
.portal section{background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:20px;margin:0 0 18px}
.portal h2{font-size:15px;margin:0 0 10px}
.portal form{display:inline}
.portal button{font:inherit;padding:7px 12px;border-radius:6px;border:1px solid #2952cc;background:#2952cc;color:#fff;cursor:pointer;margin:6px 6px 0 0}
.portal button.secondary{background:#fff;color:#2952cc}
.portal button.danger{background:#fff;color:#8a1c1c;border-color:#8a1c1c}
.portal .card input{width:100%;font:inherit;padding:8px;border:1px solid #c5cad8;border-radius:6px}
.portal .card label{display:block;font-size:13px;margin:10px 0 4px}
.notice{background:#e7f5ec;border-radius:6px;padding:8px 10px;margin:0 0 12px}
`;

export interface PortalView {
  session: StripePortalSession;
  customer: StripeCustomer;
  subscriptions: StripeSubscription[];
  openInvoices: StripeInvoice[];
  path: string;
  notice: string | null;
  error: string | null;
}

function planText(w: World, sub: StripeSubscription): string {
  return sub.items
    .map((i) => {
      const price = w.state.billing.prices.get(i.priceId);
      const product = price ? w.state.billing.products.get(price.productId) : undefined;
      const every = price?.recurring ? (price.recurring.intervalCount === 1 ? `per ${price.recurring.interval}` : `every ${price.recurring.intervalCount} ${price.recurring.interval}s`) : "";
      return `${product?.name ?? i.priceId}: ${price ? formatAmount(price.unitAmount * i.quantity, price.currency) : ""} ${every}`;
    })
    .join(", ");
}

function action(v: PortalView, sub: StripeSubscription, name: string, label: string, kind = ""): Raw {
  return html`<form method="post" action="${v.path}"><input type="hidden" name="subscription" value="${sub.id}"><button type="submit" name="action" value="${name}" class="${kind}">${label}</button></form>`;
}

function subscriptionBlock(w: World, v: PortalView, sub: StripeSubscription): Raw {
  return html`<div class="subscription" data-subscription="${sub.id}">
    <p><strong>${planText(w, sub)}</strong> <span class="badge ${sub.status === "active" ? "ok" : "err"}">${sub.status}</span></p>
    <p class="muted">${sub.cancelAtPeriodEnd ? `Ends on ${day(sub.currentPeriodEnd)}` : `Renews on ${day(sub.currentPeriodEnd)}`}</p>
    ${sub.cancelAtPeriodEnd
      ? action(v, sub, "resume", "Don't cancel")
      : action(v, sub, "cancel_at_period_end", "Cancel at the end of the period", "secondary")}
    ${action(v, sub, "cancel_now", "Cancel now", "danger")}
  </div>`;
}

function cardBlock(v: PortalView): Raw {
  const saved = v.customer.defaultCard;
  return html`<section class="card">
    <h2>Payment method</h2>
    <p>${saved ? `${saved.card.brand} •••• ${saved.card.last4}, expires ${String(saved.card.expMonth).padStart(2, "0")}/${saved.card.expYear}` : "No card on file."}</p>
    <form method="post" action="${v.path}">
      <label for="card_number">Card number</label><input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234">
      <label for="expiry">Expiry</label><input id="expiry" name="expiry" type="text" autocomplete="cc-exp" placeholder="MM / YY">
      <label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc">
      <label for="name">Name on card</label><input id="name" name="name" type="text" autocomplete="cc-name">
      <button type="submit" name="action" value="update_card">Update card</button>
    </form>
    ${v.session.livemode ? "" : html`<p class="muted small">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.</p>`}
  </section>`;
}

function invoicesBlock(w: World, v: PortalView): Raw {
  if (v.openInvoices.length === 0) return html``;
  return html`<section><h2>Invoices to pay</h2>
    ${v.openInvoices.map(
      (i) => html`<p>${i.number ?? i.id}: ${formatAmount(invoiceTotal(i) - i.amountPaid, i.currency)} ${i.hostedSecret ? html`<a href="/billing/invoice/${i.hostedSecret}">Pay</a>` : ""}</p>`,
    )}
  </section>`;
}

export function portalPage(w: World, v: PortalView): string {
  const live = v.subscriptions.filter((s) => s.status !== "canceled");
  const body = html`<div class="portal">
    <div class="merchant">${ACCOUNT.name} ${v.session.livemode ? "" : html`<span class="badge warn">TEST MODE</span>`}</div>
    <p class="muted">Signed in as ${v.customer.email ?? v.customer.name ?? v.customer.id}</p>
    ${v.notice ? html`<p class="notice" role="status">${v.notice}</p>` : ""}
    ${v.error ? html`<p class="error" role="alert">${v.error}</p>` : ""}
    <section><h2>Current subscriptions</h2>
      ${live.length === 0 ? html`<p class="muted">No active subscriptions.</p>` : live.map((s) => subscriptionBlock(w, v, s))}
    </section>
    ${cardBlock(v)}
    ${invoicesBlock(w, v)}
    ${v.session.returnUrl ? html`<p><a class="return" href="${v.session.returnUrl}">Return to ${ACCOUNT.displayName}</a></p>` : ""}
  </div>`;
  return page(`${ACCOUNT.name} · Billing`, body, CSS);
}
