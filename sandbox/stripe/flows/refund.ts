// Refunding a charge, wholly or in part, through the API or from the dashboard: the
// same checks Stripe makes, and the same events either way.
import { formatAmount } from "../money";
import { stripeId } from "../ids";
import { chargeView } from "../objects/charge";
import { refundView } from "../objects/refund";
import type { StripeCharge, StripeRefund } from "../state";
import { emit, type Cause } from "../webhooks/emit";
import type { World } from "../world";

export interface RefundRequest {
  charge: StripeCharge;
  amount: number | null;
  reason: string | null;
  metadata: Record<string, string>;
  via: StripeRefund["via"];
}

export type RefundRefusal = { code: string; message: string; param?: string };

export function checkRefund(charge: StripeCharge, amount: number | null): RefundRefusal | null {
  if (charge.status !== "succeeded") return { code: "charge_not_refundable", message: `Charge ${charge.id} has not succeeded and cannot be refunded.` };
  if (charge.disputed) return { code: "charge_disputed", message: `Charge ${charge.id} has been charged back; cannot issue a refund.` };
  const remaining = charge.amount - charge.amountRefunded;
  if (remaining <= 0) return { code: "charge_already_refunded", message: `Charge ${charge.id} has already been refunded.` };
  if (amount !== null && amount < 1) return { code: "parameter_invalid_integer", message: "This value must be greater than or equal to 1.", param: "amount" };
  if (amount !== null && amount > remaining) {
    return {
      code: "amount_too_large",
      message: `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      param: "amount",
    };
  }
  return null;
}

/** Call checkRefund first: this one only records what has been allowed. */
export function refundCharge(w: World, req: RefundRequest, cause: Cause): StripeRefund {
  const { charge } = req;
  const amount = req.amount ?? charge.amount - charge.amountRefunded;
  const refund: StripeRefund = {
    id: stripeId("re"),
    livemode: charge.livemode,
    created: w.now(),
    amount,
    currency: charge.currency,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
    reason: req.reason,
    metadata: req.metadata,
    via: req.via,
  };
  w.state.refunds.set(refund.id, refund);
  const before = charge.amountRefunded;
  charge.amountRefunded += amount;
  const previous = { amount_refunded: before, ...(charge.amountRefunded >= charge.amount ? { refunded: false } : {}) };
  charge.refundIds.push(refund.id);
  emit(w, "refund.created", refundView(w, refund), cause);
  emit(w, "charge.refunded", chargeView(w, charge), cause, previous);
  return refund;
}
