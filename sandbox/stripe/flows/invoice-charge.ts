// Charging an open invoice to a saved card: a PaymentIntent and a charge, as for
// Checkout, then invoice.paid or invoice.payment_failed. A failed charge leaves the
// invoice open, with the next attempt Stripe's retry schedule would make.
import type { SavedCard, StripeInvoice } from "../billing-state";
import { base62, stripeId } from "../ids";
import { chargeView } from "../objects/charge";
import { invoiceTotal, invoiceView } from "../objects/invoice";
import { paymentIntentView } from "../objects/payment-intent";
import type { CardDecline, StripePaymentIntent } from "../state";
import { emit, type Cause } from "../webhooks/emit";
import type { World } from "../world";
import { createCharge } from "./charge";
import { markPaid } from "./invoice";

/** Smart Retries' first retry comes about three days later. */
const RETRY_AFTER_SECONDS = 3 * 86400;

export const NO_PAYMENT_METHOD: CardDecline = {
  code: "invoice_no_customer_payment_method",
  declineCode: null,
  message: "The customer has no attached payment source or default payment method.",
};

function intentFor(w: World, inv: StripeInvoice): StripePaymentIntent {
  const id = stripeId("pi");
  const pi: StripePaymentIntent = {
    id,
    livemode: inv.livemode,
    created: w.now(),
    amount: invoiceTotal(inv) - inv.amountPaid,
    currency: inv.currency,
    status: "requires_payment_method",
    sessionId: null,
    invoiceId: inv.id,
    customerId: inv.customerId,
    clientSecret: `${id}_secret_${base62(25)}`,
    metadata: {},
    description: inv.billingReason === "subscription_create" ? "Subscription creation" : inv.billingReason === "subscription_cycle" ? "Subscription update" : null,
    receiptEmail: null,
    paymentMethodId: null,
    method: null,
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
    cancellationReason: null,
    transferReference: null,
  };
  w.state.paymentIntents.set(id, pi);
  inv.paymentIntentIds.push(id);
  return pi;
}

/**
 * One payment attempt. `decline` overrides the card's own outcome (the sandbox's
 * control makes a renewal fail that way); the saved card is null when there is none.
 */
export function chargeInvoice(w: World, inv: StripeInvoice, saved: SavedCard | null, cause: Cause, decline: CardDecline | null = null): { paid: boolean; failure: CardDecline | null } {
  const outcome = saved === null ? NO_PAYMENT_METHOD : (decline ?? saved.decline);
  inv.attemptCount += 1;
  if (saved === null) {
    inv.nextPaymentAttempt = inv.collectionMethod === "charge_automatically" ? w.now() + RETRY_AFTER_SECONDS : null;
    emit(w, "invoice.payment_failed", invoiceView(w, inv), cause);
    return { paid: false, failure: outcome };
  }
  const pi = intentFor(w, inv);
  emit(w, "payment_intent.created", paymentIntentView(w, pi), cause);
  const customer = w.state.billing.customers.get(inv.customerId);
  const failure = outcome ? { type: "card_error" as const, code: outcome.code, declineCode: outcome.declineCode, message: outcome.message, chargeId: null } : null;
  const charge = createCharge(w, pi, { method: "card", paymentMethodId: saved.paymentMethodId, card: saved.card, name: saved.name, email: customer?.email ?? null, failure });
  if (charge.failure) {
    pi.lastPaymentError = charge.failure;
    inv.nextPaymentAttempt = inv.collectionMethod === "charge_automatically" ? w.now() + RETRY_AFTER_SECONDS : null;
    emit(w, "charge.failed", chargeView(w, charge), cause);
    emit(w, "payment_intent.payment_failed", paymentIntentView(w, pi), cause);
    emit(w, "invoice.payment_failed", invoiceView(w, inv), cause);
    return { paid: false, failure: outcome };
  }
  pi.status = "succeeded";
  emit(w, "charge.succeeded", chargeView(w, charge), cause);
  emit(w, "payment_intent.succeeded", paymentIntentView(w, pi), cause);
  markPaid(w, inv, cause);
  return { paid: true, failure: null };
}
