// What the hosted Checkout page does when the customer pays: by card (a test card
// decides the outcome) or by bank transfer (the session completes unpaid and is
// settled later, as an async payment method is).
import { stripeId } from "../ids";
import { chargeView } from "../objects/charge";
import { sessionView } from "../objects/checkout-session";
import { paymentIntentView } from "../objects/payment-intent";
import type { CardDecline, StripeCard, StripeSession } from "../state";
import { emit, NO_REQUEST } from "../webhooks/emit";
import type { World } from "../world";
import { createCharge } from "./charge";
import { knownEmail, sessionCustomer } from "./customer";
import { intentFor } from "./intent";

export interface CardPayment {
  card: StripeCard;
  name: string;
  email: string | null;
  decline: CardDecline | null;
}

/** The browser, not an API key, drives these: events carry no request id. */
const cause = NO_REQUEST;

export function payWithCard(w: World, session: StripeSession, payment: CardPayment): { paid: boolean; message: string | null } {
  const pi = intentFor(w, session, cause);
  const email = payment.email ?? knownEmail(w, session);
  const failure = payment.decline ? { type: "card_error" as const, code: payment.decline.code, declineCode: payment.decline.declineCode, message: payment.decline.message, chargeId: null } : null;
  const charge = createCharge(w, pi, { method: "card", paymentMethodId: stripeId("pm"), card: payment.card, name: payment.name, email, failure });
  if (charge.failure) {
    pi.status = "requires_payment_method";
    pi.lastPaymentError = charge.failure;
    emit(w, "charge.failed", chargeView(w, charge), cause);
    emit(w, "payment_intent.payment_failed", paymentIntentView(w, pi), cause);
    return { paid: false, message: charge.failure.message };
  }
  const customer = sessionCustomer(w, session, { email, name: payment.name }, cause);
  pi.customerId = customer?.id ?? null;
  pi.status = "succeeded";
  pi.lastPaymentError = null;
  session.status = "complete";
  session.paymentStatus = "paid";
  session.customerDetails = { email, name: payment.name };
  emit(w, "charge.succeeded", chargeView(w, charge), cause);
  emit(w, "payment_intent.succeeded", paymentIntentView(w, pi), cause);
  emit(w, "checkout.session.completed", sessionView(w, session), cause);
  return { paid: true, message: null };
}

export function payByBankTransfer(w: World, session: StripeSession, email: string | null): void {
  const pi = intentFor(w, session, cause);
  pi.status = "requires_action";
  pi.method = "customer_balance";
  pi.paymentMethodId = stripeId("pm");
  pi.lastPaymentError = null;
  pi.transferReference = `SBX-${pi.id.slice(-8).toUpperCase()}`;
  session.status = "complete";
  session.paymentStatus = "unpaid";
  session.customerDetails = { email: email ?? knownEmail(w, session), name: null };
  pi.customerId = sessionCustomer(w, session, { email: session.customerDetails.email, name: null }, cause)?.id ?? null;
  emit(w, "payment_intent.requires_action", paymentIntentView(w, pi), cause);
  emit(w, "checkout.session.completed", sessionView(w, session), cause);
}
