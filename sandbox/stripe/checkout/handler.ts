// GET and POST /checkout/pay/{session}: the page, and what happens when it is submitted.
import { first, type Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendEmpty, sendHtml } from "../../core/respond";
import { expireDue } from "../flows/expire";
import { knownEmail } from "../flows/customer";
import { payByBankTransfer, payWithCard } from "../flows/pay";
import { subscribeWithCard } from "../flows/subscribe";
import { offeredMethods } from "../objects/checkout-session";
import type { World } from "../world";
import { checkCard } from "./cards";
import { checkoutPage, closedPage, EMPTY_FORM, notFoundPage, type FormState } from "./page";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function successUrl(template: string, id: string): string {
  return template.replaceAll("{CHECKOUT_SESSION_ID}", id);
}

export function handleCheckoutPage(ctx: Ctx, w: World, sessionId: string): void {
  record(ctx, ctx.method === "GET" ? "stripe checkout page" : "stripe checkout page submit");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, notFoundPage());
  expireDue(w);
  const session = w.state.sessions.get(sessionId);
  if (!session) return sendHtml(ctx, 404, notFoundPage());
  if (session.status !== "open") return sendHtml(ctx, ctx.method === "GET" ? 200 : 409, closedPage(session));
  const known = knownEmail(w, session);
  const pageWith = (form: FormState) => checkoutPage(session, form, known);
  if (ctx.method === "GET") return sendHtml(ctx, 200, pageWith(EMPTY_FORM));

  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const field = (name: string) => first(fields[name])?.trim() ?? "";
  const form: FormState = { ...EMPTY_FORM, email: field("email"), expiry: field("expiry"), name: field("name"), number: field("card_number") };
  const email = known ?? (form.email || null);
  if (!known && (!email || !EMAIL.test(email))) return sendHtml(ctx, 400, pageWith({ ...form, error: "Your email address is incomplete." }));

  const methods = offeredMethods(session);
  const action = field("action") === "bank_transfer" ? "customer_balance" : "card";
  if (!methods.includes(action)) return sendHtml(ctx, 400, pageWith({ ...form, error: "This payment method is not available for this payment." }));
  if (action === "customer_balance") {
    payByBankTransfer(w, session, email);
    return sendEmpty(ctx, 303, { Location: successUrl(session.successUrl, session.id), "Cache-Control": "no-store" });
  }
  const check = checkCard({ number: form.number, expiry: form.expiry, cvc: field("cvc"), name: form.name }, w.rt.clock.now(), session.livemode);
  if (!check.ok) return sendHtml(ctx, 400, pageWith({ ...form, error: check.message }));
  const payment = { card: check.card, name: check.name, email, decline: check.decline };
  const result = session.mode === "subscription" ? subscribeWithCard(w, session, payment) : payWithCard(w, session, payment);
  if (!result.paid) return sendHtml(ctx, 402, pageWith({ ...form, error: result.message }));
  sendEmpty(ctx, 303, { Location: successUrl(session.successUrl, session.id), "Cache-Control": "no-store" });
}
