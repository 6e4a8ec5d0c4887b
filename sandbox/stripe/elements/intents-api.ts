// PaymentIntents made through the API, as an on-page form uses them: created by
// the merchant's server for an amount, confirmed by Stripe.js in the browser (with
// the publishable key and the intent's client secret) or by the server, and
// cancelled. An intent behind a Checkout Session belongs to its session instead.
import { asObject } from "../../validation/deep-object";
import { answerWith, type Operation } from "../call";
import { invalid, refused, type StripeAnswer } from "../errors";
import { base62, stripeId } from "../ids";
import { visible } from "../lookup";
import { paymentIntentView } from "../objects/payment-intent";
import { int, metadata, str, text } from "../params";
import type { StripePaymentIntent } from "../state";
import { emit } from "../webhooks/emit";
import type { World } from "../world";
import { confirmCard, isAnswer } from "./cards";
import { CONFIRMABLE, confirmWithCard } from "./confirm";
import { challengePath } from "./paths";

/** Stripe's smallest charge is about 50 cents in most currencies. */
const MINIMUM_AMOUNT = 50;

const CANCELABLE: ReadonlySet<StripePaymentIntent["status"]> = new Set(["requires_payment_method", "requires_action", "processing"]);

function unexpectedState(w: World, pi: StripePaymentIntent, message: string): StripeAnswer {
  return refused(400, { type: "invalid_request_error", code: "payment_intent_unexpected_state", message, payment_intent: paymentIntentView(w, pi) });
}

export const createPaymentIntent: Operation = (call) => {
  const { w, params } = call;
  const amount = int(params, "amount")!;
  const currency = str(params, "currency")!.toLowerCase();
  if (amount < MINIMUM_AMOUNT) return invalid(`Amount must be at least ${MINIMUM_AMOUNT} ${currency} cents`, "amount", "amount_too_small");
  const id = stripeId("pi");
  const pi: StripePaymentIntent = {
    id,
    livemode: call.key.livemode,
    created: w.now(),
    amount,
    currency,
    status: "requires_payment_method",
    sessionId: null,
    invoiceId: null,
    customerId: text(params, "customer"),
    clientSecret: `${id}_secret_${base62(25)}`,
    metadata: metadata(params.metadata),
    description: text(params, "description"),
    receiptEmail: text(params, "receipt_email"),
    paymentMethodId: null,
    method: null,
    latestChargeId: null,
    lastPaymentError: null,
    canceledAt: null,
    cancellationReason: null,
    transferReference: null,
    automaticPaymentMethods: asObject(params.automatic_payment_methods)?.enabled === "true",
    authentication: null,
  };
  w.state.paymentIntents.set(id, pi);
  emit(w, "payment_intent.created", paymentIntentView(w, pi), call.cause);
  return answerWith(call, paymentIntentView(w, pi));
};

export const confirmPaymentIntent: Operation = (call) => {
  const { w } = call;
  const id = call.pathParams.intent!;
  const hidden = visible(w, "pi", id, call.key.livemode, "intent");
  if (hidden) return hidden;
  const pi = w.state.paymentIntents.get(id)!;
  // The browser proves it was handed this intent by its client secret; a secret key needs none.
  if (call.key.publishable && str(call.params, "client_secret") !== pi.clientSecret) {
    return invalid("The client_secret provided does not match the client_secret associated with the PaymentIntent.", "client_secret");
  }
  if (pi.sessionId) return unexpectedState(w, pi, "This PaymentIntent was created by a Checkout Session; it is confirmed on the session's page, not through the API.");
  if (!CONFIRMABLE.has(pi.status)) {
    return unexpectedState(w, pi, `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`);
  }
  const card = confirmCard(call.params, w.rt.clock.now(), pi.livemode);
  if (isAnswer(card)) return card;
  const challengeUrl = `${w.rt.url}${challengePath(pi.id)}?client_secret=${encodeURIComponent(pi.clientSecret)}`;
  const outcome = confirmWithCard(w, pi, card, text(call.params, "return_url"), challengeUrl, call.cause);
  if (outcome === "declined") {
    const e = pi.lastPaymentError!;
    return refused(402, { type: "card_error", code: e.code, ...(e.declineCode ? { decline_code: e.declineCode } : {}), message: e.message, charge: e.chargeId, payment_intent: paymentIntentView(w, pi) });
  }
  return answerWith(call, paymentIntentView(w, pi));
};

export const cancelPaymentIntent: Operation = (call) => {
  const { w } = call;
  const id = call.pathParams.intent!;
  const hidden = visible(w, "pi", id, call.key.livemode, "intent");
  if (hidden) return hidden;
  const pi = w.state.paymentIntents.get(id)!;
  if (pi.sessionId) return unexpectedState(w, pi, "You cannot cancel this PaymentIntent because it was created by Checkout. Expire the Checkout Session instead.");
  if (!CANCELABLE.has(pi.status)) {
    return unexpectedState(w, pi, `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`);
  }
  pi.status = "canceled";
  pi.canceledAt = w.now();
  pi.cancellationReason = text(call.params, "cancellation_reason");
  pi.authentication = null;
  emit(w, "payment_intent.canceled", paymentIntentView(w, pi), call.cause);
  return answerWith(call, paymentIntentView(w, pi));
};
