// A session ends unpaid: at its expires_at, through the API, or (in the sandbox) on
// request. Its PaymentIntent, if a payment was attempted, is canceled with it.
import { paymentIntentView } from "../objects/payment-intent";
import { sessionView } from "../objects/checkout-session";
import type { StripeSession } from "../state";
import { emit, NO_REQUEST, type Cause } from "../webhooks/emit";
import type { World } from "../world";

export function expireSession(w: World, session: StripeSession, cause: Cause): void {
  session.status = "expired";
  const pi = session.paymentIntentId ? w.state.paymentIntents.get(session.paymentIntentId) : undefined;
  if (pi && pi.status !== "succeeded" && pi.status !== "canceled") {
    pi.status = "canceled";
    pi.canceledAt = w.now();
    pi.cancellationReason = "abandoned";
    emit(w, "payment_intent.canceled", paymentIntentView(w, pi), cause);
  }
  emit(w, "checkout.session.expired", sessionView(w, session), cause);
}

/**
 * Stripe expires sessions on its own once expires_at passes. The sandbox does it the
 * next time it is asked anything about Stripe, so moving the sandbox clock is enough.
 */
export function expireDue(w: World): void {
  const now = w.now();
  for (const s of w.state.sessions.values()) if (s.status === "open" && s.expiresAt <= now) expireSession(w, s, NO_REQUEST);
}
