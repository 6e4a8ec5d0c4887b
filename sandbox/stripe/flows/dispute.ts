// A cardholder disputes a charge with their bank; Stripe tells the merchant.
import { stripeId } from "../ids";
import { disputeView } from "../objects/dispute";
import type { StripeCharge, StripeDispute } from "../state";
import { emit, NO_REQUEST } from "../webhooks/emit";
import type { World } from "../world";

export const DISPUTE_REASONS = ["fraudulent", "duplicate", "product_not_received", "product_unacceptable", "subscription_canceled", "unrecognized", "credit_not_processed", "general"];

export function openDispute(w: World, charge: StripeCharge, reason: string): StripeDispute | string {
  if (charge.status !== "succeeded") return `charge ${charge.id} did not succeed; only a paid charge can be disputed`;
  if (charge.method !== "card") return `charge ${charge.id} was a bank transfer; only card payments are disputed`;
  if (charge.disputed) return `charge ${charge.id} is already disputed`;
  const dispute: StripeDispute = {
    id: stripeId("dp"),
    livemode: charge.livemode,
    created: w.now(),
    amount: charge.amount - charge.amountRefunded,
    currency: charge.currency,
    chargeId: charge.id,
    paymentIntentId: charge.paymentIntentId,
    reason,
  };
  w.state.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  emit(w, "charge.dispute.created", disputeView(w, dispute), NO_REQUEST);
  return dispute;
}
