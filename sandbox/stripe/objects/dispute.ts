import { shaped } from "../fixtures";
import type { StripeDispute } from "../state";
import type { World } from "../world";

/** Stripe gives the merchant about a week to answer a dispute with evidence. */
const EVIDENCE_DAYS = 7;

export function disputeView(w: World, d: StripeDispute): Record<string, unknown> {
  const brand = w.state.charges.get(d.chargeId)?.card?.brand ?? "visa";
  return shaped(w.templates, "dispute", {
    id: d.id,
    object: "dispute",
    amount: d.amount,
    balance_transactions: [],
    charge: d.chargeId,
    created: d.created,
    currency: d.currency,
    evidence_details: { due_by: d.created + EVIDENCE_DAYS * 86_400, has_evidence: false, past_due: false, submission_count: 0, enhanced_eligibility: {} },
    is_charge_refundable: false,
    livemode: d.livemode,
    metadata: {},
    payment_intent: d.paymentIntentId,
    payment_method_details: { card: { brand, case_type: "chargeback", network_reason_code: "10.4", network: brand }, type: "card" },
    reason: d.reason,
    status: "needs_response",
    enhanced_eligibility_types: [],
  });
}
