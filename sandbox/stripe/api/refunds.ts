// POST /v1/refunds (by charge or by PaymentIntent, whole or partial), GET /v1/refunds/{refund}
// and GET /v1/refunds (newest first, filtered by charge or PaymentIntent).
import { answerWith, type Operation } from "../call";
import { invalid, refused } from "../errors";
import { checkRefund, refundCharge } from "../flows/refund";
import { visible } from "../lookup";
import { refundView } from "../objects/refund";
import { int, metadata, text } from "../params";
import { isPage, listBody, paginate } from "../list";
import type { StripeCharge } from "../state";

export const createRefund: Operation = (call) => {
  const { w, params, key } = call;
  const chargeId = text(params, "charge");
  const intentId = text(params, "payment_intent");
  if (chargeId === null && intentId === null) return invalid("One of the following params should be provided for this request: payment_intent or charge.", "charge");
  if (chargeId !== null && intentId !== null) return invalid("You cannot specify both `charge` and `payment_intent`; pass one of them.", "payment_intent");
  let charge: StripeCharge | undefined;
  if (chargeId !== null) {
    const missing = visible(w, "ch", chargeId, key.livemode, "charge");
    if (missing) return { ...missing, status: 400 };
    charge = w.state.charges.get(chargeId);
  } else {
    const missing = visible(w, "pi", intentId!, key.livemode, "payment_intent");
    if (missing) return { ...missing, status: 400 };
    const pi = w.state.paymentIntents.get(intentId!)!;
    charge = pi.latestChargeId ? w.state.charges.get(pi.latestChargeId) : undefined;
    if (!charge || charge.status !== "succeeded") {
      return refused(400, { type: "invalid_request_error", code: "charge_not_refundable", message: `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, param: "payment_intent" });
    }
  }
  const amount = int(params, "amount") ?? null;
  const refusal = checkRefund(charge!, amount);
  if (refusal) return refused(400, { type: "invalid_request_error", ...refusal });
  const refund = refundCharge(w, { charge: charge!, amount, reason: text(params, "reason"), metadata: metadata(params.metadata), via: "api" }, call.cause);
  return answerWith(call, refundView(w, refund));
};

export const retrieveRefund: Operation = (call) => {
  const id = call.pathParams.refund!;
  return visible(call.w, "re", id, call.key.livemode, "refund") ?? answerWith(call, refundView(call.w, call.w.state.refunds.get(id)!));
};

export const listRefunds: Operation = (call) => {
  const { w, params } = call;
  const charge = text(params, "charge");
  const intent = text(params, "payment_intent");
  const refunds = [...w.state.refunds.values()]
    .filter((r) => r.livemode === call.key.livemode && (charge === null || r.chargeId === charge) && (intent === null || r.paymentIntentId === intent))
    .reverse();
  const page = paginate(refunds, params, "refund");
  if (!isPage(page)) return page;
  return answerWith(call, listBody("/v1/refunds", page.items.map((r) => refundView(w, r)), page.hasMore));
};
