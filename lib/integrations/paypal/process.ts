// What PayPal's callbacks mean for orders. Each handler reads the PayPal order as it
// is now (through the capture or refund the event names) and brings ours in line,
// so an old or repeated event can never roll an order back.
import { markDisputed } from "@/lib/domain/orders/settle";
import { ignored, processed, type Processed } from "../contract/inbound";
import { getCapture, getPayPalOrder } from "./api";
import type { PayPalContext } from "./manifest";
import { linkedId, type PayPalEvent, type PayPalLink } from "./objects";
import { orderFor } from "./orders";
import { syncPayPalOrder } from "./sync";

async function fromOrderId(ctx: PayPalContext, paypalOrderId: string): Promise<Processed> {
  return syncPayPalOrder(ctx, await getPayPalOrder(ctx, paypalOrderId));
}

async function fromCaptureId(ctx: PayPalContext, captureId: string): Promise<Processed> {
  const capture = await getCapture(ctx, captureId);
  const paypalOrderId = capture.supplementary_data?.related_ids?.order_id ?? linkedId(capture.links, "up");
  if (!paypalOrderId) return ignored(`capture ${captureId} names no PayPal order`);
  // The order carries the capture and every refund on it, as they are now.
  return fromOrderId(ctx, paypalOrderId);
}

async function onDispute(ctx: PayPalContext, resource: Record<string, unknown>): Promise<Processed> {
  const transactions = Array.isArray(resource.disputed_transactions) ? (resource.disputed_transactions as Array<{ seller_transaction_id?: string }>) : [];
  const captureIds = transactions.map((t) => t.seller_transaction_id).filter((id): id is string => typeof id === "string");
  for (const captureId of captureIds) {
    const order = await orderFor(ctx, { captureId });
    if (order) {
      const result = await markDisputed(ctx.db, order.id);
      return processed(result === "changed" ? `order marked as disputed (case ${String(resource.dispute_id)})` : "order already marked as disputed");
    }
  }
  return ignored(`no order of this organization for the disputed transaction ${captureIds.join(", ") || "(none named)"}`);
}

export async function processPayPalEvent(payload: unknown, ctx: PayPalContext): Promise<Processed> {
  const event = payload as PayPalEvent;
  const resource = event.resource ?? {};
  const id = typeof resource.id === "string" ? resource.id : null;
  switch (event.event_type) {
    case "CHECKOUT.ORDER.APPROVED":
      return id ? fromOrderId(ctx, id) : ignored("the approved order has no id");
    case "PAYMENT.CAPTURE.COMPLETED":
    case "PAYMENT.CAPTURE.PENDING":
    case "PAYMENT.CAPTURE.DENIED":
      return id ? fromCaptureId(ctx, id) : ignored("the capture has no id");
    case "PAYMENT.CAPTURE.REFUNDED": {
      // The resource is the refund; its "up" link is the capture it refunds.
      const captureId = linkedId(resource.links as PayPalLink[] | undefined, "up");
      return captureId ? fromCaptureId(ctx, captureId) : ignored("the refund names no capture");
    }
    case "CUSTOMER.DISPUTE.CREATED":
      return onDispute(ctx, resource);
    default:
      return ignored(`${event.event_type} is not used by Switchboard`);
  }
}
