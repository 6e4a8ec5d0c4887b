import type { PayPalWebhook } from "../state";
import type { World } from "../world";
import { link } from "./links";

/** What PayPal says about each event type the sandbox sends. */
export const EVENT_TYPES: Record<string, string> = {
  "CHECKOUT.ORDER.APPROVED": "An order has been approved by buyer.",
  "CHECKOUT.ORDER.COMPLETED": "Checkout Order Completed.",
  "PAYMENT.CAPTURE.COMPLETED": "A payment capture completes.",
  "PAYMENT.CAPTURE.PENDING": "The state of a payment capture changes to pending.",
  "PAYMENT.CAPTURE.DENIED": "A payment capture is denied.",
  "PAYMENT.CAPTURE.REFUNDED": "A merchant refunds a payment capture.",
  "CUSTOMER.DISPUTE.CREATED": "A dispute is created.",
};

export function webhookView(w: World, h: PayPalWebhook): Record<string, unknown> {
  const self = `${w.api}/v1/notifications/webhooks/${h.id}`;
  return {
    id: h.id,
    url: h.url,
    event_types: h.eventTypes.map((name) => ({ name, description: name === "*" ? "ALL" : (EVENT_TYPES[name] ?? name), status: "ENABLED" })),
    links: [link(self, "self"), link(self, "update", "PATCH"), link(self, "delete", "DELETE")],
  };
}
