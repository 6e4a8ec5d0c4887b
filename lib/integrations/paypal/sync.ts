// Our order brought in line with its PayPal order as PayPal shows it now: its
// capture (paid, pending, denied) and every refund on it. Every callback and the
// buyer's return end here, so the order they arrive in never matters.
import type { OrderRow } from "@/lib/db/schema";
import { applyRefunds, cancelPendingOrder, updatePaymentRefs } from "@/lib/domain/orders/settle";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { isMismatch, paidOutcomeText, settlePaid } from "@/lib/payments/settle-paid";
import { ignored, processed, type Processed } from "../contract/inbound";
import { captureOnce } from "./api";
import type { PayPalContext } from "./manifest";
import { fromPayPalValue } from "./money";
import type { PayPalCapture, PayPalOrder, PayPalRefund } from "./objects";
import { isUuid, orderFor } from "./orders";
import { paypalRefunds } from "./refund";

/** Capture statuses that mean the money reached the merchant (some may have gone back since). */
const PAID_CAPTURES = new Set(["COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED"]);

async function fromCapture(ctx: PayPalContext, order: OrderRow, paypalOrderId: string, capture: PayPalCapture, refunds: PayPalRefund[]): Promise<Processed> {
  switch (capture.status) {
    case "COMPLETED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED": {
      const paid = await settlePaid(ctx.db, order.id, { paymentIntentId: capture.id }, (late) => refundLatePayment(ctx.db, paypalRefunds, ctx, late), {
        provider: "paypal",
        connectionId: ctx.connection.id,
        amountMinor: capture.amount ? fromPayPalValue(capture.amount.value, capture.amount.currency_code) : null,
        currency: capture.amount?.currency_code,
        checkoutId: paypalOrderId,
      });
      // Refunds of a payment that is not the order's own say nothing about the order's tickets.
      if (isMismatch(paid)) return processed(paidOutcomeText(paid));
      const done = refunds.filter((r) => r.status === "COMPLETED");
      if (done.length === 0 || paid === "refunded_late") return processed(paidOutcomeText(paid));
      const refundedMinor = done.reduce((n, r) => n + fromPayPalValue(r.amount.value, r.amount.currency_code), 0);
      const attendeeIds = done.flatMap((r) => (r.custom_id ?? "").split(",").filter(isUuid));
      const applied = await applyRefunds(ctx.db, order.id, { refundedMinor, attendeeIds });
      const total = `${refundedMinor} refunded in total`;
      return processed(applied === "changed" ? `${paid === "changed" ? "order paid; " : ""}refund applied (${total})` : `refund already applied (${total})`);
    }
    case "PENDING":
      await updatePaymentRefs(ctx.db, order.id, { paymentIntentId: capture.id });
      return processed(`payment pending at PayPal (${capture.status_details?.reason ?? "no reason given"}); waiting for it to clear`);
    case "DECLINED":
    case "FAILED": {
      const result = await cancelPendingOrder(ctx.db, order.id);
      return processed(result === "changed" ? "PayPal denied the payment; held places released" : `PayPal denied the payment; order is ${order.status}, nothing to release`);
    }
    default:
      return ignored(`capture ${capture.id} is ${capture.status}`);
  }
}

/** The buyer approved but may never come back: capture while our order still holds the places. */
async function approved(ctx: PayPalContext, order: OrderRow, paypalOrder: PayPalOrder): Promise<Processed> {
  if (order.status !== "pending") return processed(`approved after the order was ${order.status}; not captured, nothing was charged`);
  const after = await captureOnce(ctx, order.id, paypalOrder.id);
  if (!after) return processed("PayPal says the order is not approved yet; nothing to do");
  return syncOrder(ctx, order, after);
}

export async function syncOrder(ctx: PayPalContext, order: OrderRow, paypalOrder: PayPalOrder): Promise<Processed> {
  const unit = paypalOrder.purchase_units?.[0];
  const capture = unit?.payments?.captures?.[0];
  // A PayPal order that is not the one our checkout opened may only be looked at, never captured, released or voided for ours.
  const foreign = order.checkout_id !== null && order.checkout_id !== paypalOrder.id;
  if (capture && (!foreign || PAID_CAPTURES.has(capture.status))) return fromCapture(ctx, order, paypalOrder.id, capture, unit?.payments?.refunds ?? []);
  if (foreign) return ignored(`PayPal order ${paypalOrder.id} is not the checkout of order ${order.id}; nothing done`);
  switch (paypalOrder.status) {
    case "APPROVED":
      return approved(ctx, order, paypalOrder);
    case "VOIDED": {
      const result = await cancelPendingOrder(ctx.db, order.id);
      return processed(result === "changed" ? "PayPal voided the order; held places released" : `PayPal voided the order; order is ${order.status}`);
    }
    default:
      return processed(`PayPal order is ${paypalOrder.status}; waiting for the buyer`);
  }
}

/** A PayPal order as fetched from PayPal: ours to act on, if it belongs to this organization. */
export async function syncPayPalOrder(ctx: PayPalContext, paypalOrder: PayPalOrder): Promise<Processed> {
  const order = await orderFor(ctx, { orderId: paypalOrder.purchase_units?.[0]?.custom_id, paypalOrderId: paypalOrder.id });
  if (!order) return ignored(`no order of this organization for PayPal order ${paypalOrder.id}`);
  return syncOrder(ctx, order, paypalOrder);
}
