// An invoice item as a line of the invoice that takes it.
import type { StripeInvoiceItem, StripeInvoiceLine } from "../billing-state";
import { stripeId } from "../ids";
import type { World } from "../world";

export function lineOf(w: World, item: StripeInvoiceItem): StripeInvoiceLine {
  const price = item.priceId ? w.state.billing.prices.get(item.priceId) : undefined;
  const product = price ? w.state.billing.products.get(price.productId) : undefined;
  return {
    id: stripeId("il"),
    amount: item.unitAmount * item.quantity,
    currency: item.currency,
    description: item.description ?? product?.name ?? null,
    quantity: item.quantity,
    unitAmount: item.unitAmount,
    priceId: item.priceId,
    invoiceItemId: item.id,
    subscriptionItemId: null,
    periodStart: item.created,
    periodEnd: item.created,
    metadata: { ...item.metadata },
  };
}
