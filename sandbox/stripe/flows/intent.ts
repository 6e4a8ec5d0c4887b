// The PaymentIntent behind a session: made at the first payment attempt and reused
// by the next ones, as Checkout keeps one PaymentIntent per session.
import { base62, stripeId } from "../ids";
import { paymentIntentView } from "../objects/payment-intent";
import type { StripePaymentIntent, StripeSession } from "../state";
import { emit, type Cause } from "../webhooks/emit";
import type { World } from "../world";

export function intentFor(w: World, session: StripeSession, cause: Cause): StripePaymentIntent {
  const existing = session.paymentIntentId ? w.state.paymentIntents.get(session.paymentIntentId) : undefined;
  if (existing) return existing;
  const id = stripeId("pi");
  const pi: StripePaymentIntent = {
    id,
    livemode: session.livemode,
    created: w.now(),
    amount: session.amountTotal,
    currency: session.currency,
    status: "requires_payment_method",
    sessionId: session.id,
    invoiceId: null,
    customerId: session.customerId,
    clientSecret: `${id}_secret_${base62(25)}`,
    metadata: { ...session.paymentIntentData.metadata },
    description: session.paymentIntentData.description,
    receiptEmail: session.paymentIntentData.receiptEmail,
    paymentMethodId: null,
    method: null,
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
    cancellationReason: null,
    transferReference: null,
  };
  w.state.paymentIntents.set(id, pi);
  session.paymentIntentId = id;
  emit(w, "payment_intent.created", paymentIntentView(w, pi), cause);
  return pi;
}
