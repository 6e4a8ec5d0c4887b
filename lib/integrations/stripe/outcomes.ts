// Stripe's payments, failed attempts, refunds and disputes as payment outcomes
// (lib/payments/outcomes), for the payment analytics. Read from the callbacks
// process.ts already handles; the objects' own ids make a replay a no-op.
import type Stripe from "stripe";
import { forgetPaymentOutcome, recordPaymentOutcome, type PaymentOutcome } from "@/lib/payments/outcomes";
import type { StripeContext } from "./manifest";

type Kind = PaymentOutcome["kind"];

function base(ctx: StripeContext, kind: Kind, externalId: string, amountMinor: number, currency: string, created: number) {
  return { orgId: ctx.connection.orgId, connectionId: ctx.connection.id, provider: "stripe", kind, externalId, amountMinor, currency, occurredAt: new Date(created * 1000) };
}

export function recordPayment(ctx: StripeContext, pi: Stripe.PaymentIntent, orderId: string | null) {
  return recordPaymentOutcome(ctx.db, { ...base(ctx, "payment", pi.id, pi.amount_received || pi.amount, pi.currency, pi.created), orderId });
}

/** One row per failed attempt: the attempt's charge when Stripe names it, else the callback itself. */
export function recordFailure(ctx: StripeContext, event: Stripe.Event, pi: Stripe.PaymentIntent, orderId: string | null) {
  const error = pi.last_payment_error;
  const charge = typeof error?.charge === "string" ? error.charge : null;
  return recordPaymentOutcome(ctx.db, {
    ...base(ctx, "failure", charge ?? event.id, pi.amount, pi.currency, event.created),
    reason: error?.decline_code ?? error?.code ?? "unknown",
    orderId,
  });
}

export async function recordRefunds(ctx: StripeContext, refunds: Stripe.Refund[], orderId: string | null) {
  for (const r of refunds) {
    if (r.status === "failed" || r.status === "canceled") await forgetPaymentOutcome(ctx.db, { connectionId: ctx.connection.id, kind: "refund", externalId: r.id });
    else await recordPaymentOutcome(ctx.db, { ...base(ctx, "refund", r.id, r.amount, r.currency, r.created), orderId });
  }
}

export function recordDispute(ctx: StripeContext, dispute: Stripe.Dispute, orderId: string | null) {
  return recordPaymentOutcome(ctx.db, { ...base(ctx, "dispute", dispute.id, dispute.amount, dispute.currency, dispute.created), reason: dispute.reason, orderId });
}
