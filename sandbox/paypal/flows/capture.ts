// Capturing an approved order: the money moves at once from a PayPal balance, or
// the capture stays PENDING while an eCheck clears (settled through the control API).
import { display } from "../money";
import { captureView } from "../objects/capture";
import { orderView } from "../objects/order";
import type { PayPalCapture, PayPalOrder } from "../state";
import { captureId } from "../ids";
import { emit } from "../webhooks/emit";
import type { World } from "../world";

/** PayPal's default account setting blocks a second payment with the same invoice id. */
export function duplicateInvoice(w: World, order: PayPalOrder): boolean {
  if (order.invoiceId === null) return false;
  return [...w.state.captures.values()].some((c) => c.clientId === order.clientId && c.invoiceId === order.invoiceId && c.status !== "DECLINED" && c.status !== "FAILED");
}

export function captureOrder(w: World, order: PayPalOrder): PayPalCapture {
  const pending = order.funding === "echeck";
  const capture: PayPalCapture = {
    id: captureId(),
    clientId: order.clientId,
    orderId: order.id,
    created: w.now(),
    updated: w.now(),
    status: pending ? "PENDING" : "COMPLETED",
    reason: pending ? "ECHECK" : null,
    amount: { ...order.amount },
    customId: order.customId,
    invoiceId: order.invoiceId,
    refundIds: [],
    refundedMinor: 0,
    disputeId: null,
  };
  w.state.captures.set(capture.id, capture);
  order.captureId = capture.id;
  order.status = "COMPLETED";
  order.updated = w.now();
  if (pending) {
    emit(w, order.clientId, "PAYMENT.CAPTURE.PENDING", `Payment pending for ${display(capture.amount)}`, captureView(w, capture));
  } else {
    emit(w, order.clientId, "PAYMENT.CAPTURE.COMPLETED", `Payment completed for ${display(capture.amount)}`, captureView(w, capture));
  }
  emit(w, order.clientId, "CHECKOUT.ORDER.COMPLETED", "Checkout Order Completed", orderView(w, order));
  return capture;
}

/** An eCheck clears, or bounces: the capture completes or is denied. */
export function settleCapture(w: World, capture: PayPalCapture, outcome: "completed" | "denied"): string | null {
  if (capture.status !== "PENDING") return `capture ${capture.id} is ${capture.status}; only a PENDING capture settles`;
  capture.updated = w.now();
  if (outcome === "completed") {
    capture.status = "COMPLETED";
    capture.reason = null;
    emit(w, capture.clientId, "PAYMENT.CAPTURE.COMPLETED", `Payment completed for ${display(capture.amount)}`, captureView(w, capture));
  } else {
    capture.status = "DECLINED";
    capture.reason = null;
    emit(w, capture.clientId, "PAYMENT.CAPTURE.DENIED", `A ${display(capture.amount)} capture payment was denied`, captureView(w, capture));
  }
  return null;
}
