// The buyer opens a case with PayPal about a payment; PayPal tells the merchant.
import { MERCHANT } from "../account";
import { disputeId } from "../ids";
import { moneyView } from "../money";
import type { PayPalCapture, PayPalDispute } from "../state";
import { emit } from "../webhooks/emit";
import { isoTime, type World } from "../world";

export const DISPUTE_REASONS = ["MERCHANDISE_OR_SERVICE_NOT_RECEIVED", "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED", "UNAUTHORISED", "CREDIT_NOT_PROCESSED", "DUPLICATE_TRANSACTION", "INCORRECT_AMOUNT", "CANCELED_RECURRING_BILLING", "OTHER"];

function disputeView(w: World, d: PayPalDispute, c: PayPalCapture): Record<string, unknown> {
  return {
    dispute_id: d.id,
    create_time: isoTime(d.created),
    update_time: isoTime(d.created),
    disputed_transactions: [
      {
        seller_transaction_id: c.id,
        seller: { merchant_id: MERCHANT.merchantId, name: MERCHANT.name },
        items: [],
        seller_protection_eligible: true,
        ...(c.customId !== null ? { custom: c.customId } : {}),
        ...(c.invoiceId !== null ? { invoice_number: c.invoiceId } : {}),
      },
    ],
    reason: d.reason,
    status: "OPEN",
    dispute_amount: moneyView(d.amount),
    dispute_life_cycle_stage: "INQUIRY",
    dispute_channel: "INTERNAL",
    links: [{ href: `${w.api}/v1/customer/disputes/${d.id}`, rel: "self", method: "GET" }],
  };
}

export function openDispute(w: World, capture: PayPalCapture, reason: string): PayPalDispute | string {
  if (capture.status !== "COMPLETED" && capture.status !== "PARTIALLY_REFUNDED") return `capture ${capture.id} is ${capture.status}; only a paid capture can be disputed`;
  if (capture.disputeId !== null) return `capture ${capture.id} is already disputed (${capture.disputeId})`;
  const dispute: PayPalDispute = {
    id: disputeId(),
    clientId: capture.clientId,
    captureId: capture.id,
    created: w.now(),
    reason,
    amount: { currency: capture.amount.currency, minor: capture.amount.minor - capture.refundedMinor },
  };
  w.state.disputes.set(dispute.id, dispute);
  capture.disputeId = dispute.id;
  emit(w, capture.clientId, "CUSTOMER.DISPUTE.CREATED", `A new dispute opened with Case # ${dispute.id}`, disputeView(w, dispute, capture));
  return dispute;
}
