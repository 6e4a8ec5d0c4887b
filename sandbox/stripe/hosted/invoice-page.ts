// The hosted invoice page an invoice's hosted_invoice_url opens: who bills whom for
// what, when it is due, and (while it is open) a card form to pay it.
import { html, page, type Raw } from "../../core/html";
import { ACCOUNT } from "../account";
import type { StripeCustomer, StripeInvoice } from "../billing-state";
import { CHECKOUT_CSS, EMPTY_FORM, type FormState } from "../checkout/page";
import { formatAmount } from "../money";
import { invoiceTotal } from "../objects/invoice";

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

function summary(inv: StripeInvoice, customer: StripeCustomer | undefined): Raw {
  const total = invoiceTotal(inv);
  const who = customer?.name ?? customer?.email;
  return html`<div>
    <div class="merchant">${ACCOUNT.name} ${inv.livemode ? "" : html`<span class="badge warn">TEST MODE</span>`}</div>
    <div class="muted">Invoice ${inv.number ?? inv.id}${who ? ` for ${who}` : ""}</div>
    <div class="total">${formatAmount(total - inv.amountPaid, inv.currency)}</div>
    ${inv.dueDate !== null ? html`<div class="muted">Due ${day(inv.dueDate)}</div>` : ""}
    <table class="items">
      ${inv.lines.map(
        (l) => html`<tr><td><strong>${l.description ?? ""}</strong><br><span class="muted small">Qty ${l.quantity} × ${formatAmount(l.unitAmount, l.currency)}</span></td>
          <td class="amount">${formatAmount(l.amount, l.currency)}</td></tr>`,
      )}
      <tr><td><strong>Amount due</strong></td><td class="amount"><strong>${formatAmount(total - inv.amountPaid, inv.currency)}</strong></td></tr>
    </table>
  </div>`;
}

function payForm(inv: StripeInvoice, path: string, form: FormState): Raw {
  return html`<form class="pay" method="post" action="${path}">
    ${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ""}
    <label for="card_number">Card number</label>
    <input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${form.number}">
    <div class="row">
      <div><label for="expiry">Expiry</label><input id="expiry" name="expiry" type="text" autocomplete="cc-exp" placeholder="MM / YY" value="${form.expiry}"></div>
      <div><label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div>
    </div>
    <label for="name">Name on card</label>
    <input id="name" name="name" type="text" autocomplete="cc-name" value="${form.name}">
    <button type="submit" name="action" value="pay">Pay ${formatAmount(invoiceTotal(inv) - inv.amountPaid, inv.currency)}</button>
    ${inv.livemode ? "" : html`<p class="muted small">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined. Any future expiry, any CVC.</p>`}
  </form>`;
}

const CLOSED: Record<string, string> = {
  paid: "This invoice has been paid.",
  void: "This invoice has been voided and can no longer be paid.",
  uncollectible: "This invoice has been marked uncollectible.",
};

export function invoicePage(inv: StripeInvoice, customer: StripeCustomer | undefined, path: string, form: FormState = EMPTY_FORM): string {
  const closed = CLOSED[inv.status];
  const body = html`<div class="checkout">
    ${summary(inv, customer)}
    ${closed ? html`<div class="pay"><p class="status"><strong>${closed}</strong></p></div>` : payForm(inv, path, form)}
  </div>`;
  return page(`Invoice from ${ACCOUNT.name}`, body, CHECKOUT_CSS);
}
