// GET and POST /billing/p/session/{secret}: the customer portal and what a member
// does there. Each change sends the events Stripe's portal causes.
import { first, type Ctx } from "../../core/context";
import { record } from "../../core/record";
import { sendEmpty, sendHtml } from "../../core/respond";
import type { SavedCard, StripePortalSession } from "../billing-state";
import { checkCard } from "../checkout/cards";
import { notFoundPage } from "../checkout/page";
import { endSubscription, retryOutstanding, setCancelAtPeriodEnd, updateSubscription } from "../flows/subscription";
import { stripeId } from "../ids";
import { customerView } from "../objects/customer";
import { paymentMethodView } from "../objects/payment-method";
import { emit, NO_REQUEST } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";
import type { World } from "../world";
import { portalPage, type PortalView } from "./portal-page";

/** The member, not an API key, makes these changes: events carry no request id. */
const cause = NO_REQUEST;

const NOTICES: Record<string, string> = {
  cancel_at_period_end: "Your subscription will end at the end of the period.",
  resume: "Your subscription will renew.",
  cancel_now: "Your subscription has been canceled.",
  update_card: "Your card has been updated.",
};

function view(w: World, session: StripePortalSession, path: string, extra: Pick<PortalView, "notice" | "error">): PortalView {
  const customer = w.state.billing.customers.get(session.customerId)!;
  const subscriptions = [...w.state.billing.subscriptions.values()].filter((s) => s.customerId === customer.id);
  const openInvoices = [...w.state.billing.invoices.values()].filter((i) => i.customerId === customer.id && i.status === "open");
  return { session, customer, subscriptions, openInvoices, path, ...extra };
}

/** A new card for renewals: saved on the customer and its subscriptions, then past-due invoices are tried on it. */
function replaceCard(w: World, session: StripePortalSession, card: SavedCard): void {
  const customer = w.state.billing.customers.get(session.customerId)!;
  const before = customerView(w, customer);
  customer.defaultCard = card;
  const method = paymentMethodView({ id: card.paymentMethodId, created: w.now(), livemode: customer.livemode, method: "card", card: card.card, name: card.name, email: customer.email });
  emit(w, "payment_method.attached", { ...method, customer: customer.id }, cause);
  const after = customerView(w, customer);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "customer.updated", after, cause, previous);
  for (const sub of w.state.billing.subscriptions.values()) {
    if (sub.customerId !== customer.id || sub.status === "canceled") continue;
    updateSubscription(w, sub, () => (sub.defaultPaymentMethodId = card.paymentMethodId), cause);
    if (sub.status === "past_due") retryOutstanding(w, sub, cause);
  }
}

export function handlePortal(ctx: Ctx, w: World, secret: string): void {
  record(ctx, ctx.method === "GET" ? "stripe customer portal" : "stripe customer portal submit");
  if (ctx.method !== "GET" && ctx.method !== "POST") return sendHtml(ctx, 405, notFoundPage());
  const session = [...w.state.billing.portalSessions.values()].find((s) => s.secret === secret);
  const customer = session ? w.state.billing.customers.get(session.customerId) : undefined;
  if (!session || !customer || customer.deleted) return sendHtml(ctx, 404, notFoundPage());
  const path = ctx.subpath;
  if (ctx.method === "GET") {
    const done = first(ctx.query.done);
    return sendHtml(ctx, 200, portalPage(w, view(w, session, path, { notice: done ? (NOTICES[done] ?? null) : null, error: null })));
  }
  const fields = ctx.body.kind === "form" ? ctx.body.value : {};
  const field = (name: string) => first(fields[name])?.trim() ?? "";
  const action = field("action");
  const refuse = (status: number, error: string) => sendHtml(ctx, status, portalPage(w, view(w, session, path, { notice: null, error })));
  if (action === "update_card") {
    const check = checkCard({ number: field("card_number"), expiry: field("expiry"), cvc: field("cvc"), name: field("name") }, w.rt.clock.now(), session.livemode);
    if (!check.ok) return refuse(400, check.message);
    // Stripe checks a card as it saves it: one that declines is not saved.
    if (check.decline) return refuse(402, check.decline.message);
    replaceCard(w, session, { paymentMethodId: stripeId("pm"), card: check.card, name: check.name, decline: null });
  } else {
    const sub = w.state.billing.subscriptions.get(field("subscription"));
    if (!sub || sub.customerId !== customer.id) return refuse(404, "This subscription could not be found.");
    if (sub.status === "canceled") return refuse(409, "This subscription has already been canceled.");
    if (action === "cancel_at_period_end") setCancelAtPeriodEnd(w, sub, true, cause);
    else if (action === "resume") setCancelAtPeriodEnd(w, sub, false, cause);
    else if (action === "cancel_now") endSubscription(w, sub, "cancellation_requested", cause);
    else return refuse(400, "Choose what to change.");
  }
  sendEmpty(ctx, 303, { Location: `${path}?done=${action}`, "Cache-Control": "no-store" });
}
