// The approval page an order's approve (or payer-action) link opens, as PayPal's
// /checkoutnow?token=… does: who is paid, how much, for what; the buyer is already
// logged in, picks what to pay from, and approves or cancels.
import { html, page, type Raw } from "../../core/html";
import { BUYER, MERCHANT } from "../account";
import { display } from "../money";
import type { PayPalOrder } from "../state";

const CSS = `
.pp{max-width:560px;margin:40px auto;background:#fff;border:1px solid #dfe3ec;border-radius:12px;padding:28px}
.brand{font-weight:700;font-size:22px;color:#003087}.brand span{color:#0070e0}
.merchant{margin:16px 0 4px;font-weight:600}
.total{font-size:28px;font-weight:600;margin:4px 0 16px}
.items td{border:none;padding:4px 0;background:none}.items td.amount{text-align:right}
.buyer{background:#f4f6fa;border-radius:8px;padding:10px 12px;margin:16px 0}
fieldset{border:1px solid #dfe3ec;border-radius:8px;margin:12px 0;padding:8px 12px}
fieldset label{display:block;margin:6px 0}
button{width:100%;font:inherit;font-weight:600;padding:12px;border-radius:24px;border:1px solid #0070e0;background:#0070e0;color:#fff;margin-top:12px;cursor:pointer}
button.secondary{background:#fff;color:#0070e0}
`;

function summary(o: PayPalOrder): Raw {
  return html`<div class="merchant">${o.brandName ?? MERCHANT.name}</div>
    <div class="total">${display(o.amount)}</div>
    ${o.items.length > 0
      ? html`<table class="items">${o.items.map(
          (i) => html`<tr><td>${i.name}<br><span class="muted small">Qty ${i.quantity} × ${display(i.unitAmount)}</span></td><td class="amount">${display({ currency: i.unitAmount.currency, minor: i.unitAmount.minor * i.quantity })}</td></tr>`,
        )}</table>`
      : o.description
        ? html`<p class="muted">${o.description}</p>`
        : ""}`;
}

export function approvalPage(o: PayPalOrder): string {
  const body = html`<div class="pp">
    <div class="brand">Pay<span>Pal</span> <span class="badge warn">SANDBOX</span></div>
    ${summary(o)}
    <div class="buyer">Logged in as <strong>${BUYER.givenName} ${BUYER.surname}</strong> (${BUYER.email})${o.payerEmailHint && o.payerEmailHint !== BUYER.email ? html`<br><span class="muted small">The shop suggested ${o.payerEmailHint}.</span>` : ""}</div>
    <form method="post" action="/paypal/checkoutnow?token=${o.id}">
      <fieldset><legend>Pay with</legend>
        <label><input type="radio" name="funding" value="balance" checked> PayPal balance</label>
        <label><input type="radio" name="funding" value="echeck"> Bank account (eCheck): clears in a few days; the sandbox waits for <code>/_sandbox/paypal/settle</code></label>
      </fieldset>
      <button type="submit" name="action" value="approve">Pay with PayPal</button>
      <button type="submit" name="action" value="cancel" class="secondary">Cancel</button>
    </form>
  </div>`;
  return page(`PayPal Checkout - ${MERCHANT.name}`, body, CSS);
}

export function closedPage(o: PayPalOrder, back: string | null): string {
  const text = o.status === "APPROVED" ? "You have already approved this payment." : o.status === "COMPLETED" ? "This payment is complete." : "This payment can no longer be approved.";
  return page("PayPal Checkout", html`<div class="pp"><div class="brand">Pay<span>Pal</span></div><h1>${text}</h1>${back ? html`<p><a href="${back}">Return to ${o.brandName ?? MERCHANT.name}</a></p>` : ""}</div>`, CSS);
}

export function doneWithoutReturnPage(o: PayPalOrder, action: "approved" | "cancelled"): string {
  return page("PayPal Checkout", html`<div class="pp"><div class="brand">Pay<span>Pal</span></div><h1>Payment ${action}.</h1><p class="muted">The shop gave no ${action === "approved" ? "return_url" : "cancel_url"} for order ${o.id}; you can close this window.</p></div>`, CSS);
}

export function notFoundPage(): string {
  return page("PayPal Checkout", html`<div class="pp"><div class="brand">Pay<span>Pal</span></div><h1>Sorry, we can't find this payment.</h1><p class="muted">Return to the shop and try again.</p></div>`, CSS);
}
