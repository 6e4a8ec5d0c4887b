// The hosted payment page a gateway's link opens: who is paid, what for, how much,
// and the means of payment (test cards, TWINT), with a Cancel button, as Payrexx's
// own page offers them.
import { html, page, type Raw } from "../../core/html";
import { formatAmount } from "../../stripe/money";
import type { PayrexxGateway } from "../state";

export interface PageForm {
  email: string;
  name: string;
  number: string;
  expiry: string;
  error: string | null;
}

export const EMPTY_PAGE_FORM: PageForm = { email: "", name: "", number: "", expiry: "", error: null };

const CSS = `
.pay{max-width:520px;margin:40px auto;background:#fff;border:1px solid #dfe3ec;border-radius:10px;padding:24px}
.brand{font-weight:700;color:#0b4b8a;letter-spacing:.5px}
.total{font-size:28px;font-weight:600;margin:6px 0 14px}
.pay label{display:block;font-size:13px;color:#394055;margin:12px 0 4px}
.pay input{width:100%;font:inherit;padding:9px 10px;border:1px solid #c5cad8;border-radius:6px}
.pay .row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.pay button{width:100%;font:inherit;font-weight:600;padding:11px;border-radius:6px;border:1px solid #0b4b8a;background:#0b4b8a;color:#fff;margin-top:14px;cursor:pointer}
.pay button.twint{background:#000;border-color:#000}
.pay button.cancel{background:#fff;color:#0b4b8a}
.error{background:#ffe0e0;color:#8a1c1c;border-radius:6px;padding:8px 10px;margin:0 0 12px}
.items td{border:none;padding:4px 0;background:none}.items td.amount{text-align:right}
`;

function summary(g: PayrexxGateway): Raw {
  return html`<div class="brand">payrexx <span class="badge warn">TEST</span></div>
    <div class="muted">${g.instance}.payrexx.com${g.purpose ? html` · ${g.purpose}` : ""}</div>
    <div class="total">${formatAmount(g.amount, g.currency)}</div>
    ${g.basket.length
      ? html`<table class="items">${g.basket.map(
          (b) => html`<tr><td>${b.quantity} × ${b.name}</td><td class="amount">${formatAmount(b.amount * b.quantity, g.currency)}</td></tr>`,
        )}</table>`
      : ""}`;
}

export function paymentPage(g: PayrexxGateway, form: PageForm = EMPTY_PAGE_FORM): string {
  const email = g.fields.email ?? form.email;
  const name = [g.fields.forename, g.fields.surname].filter(Boolean).join(" ") || form.name;
  const body = html`<form class="pay" method="post" action="/payrexx/pay/${g.hash}">
    ${summary(g)}
    ${form.error ? html`<p class="error" role="alert">${form.error}</p>` : ""}
    <label for="email">E-mail</label><input id="email" name="email" type="email" value="${email}">
    <label for="name">Name on card</label><input id="name" name="name" type="text" value="${name}">
    <label for="card_number">Card number</label><input id="card_number" name="card_number" type="text" inputmode="numeric" placeholder="4242 4242 4242 4242" value="${form.number}">
    <div class="row">
      <div><label for="expiry">Expiry</label><input id="expiry" name="expiry" type="text" placeholder="MM/YY" value="${form.expiry}"></div>
      <div><label for="cvc">CVC</label><input id="cvc" name="cvc" type="text" inputmode="numeric"></div>
    </div>
    <button type="submit" name="action" value="pay">Pay ${formatAmount(g.amount, g.currency)}</button>
    <button type="submit" name="action" value="twint" class="twint">Pay with TWINT</button>
    <button type="submit" name="action" value="cancel" class="cancel">Cancel</button>
    <p class="muted small">Test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. Any future expiry, any CVC. TWINT always pays.</p>
  </form>`;
  return page(`Pay ${g.instance}`, body, CSS);
}

export function endedPage(g: PayrexxGateway, why: "expired" | "closed"): string {
  const text =
    why === "expired"
      ? html`<h1>This payment link has expired.</h1><p>Return to the shop to start again.</p>`
      : html`<h1>${g.status === "confirmed" ? "This payment is complete." : `This payment was ${g.status}.`}</h1>`;
  return page(`Pay ${g.instance}`, html`<div class="pay">${text}</div>`, CSS);
}

export function resultPage(g: PayrexxGateway): string {
  return page(`Pay ${g.instance}`, html`<div class="pay"><h1>${g.status === "confirmed" ? "Thank you, your payment was successful." : `The payment was ${g.status}.`}</h1></div>`, CSS);
}

export function missingPage(): string {
  return page("Payrexx", html`<div class="pay"><h1>Payment not found</h1><p>This payment link does not exist.</p></div>`, CSS);
}
