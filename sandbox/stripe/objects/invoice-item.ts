// invoiceitem as the API returns it: a charge waiting for (or on) an invoice.
import type { StripeInvoiceItem } from "../billing-state";
import { shaped } from "../fixtures";
import type { World } from "../world";

export function invoiceItemView(w: World, ii: StripeInvoiceItem): Record<string, unknown> {
  const price = ii.priceId ? w.state.billing.prices.get(ii.priceId) : undefined;
  return shaped(w.templates, "invoiceitem", {
    id: ii.id,
    object: "invoiceitem",
    amount: ii.unitAmount * ii.quantity,
    currency: ii.currency,
    customer: ii.customerId,
    customer_account: null,
    date: ii.created,
    description: ii.description,
    discountable: true,
    discounts: [],
    invoice: ii.invoiceId,
    livemode: ii.livemode,
    metadata: { ...ii.metadata },
    net_amount: ii.unitAmount * ii.quantity,
    parent: null,
    period: { end: ii.created, start: ii.created },
    pricing: { price_details: price ? { price: price.id, product: price.productId } : null, type: "price_details", unit_amount_decimal: String(ii.unitAmount) },
    proration: false,
    quantity: ii.quantity,
    quantity_decimal: String(ii.quantity),
    tax_rates: [],
    test_clock: null,
  });
}
