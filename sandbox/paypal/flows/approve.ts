// The buyer approves an order on the approval page: PayPal tells the merchant
// (CHECKOUT.ORDER.APPROVED) and waits for the merchant to capture it.
import { orderView } from "../objects/order";
import type { Funding, PayPalOrder } from "../state";
import { emit } from "../webhooks/emit";
import type { World } from "../world";

export function approveOrder(w: World, order: PayPalOrder, funding: Funding): void {
  order.status = "APPROVED";
  order.funding = funding;
  order.approvedAt = w.now();
  order.updated = w.now();
  emit(w, order.clientId, "CHECKOUT.ORDER.APPROVED", "An order has been approved by buyer", orderView(w, order));
}
