// What confirming a PaymentIntent with a card does: charge it, decline it, or
// wait for the card holder's 3-D Secure answer on the sandbox's challenge page.
import { stripeId } from "../ids";
import { chargeView } from "../objects/charge";
import { paymentIntentView } from "../objects/payment-intent";
import { createCharge } from "../flows/charge";
import type { StripePaymentIntent } from "../state";
import { emit, type Cause } from "../webhooks/emit";
import type { World } from "../world";
import type { ConfirmCard } from "./cards";

export type ConfirmOutcome = "succeeded" | "declined" | "requires_action";

/** Statuses Stripe lets a confirm start from. */
export const CONFIRMABLE: ReadonlySet<StripePaymentIntent["status"]> = new Set(["requires_payment_method", "requires_action"]);

function charge(w: World, pi: StripePaymentIntent, input: Omit<ConfirmCard, "needsAuthentication"> & { paymentMethodId: string }, cause: Cause): "succeeded" | "declined" {
  const failure = input.decline ? { type: "card_error" as const, code: input.decline.code, declineCode: input.decline.declineCode, message: input.decline.message, chargeId: null } : null;
  const made = createCharge(w, pi, { method: "card", paymentMethodId: input.paymentMethodId, card: input.card, name: input.name, email: pi.receiptEmail, failure });
  pi.authentication = null;
  if (made.failure) {
    pi.status = "requires_payment_method";
    pi.lastPaymentError = made.failure;
    emit(w, "charge.failed", chargeView(w, made), cause);
    emit(w, "payment_intent.payment_failed", paymentIntentView(w, pi), cause);
    return "declined";
  }
  pi.status = "succeeded";
  pi.lastPaymentError = null;
  emit(w, "charge.succeeded", chargeView(w, made), cause);
  emit(w, "payment_intent.succeeded", paymentIntentView(w, pi), cause);
  return "succeeded";
}

/** `challengeUrl`: where the payer answers 3-D Secure, should the card ask for it. */
export function confirmWithCard(w: World, pi: StripePaymentIntent, input: ConfirmCard, returnUrl: string | null, challengeUrl: string, cause: Cause): ConfirmOutcome {
  const paymentMethodId = stripeId("pm");
  if (input.needsAuthentication) {
    pi.status = "requires_action";
    pi.method = "card";
    pi.paymentMethodId = paymentMethodId;
    pi.lastPaymentError = null;
    pi.authentication = { url: challengeUrl, returnUrl, card: input.card, paymentMethodId };
    emit(w, "payment_intent.requires_action", paymentIntentView(w, pi), cause);
    return "requires_action";
  }
  return charge(w, pi, { ...input, paymentMethodId }, cause);
}

/** The card holder answered the challenge: the charge goes through, or the intent wants another payment method. */
export function finishAuthentication(w: World, pi: StripePaymentIntent, passed: boolean, cause: Cause): "succeeded" | "declined" | "failed" {
  const auth = pi.authentication;
  if (!auth || pi.status !== "requires_action") return "failed";
  if (passed) return charge(w, pi, { card: auth.card, decline: null, name: null, paymentMethodId: auth.paymentMethodId }, cause);
  pi.status = "requires_payment_method";
  pi.authentication = null;
  pi.lastPaymentError = {
    type: "invalid_request_error",
    code: "payment_intent_authentication_failure",
    declineCode: null,
    message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
    chargeId: null,
  };
  emit(w, "payment_intent.payment_failed", paymentIntentView(w, pi), cause);
  return "failed";
}
