// GET and POST /payrexx/pay/{hash}: the page, and what its buttons do. Paying or
// being declined or cancelling ends the gateway; the buyer is sent on to the
// gateway's success, failed or cancel URL (or a result page when there is none).
import { first, type Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendEmpty, sendHtml } from "../../core/respond";
import { recordAttempt, type AttemptOutcome } from "../flows/attempt";
import type { PayrexxGateway } from "../state";
import type { PayrexxWorld } from "../world";
import { checkCard } from "./cards";
import { EMPTY_PAGE_FORM, endedPage, missingPage, paymentPage, resultPage } from "./page";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function expired(w: PayrexxWorld, g: PayrexxGateway): boolean {
  return g.validity !== null && w.now() > g.createdAt + g.validity * 60_000;
}

function leave(ctx: Ctx, g: PayrexxGateway, outcome: AttemptOutcome): void {
  const to = outcome === "confirmed" ? g.successRedirectUrl : outcome === "declined" ? g.failedRedirectUrl : g.cancelRedirectUrl;
  if (!to) return sendHtml(ctx, 200, resultPage(g));
  sendEmpty(ctx, 303, { Location: to, "Cache-Control": "no-store" });
}

export function handlePaymentPage(ctx: Ctx, w: PayrexxWorld, hash: string): void {
  record(ctx, ctx.method === "GET" ? "payrexx payment page" : "payrexx payment page submit");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, missingPage());
  const g = [...w.state.gateways.values()].find((x) => x.hash === hash);
  if (!g) return sendHtml(ctx, 404, missingPage());
  if (g.status !== "waiting") return sendHtml(ctx, ctx.method === "GET" ? 200 : 409, endedPage(g, "closed"));
  if (expired(w, g)) return sendHtml(ctx, 410, endedPage(g, "expired"));
  if (ctx.method === "GET") return sendHtml(ctx, 200, paymentPage(g));

  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const field = (name: string) => first(fields[name])?.trim() ?? "";
  const form = { ...EMPTY_PAGE_FORM, email: field("email"), name: field("name"), number: field("card_number"), expiry: field("expiry") };
  const action = field("action");
  const email = g.fields.email ?? (form.email || null);
  if (action === "cancel") {
    recordAttempt(w, g, { outcome: "cancelled", payment: { brand: "", cardNumber: null, expiry: null }, email, name: form.name || null });
    return leave(ctx, g, "cancelled");
  }
  if (!email || !EMAIL.test(email)) return sendHtml(ctx, 400, paymentPage(g, { ...form, error: "Please enter a valid e-mail address." }));
  if (action === "twint") {
    recordAttempt(w, g, { outcome: "confirmed", payment: { brand: "twint", cardNumber: null, expiry: null }, email, name: form.name || null });
    return leave(ctx, g, "confirmed");
  }
  const card = checkCard({ number: form.number, expiry: form.expiry, cvc: field("cvc") }, w.now());
  if (!card.ok) return sendHtml(ctx, 400, paymentPage(g, { ...form, error: card.message }));
  recordAttempt(w, g, { outcome: card.outcome, payment: { brand: card.brand, cardNumber: card.cardNumber, expiry: card.expiry }, email, name: form.name || null });
  leave(ctx, g, card.outcome);
}
