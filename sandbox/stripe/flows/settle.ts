// The end of an async payment: the bank transfer arrives (or never does), and the
// session that completed unpaid hears about it.
import { chargeView } from "../objects/charge";
import { sessionView } from "../objects/checkout-session";
import { paymentIntentView } from "../objects/payment-intent";
import type { StripeSession } from "../state";
import { emit, NO_REQUEST } from "../webhooks/emit";
import type { World } from "../world";
import { createCharge } from "./charge";

export type SettleResult = { ok: true } | { ok: false; reason: string };

export function settleTransfer(w: World, session: StripeSession, outcome: "succeeded" | "failed"): SettleResult {
  const pi = session.paymentIntentId ? w.state.paymentIntents.get(session.paymentIntentId) : undefined;
  if (session.status !== "complete" || session.paymentStatus !== "unpaid" || !pi || pi.status !== "requires_action") {
    return { ok: false, reason: `session ${session.id} has no async payment waiting (status ${session.status}, payment_status ${session.paymentStatus})` };
  }
  if (outcome === "succeeded") {
    const charge = createCharge(w, pi, { method: "customer_balance", paymentMethodId: pi.paymentMethodId ?? "", card: null, name: session.customerDetails?.name ?? null, email: session.customerDetails?.email ?? null, failure: null });
    pi.status = "succeeded";
    session.paymentStatus = "paid";
    emit(w, "charge.succeeded", chargeView(w, charge), NO_REQUEST);
    emit(w, "payment_intent.succeeded", paymentIntentView(w, pi), NO_REQUEST);
    emit(w, "checkout.session.async_payment_succeeded", sessionView(w, session), NO_REQUEST);
    return { ok: true };
  }
  pi.status = "requires_payment_method";
  pi.lastPaymentError = { type: "invalid_request_error", code: "payment_intent_payment_attempt_failed", declineCode: null, message: "The bank transfer was not received in time.", chargeId: null };
  emit(w, "payment_intent.payment_failed", paymentIntentView(w, pi), NO_REQUEST);
  emit(w, "checkout.session.async_payment_failed", sessionView(w, session), NO_REQUEST);
  return { ok: true };
}
