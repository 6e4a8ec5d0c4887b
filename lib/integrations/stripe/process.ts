// What Stripe's callbacks mean for orders. Each handler asks Stripe for the
// object's current state where order matters, so an old or repeated event can
// never roll an order back.
import type Stripe from "stripe";
import type { PaymentSeen } from "@/lib/domain/orders/payment-match";
import { applyRefunds, cancelPendingOrder, checkPayment, markDisputed } from "@/lib/domain/orders/settle";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { isMismatch, paidOutcomeText, settlePaid } from "@/lib/payments/settle-paid";
import { ignored, processed, type Processed } from "../contract/inbound";
import { stripe } from "./client";
import type { StripeContext } from "./manifest";
import { stripeRefunds } from "./refund";
import { onInvoiceOrderEvent } from "./invoice-order-events";
import { onMembershipEvent } from "./membership-events";
import { recordDispute, recordFailure, recordPayment, recordRefunds } from "./outcomes";

/** The order a Stripe object points at, if it belongs to this connection's organization. */
async function orderFor(ctx: StripeContext, ref: { orderId?: string | null; paymentIntentId?: string | null; chargeId?: string | null }) {
  let q = ctx.db.selectFrom("orders").selectAll().where("org_id", "=", ctx.connection.orgId);
  if (ref.orderId && /^[0-9a-f-]{36}$/i.test(ref.orderId)) q = q.where("id", "=", ref.orderId);
  else if (ref.chargeId || ref.paymentIntentId) {
    q = q.where((eb) => eb.or([eb("charge_id", "=", ref.chargeId ?? "-"), eb("payment_intent_id", "=", ref.paymentIntentId ?? "-")]));
  } else return undefined;
  return q.executeTakeFirst();
}

/** What a Stripe object says was paid, for checking it is the order's own payment. */
function seen(ctx: StripeContext, amountMinor: number | null | undefined, currency: string | null | undefined, checkoutId?: string): PaymentSeen {
  return { provider: "stripe", connectionId: ctx.connection.id, amountMinor, currency, checkoutId };
}

/** Paid, or refunded in full at once when the places went to someone else meanwhile. */
function paid(ctx: StripeContext, orderId: string, refs: { paymentIntentId: string | null; chargeId: string | null }, payment: PaymentSeen) {
  return settlePaid(ctx.db, orderId, refs, (late) => refundLatePayment(ctx.db, stripeRefunds, ctx, late), payment);
}

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

async function onCheckoutSession(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const id = (event.data.object as Stripe.Checkout.Session).id;
  const session = await ctx.call("checkout.sessions.retrieve", () => stripe(ctx).checkout.sessions.retrieve(id, { expand: ["payment_intent"] }));
  const order = await orderFor(ctx, { orderId: session.metadata?.order_id });
  if (!order) return ignored(`no order of this organization for session ${id}`);
  if (session.payment_status === "paid" || session.payment_status === "no_payment_required") {
    const pi = session.payment_intent as Stripe.PaymentIntent | string | null;
    const result = await paid(ctx, order.id, {
      paymentIntentId: idOf(pi),
      chargeId: typeof pi === "object" && pi ? idOf(pi.latest_charge as string | { id: string } | null) : null,
    }, seen(ctx, session.amount_total, session.currency, session.id));
    return processed(paidOutcomeText(result));
  }
  // Only the order's own checkout ending releases its places.
  if (order.checkout_id && order.checkout_id !== session.id) return ignored(`session ${id} is not the checkout of order ${order.id}; nothing to release`);
  if (session.status === "expired" || event.type === "checkout.session.async_payment_failed") {
    const result = await cancelPendingOrder(ctx.db, order.id);
    return processed(result === "changed" ? "payment did not complete; held places released" : `order is ${order.status}; nothing to release`);
  }
  return processed("checkout completed; waiting for the asynchronous payment");
}

async function onPaymentIntentSucceeded(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const pi = event.data.object as Stripe.PaymentIntent;
  const order = await orderFor(ctx, { orderId: pi.metadata?.order_id, paymentIntentId: pi.id });
  // Every payment on the account counts in the analytics, an order's or not (an invoice's, a membership's).
  await recordPayment(ctx, pi, order?.id ?? null);
  if (!order) return ignored(`no order of this organization for ${pi.id}`);
  // Paid on the on-page form, the intent is the order's checkout: only that one settles it.
  const checkoutId = order.checkout_form === "on_page" ? pi.id : undefined;
  const result = await paid(ctx, order.id, { paymentIntentId: pi.id, chargeId: idOf(pi.latest_charge as string | { id: string } | null) }, seen(ctx, pi.amount_received || pi.amount, pi.currency, checkoutId));
  return processed(paidOutcomeText(result));
}

/** The on-page form's intent was cancelled (its hold ran out, or in Stripe's dashboard): its places go back on sale. */
async function onPaymentIntentCanceled(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const id = (event.data.object as Stripe.PaymentIntent).id;
  const pi = await ctx.call("paymentIntents.retrieve", () => stripe(ctx).paymentIntents.retrieve(id));
  const order = await orderFor(ctx, { orderId: pi.metadata?.order_id });
  if (!order) return ignored(`no order of this organization for ${id}`);
  // A hosted checkout's own intent ends with its session, whose callback speaks for the order.
  if (order.checkout_id !== pi.id) return ignored(`${id} is not the payment form of order ${order.id}; nothing to release`);
  if (pi.status !== "canceled") return ignored(`${id} is ${pi.status} now; nothing to release`);
  const result = await cancelPendingOrder(ctx.db, order.id);
  return processed(result === "changed" ? "payment form closed; held places released" : `order is ${order.status}; nothing to release`);
}

async function onChargeRefunded(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const chargeId = (event.data.object as Stripe.Charge).id;
  // The charge as it is now, and every refund on it, whatever order the callbacks came in.
  const charge = await ctx.call("charges.retrieve", () => stripe(ctx).charges.retrieve(chargeId, { expand: ["payment_intent"] }));
  const refunds = await ctx.call("refunds.list", () => stripe(ctx).refunds.list({ charge: chargeId, limit: 100 }));
  const pi = charge.payment_intent as Stripe.PaymentIntent | string | null;
  // Before the payment's own callback, the order knows neither charge nor intent: the intent's metadata names it.
  const order = await orderFor(ctx, {
    orderId: charge.metadata?.order_id ?? (typeof pi === "object" ? pi?.metadata?.order_id : null),
    chargeId,
    paymentIntentId: idOf(pi),
  });
  await recordRefunds(ctx, refunds.data, order?.id ?? null);
  if (!order) return ignored(`no order of this organization for charge ${chargeId}`);
  // The refund's callback can be processed before the payment's: the charge itself proves the payment, so settle it first.
  const payment = seen(ctx, charge.amount, charge.currency);
  if (order.status === "pending" && charge.paid) {
    const result = await paid(ctx, order.id, { paymentIntentId: idOf(pi), chargeId: charge.id }, payment);
    if (isMismatch(result)) return processed(paidOutcomeText(result));
  } else {
    // Refunds of a payment that is not the order's own say nothing about the order's tickets.
    const mismatch = await checkPayment(ctx.db, order.id, payment);
    if (mismatch) return processed(`${mismatch} Its refunds were not applied.`);
  }
  const attendeeIds = refunds.data
    .filter((r) => r.status !== "failed" && r.status !== "canceled")
    .flatMap((r) => (r.metadata?.attendee_ids ?? "").split(",").filter(Boolean));
  const result = await applyRefunds(ctx.db, order.id, { refundedMinor: charge.amount_refunded, attendeeIds });
  return processed(result === "changed" ? `refund applied (${charge.amount_refunded} refunded in total)` : "refund already applied");
}

async function onDispute(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const dispute = event.data.object as Stripe.Dispute;
  const chargeId = idOf(dispute.charge as string | { id: string });
  const order = await orderFor(ctx, { chargeId, paymentIntentId: idOf(dispute.payment_intent as string | { id: string } | null) });
  await recordDispute(ctx, dispute, order?.id ?? null);
  if (!order) return ignored(`no order of this organization for disputed charge ${chargeId}`);
  await markDisputed(ctx.db, order.id);
  return processed("order marked as disputed");
}

async function onPaymentFailed(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const pi = event.data.object as Stripe.PaymentIntent;
  const order = await orderFor(ctx, { orderId: pi.metadata?.order_id, paymentIntentId: pi.id });
  await recordFailure(ctx, event, pi, order?.id ?? null);
  return processed("a payment attempt failed; the checkout stays open for another try");
}

export async function processStripeEvent(payload: unknown, ctx: StripeContext): Promise<Processed> {
  const event = payload as Stripe.Event;
  // A subscription's checkout is about a membership, not an order.
  if (event.type === "checkout.session.expired" && (event.data.object as Stripe.Checkout.Session).mode === "subscription") return onMembershipEvent(event, ctx);
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      return onCheckoutSession(event, ctx);
    case "payment_intent.succeeded":
      return onPaymentIntentSucceeded(event, ctx);
    case "payment_intent.payment_failed":
      return onPaymentFailed(event, ctx);
    case "payment_intent.canceled":
      return onPaymentIntentCanceled(event, ctx);
    case "charge.refunded":
      return onChargeRefunded(event, ctx);
    case "charge.dispute.created":
      return onDispute(event, ctx);
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return onMembershipEvent(event, ctx);
    case "invoice.paid":
    case "invoice.payment_failed":
    case "invoice.voided":
    case "invoice.overdue":
    case "invoice.marked_uncollectible":
      // A subscription's invoices are about a membership; the others were issued for an order.
      return (event.data.object as Stripe.Invoice).parent?.type === "subscription_details" ? onMembershipEvent(event, ctx) : onInvoiceOrderEvent(event, ctx);
    default:
      return ignored(`${event.type} is not used by Switchboard`);
  }
}
