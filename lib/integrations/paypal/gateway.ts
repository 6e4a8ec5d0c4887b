// PayPal Checkout (Orders v2) as a payment gateway: a PayPal order per pending
// order, approved by the buyer on PayPal and captured when they come back (or when
// PayPal's approval callback arrives first); refunds by capture.
import { ProviderCallError } from "../contract";
import type { PaymentGateway } from "../contract/payments";
import { captureOnce } from "./api";
import { paypalApi } from "./client";
import type { PayPalContext } from "./manifest";
import { toPayPalMoney } from "./money";
import type { PayPalOrder } from "./objects";
import { paypalRefunds } from "./refund";
import { syncOrder } from "./sync";
import { clip } from "./text";

export const paypalGateway: PaymentGateway<PayPalContext> = {
  label: "PayPal",
  async openCheckout(ctx, { order, event, lines, orderUrl, returnUrl, cancelUrl }) {
    const currency = order.currency.trim();
    const total = toPayPalMoney(order.total_minor, currency);
    // PayPal has no checkout expiry: an approval after the hold ran out is simply never captured.
    const created = await paypalApi<PayPalOrder>(ctx, "orders.create", {
      method: "POST",
      path: "v2/checkout/orders",
      // The order is the key: a double submit (same order) gets the same PayPal order back.
      requestId: `checkout-${order.id}`,
      body: {
        intent: "CAPTURE",
        purchase_units: [
          {
            custom_id: order.id,
            invoice_id: order.id,
            description: clip(event.title),
            amount: { ...total, breakdown: { item_total: total } },
            items: lines.map((l) => ({
              name: clip(`${event.title}: ${l.name}`),
              quantity: String(l.quantity),
              unit_amount: toPayPalMoney(l.unitMinor, currency),
              sku: l.ticketTypeId,
              category: "DIGITAL_GOODS",
            })),
          },
        ],
        payment_source: {
          paypal: {
            email_address: order.buyer_email,
            experience_context: { return_url: returnUrl, cancel_url: cancelUrl, user_action: "PAY_NOW", shipping_preference: "NO_SHIPPING", landing_page: "LOGIN" },
          },
        },
      },
    });
    // A repeated submit sees the PayPal order as it is now: already approved, it is
    // captured on return; already paid, there is only the order page left to show.
    if (created.status === "APPROVED") return { checkoutId: created.id, url: `${returnUrl}?token=${encodeURIComponent(created.id)}` };
    if (created.status === "COMPLETED") return { checkoutId: created.id, url: orderUrl };
    const approve = created.links?.find((l) => l.rel === "payer-action" || l.rel === "approve");
    if (!approve) throw new ProviderCallError("orders.create", { kind: "invalid", message: `PayPal returned no approval link for order ${created.id} (${created.status})` });
    return { checkoutId: created.id, url: approve.href };
  },
  async completeReturn(ctx, order, params) {
    const token = params.get("token");
    // The token names the PayPal order the buyer approved; another one is not this order's.
    if (!order.checkout_id || (token && token !== order.checkout_id)) return;
    const after = await captureOnce(ctx, order.id, order.checkout_id);
    if (after) await syncOrder(ctx, order, after);
  },
  ...paypalRefunds,
};
