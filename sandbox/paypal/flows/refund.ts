// Refunding a capture, wholly or in part, through the API or from the merchant's
// dashboard: PayPal's checks, and PAYMENT.CAPTURE.REFUNDED either way.
import type { Detail } from "../errors";
import { display } from "../money";
import { refundView } from "../objects/refund";
import type { PayPalCapture, PayPalMoney, PayPalRefund } from "../state";
import { refundId } from "../ids";
import { emit } from "../webhooks/emit";
import type { World } from "../world";

export interface RefundRequest {
  capture: PayPalCapture;
  /** Null refunds what is left, which PayPal allows only before any partial refund. */
  amount: PayPalMoney | null;
  customId: string | null;
  invoiceId: string | null;
  noteToPayer: string | null;
  via: PayPalRefund["via"];
}

export function checkRefund(capture: PayPalCapture, amount: PayPalMoney | null): Detail | null {
  if (capture.status === "REFUNDED") return { issue: "CAPTURE_FULLY_REFUNDED" };
  if (capture.status !== "COMPLETED" && capture.status !== "PARTIALLY_REFUNDED") {
    return { issue: "REFUND_NOT_ALLOWED", description: `A capture that is ${capture.status} cannot be refunded.` };
  }
  if (amount === null) return capture.refundedMinor > 0 ? { issue: "REFUND_NOT_ALLOWED" } : null;
  const field = "/amount/value";
  if (amount.currency !== capture.amount.currency) return { issue: "REFUND_CAPTURE_CURRENCY_MISMATCH", field: "/amount/currency_code", value: amount.currency, location: "body" };
  if (amount.minor <= 0) return { issue: "CANNOT_BE_ZERO_OR_NEGATIVE", field, location: "body" };
  if (capture.disputeId !== null && amount.minor < capture.amount.minor - capture.refundedMinor) {
    return { issue: "CAPTURE_DISPUTED_PARTIAL_REFUND_NOT_ALLOWED", description: "Partial refunds cannot be offered at this time because there is an open case on this transaction." };
  }
  if (amount.minor > capture.amount.minor - capture.refundedMinor) return { issue: "REFUND_AMOUNT_EXCEEDED", field, location: "body" };
  return null;
}

/** Call checkRefund first: this one only records what has been allowed. */
export function refundCapture(w: World, req: RefundRequest): PayPalRefund {
  const { capture } = req;
  const amount = req.amount ?? { currency: capture.amount.currency, minor: capture.amount.minor - capture.refundedMinor };
  const refund: PayPalRefund = {
    id: refundId(),
    clientId: capture.clientId,
    captureId: capture.id,
    orderId: capture.orderId,
    created: w.now(),
    amount,
    customId: req.customId,
    invoiceId: req.invoiceId,
    noteToPayer: req.noteToPayer,
    via: req.via,
  };
  w.state.refunds.set(refund.id, refund);
  capture.refundIds.push(refund.id);
  capture.refundedMinor += amount.minor;
  capture.status = capture.refundedMinor >= capture.amount.minor ? "REFUNDED" : "PARTIALLY_REFUNDED";
  capture.reason = capture.status === "REFUNDED" ? "REFUNDED" : null;
  capture.updated = w.now();
  emit(w, capture.clientId, "PAYMENT.CAPTURE.REFUNDED", `A ${display(amount)} capture payment was refunded`, refundView(w, refund));
  return refund;
}
