// The hosted Checkout page a session's url opens: what is bought, from whom, for how
// much, and a card form (or a bank transfer), as Stripe's own page offers them.
import { html, page, type Raw } from "../../core/html";
import { ACCOUNT } from "../account";
import { formatAmount } from "../money";
import { offeredMethods } from "../objects/checkout-session";
import type { StripeLineItem, StripeSession } from "../state";

export interface FormState {
  email: string;
  expiry: string;
  name: string;
  number: string;
  error: string | null;
}

export const EMPTY_FORM: FormState = { email: "", expiry: "", name: "", number: "", error: null };

export const CHECKOUT_CSS = `
.checkout{max-width:880px;margin:40px auto;display:grid;grid-template-columns:1fr 1fr;gap:32px;padding:0 20px}
@media (max-width:720px){.checkout{grid-template-columns:1fr}}
.merchant{font-weight:600;font-size:16px;margin-bottom:18px;display:flex;gap:8px;align-items:center}
.total{font-size:30px;font-weight:600;margin:4px 0 20px}
.items td{border:none;padding:6px 0;background:none}.items td.amount{text-align:right}
.items{background:none}
.pay{background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:24px}
.pay label{display:block;font-size:13px;color:#394055;margin:12px 0 4px}
.pay input{width:100%;font:inherit;padding:9px 10px;border:1px solid #c5cad8;border-radius:6px}
.pay .row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.pay button{width:100%;font:inherit;font-weight:600;padding:11px;border-radius:6px;border:1px solid #2952cc;background:#2952cc;color:#fff;margin-top:18px;cursor:pointer}
.pay button.secondary{background:#fff;color:#2952cc}
.error{background:#ffe0e0;color:#8a1c1c;border-radius:6px;padding:8px 10px;margin:0 0 12px}
.cancel{display:inline-block;margin-top:14px}
.closed{max-width:520px;margin:60px auto;background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:28px}
`;

/** "per month", "every 3 months": how often a recurring line item bills. */
function cadence(li: StripeLineItem): string {
  if (!li.recurring) return "";
  const { interval, intervalCount } = li.recurring;
  return intervalCount === 1 ? ` per ${interval}` : ` every ${intervalCount} ${interval}s`;
}

function summary(s: StripeSession): Raw {
  return html`<div>
    <div class="merchant">${ACCOUNT.name} ${s.livemode ? "" : html`<span class="badge warn">TEST MODE</span>`}</div>
    <div class="muted">${s.mode === "subscription" ? `Subscribe to ${ACCOUNT.name}` : `Pay ${ACCOUNT.name}`}</div>
    <div class="total">${formatAmount(s.amountTotal, s.currency)}</div>
    <table class="items">
      ${s.lineItems.map(
        (li) => html`<tr><td><strong>${li.name}</strong><br><span class="muted small">Qty ${li.quantity} × ${formatAmount(li.unitAmount, li.currency)}${cadence(li)}</span></td>
          <td class="amount">${formatAmount(li.unitAmount * li.quantity, li.currency)}</td></tr>`,
      )}
      <tr><td><strong>Total due</strong></td><td class="amount"><strong>${formatAmount(s.amountTotal, s.currency)}</strong></td></tr>
    </table>
  </div>`;
}

function cardFields(form: FormState): Raw {
  return html`<label for="card_number">Card number</label>
    <input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${form.number}">
    <div class="row">
      <div><label for="expiry">Expiry</label><input id="expiry" name="expiry" type="text" autocomplete="cc-exp" placeholder="MM / YY" value="${form.expiry}"></div>
      <div><label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC"></div>
    </div>
    <label for="name">Name on card</label>
    <input id="name" name="name" type="text" autocomplete="cc-name" value="${form.name}">`;
}

/** `email` is what the session already knows (customer_email, or its customer's); null asks for one. */
export function checkoutPage(s: StripeSession, form: FormState = EMPTY_FORM, email: string | null = s.customerEmail): string {
  const methods = offeredMethods(s);
  const card = methods.includes("card");
  const transfer = methods.includes("customer_balance");
  const body = html`<div class="checkout">
    ${summary(s)}
    <form class="pay" method="post" action="/checkout/pay/${s.id}">
      ${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ""}
      ${email
        ? html`<div><span class="muted small">Email</span><br><strong class="email">${email}</strong></div>`
        : html`<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${form.email}">`}
      ${card ? cardFields(form) : ""}
      ${card ? html`<button type="submit" name="action" value="pay">Pay</button>` : ""}
      ${transfer ? html`<button type="submit" name="action" value="bank_transfer" class="secondary">Pay by bank transfer</button>` : ""}
      ${!card && !transfer ? html`<p class="muted">None of this session's payment methods (${methods.join(", ")}) can be paid in the sandbox.</p>` : ""}
      ${s.cancelUrl ? html`<a class="cancel" href="${s.cancelUrl}">Cancel</a>` : ""}
      ${s.livemode
        ? ""
        : html`<p class="muted small">Test cards: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds. Any future expiry, any CVC.</p>`}
    </form>
  </div>`;
  return page(`Pay ${ACCOUNT.name}`, body, CHECKOUT_CSS);
}

export function closedPage(s: StripeSession): string {
  const text =
    s.status === "expired"
      ? html`<h1>This Checkout Session has expired.</h1><p>Return to ${ACCOUNT.name} to start again.</p>`
      : html`<h1>This Checkout Session is complete.</h1><p>${s.paymentStatus === "paid" ? "The payment was received." : "The payment is awaiting your bank transfer."}</p>
        <p><a href="${s.successUrl.replaceAll("{CHECKOUT_SESSION_ID}", s.id)}">Back to ${ACCOUNT.name}</a></p>`;
  return page(`Pay ${ACCOUNT.name}`, html`<div class="closed">${text}</div>`, CHECKOUT_CSS);
}

export function notFoundPage(): string {
  return page("Checkout", html`<div class="closed"><h1>Something went wrong</h1><p>The page you were looking for could not be found.</p></div>`, CHECKOUT_CSS);
}
