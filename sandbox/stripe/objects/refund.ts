import { shaped } from "../fixtures";
import type { StripeRefund } from "../state";
import type { World } from "../world";

export function refundView(w: World, r: StripeRefund): Record<string, unknown> {
  const charge = w.state.charges.get(r.chargeId);
  const card = charge?.method === "card";
  return shaped(w.templates, "refund", {
    id: r.id,
    object: "refund",
    amount: r.amount,
    balance_transaction: `txn_${r.id.slice(3)}`,
    charge: r.chargeId,
    created: r.created,
    currency: r.currency,
    destination_details: card
      ? { card: { reference: null, reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" }
      : { customer_cash_balance: {}, type: "customer_cash_balance" },
    metadata: { ...r.metadata },
    payment_intent: r.paymentIntentId,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
    customer: null,
    customer_account: null,
    payment_method: charge?.paymentMethodId ?? null,
  });
}
