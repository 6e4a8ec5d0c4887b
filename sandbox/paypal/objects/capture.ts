// A captured payment: inside its order's purchase unit, and on its own at
// GET /v2/payments/captures/{id} (where it also names its order).
import { moneyView, paypalFee } from "../money";
import type { PayPalCapture } from "../state";
import { isoTime, type World } from "../world";
import { link } from "./links";

const SETTLED = new Set(["COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED"]);

export function captureView(w: World, c: PayPalCapture, standalone = true): Record<string, unknown> {
  const self = `${w.api}/v2/payments/captures/${c.id}`;
  const fee = paypalFee(c.amount);
  return {
    id: c.id,
    status: c.status,
    ...(c.reason !== null ? { status_details: { reason: c.reason } } : {}),
    amount: moneyView(c.amount),
    final_capture: true,
    seller_protection: { status: "ELIGIBLE", dispute_categories: ["ITEM_NOT_RECEIVED", "UNAUTHORIZED_TRANSACTION"] },
    ...(SETTLED.has(c.status)
      ? {
          seller_receivable_breakdown: {
            gross_amount: moneyView(c.amount),
            paypal_fee: moneyView(fee),
            net_amount: moneyView({ currency: c.amount.currency, minor: c.amount.minor - fee.minor }),
          },
        }
      : {}),
    ...(c.invoiceId !== null ? { invoice_id: c.invoiceId } : {}),
    ...(c.customId !== null ? { custom_id: c.customId } : {}),
    links: [link(self, "self"), link(`${self}/refund`, "refund", "POST"), link(`${w.api}/v2/checkout/orders/${c.orderId}`, "up")],
    create_time: isoTime(c.created),
    update_time: isoTime(c.updated),
    ...(standalone ? { supplementary_data: { related_ids: { order_id: c.orderId } } } : {}),
  };
}
