// The PayPal calls payments make, named once: what is asked, with which idempotency key.
import { paypalApi } from "./client";
import type { PayPalContext } from "./manifest";
import { paypalIssue } from "./errors";
import type { PayPalCapture, PayPalOrder } from "./objects";

const seg = encodeURIComponent;

export function getPayPalOrder(ctx: PayPalContext, id: string): Promise<PayPalOrder> {
  return paypalApi<PayPalOrder>(ctx, "orders.get", { method: "GET", path: `v2/checkout/orders/${seg(id)}` });
}

export function getCapture(ctx: PayPalContext, id: string): Promise<PayPalCapture> {
  return paypalApi<PayPalCapture>(ctx, "captures.get", { method: "GET", path: `v2/payments/captures/${seg(id)}` });
}

/**
 * Captures an approved PayPal order for one of our orders. The key is our order, so
 * the buyer's return and PayPal's approval callback capture once between them; an
 * order captured some other way is read back instead. Null when the buyer has not
 * approved it.
 */
export async function captureOnce(ctx: PayPalContext, ourOrderId: string, paypalOrderId: string): Promise<PayPalOrder | null> {
  try {
    return await paypalApi<PayPalOrder>(ctx, "orders.capture", {
      method: "POST",
      path: `v2/checkout/orders/${seg(paypalOrderId)}/capture`,
      requestId: `capture-${ourOrderId}`,
      representation: true,
      body: {},
    });
  } catch (err) {
    const issue = paypalIssue(err);
    if (issue === "ORDER_ALREADY_CAPTURED") return getPayPalOrder(ctx, paypalOrderId);
    if (issue === "ORDER_NOT_APPROVED") return null;
    throw err;
  }
}
