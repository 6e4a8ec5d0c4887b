// A Checkout line item (object "item") and the ad-hoc Price that price_data creates.
import { shaped } from "../fixtures";
import { catalogPriceView } from "./price";
import type { StripeLineItem, StripeSession } from "../state";
import type { World } from "../world";

export function priceView(w: World, s: StripeSession, li: StripeLineItem): Record<string, unknown> {
  const catalog = w.state.billing.prices.get(li.priceId);
  if (catalog) return catalogPriceView(w, catalog);
  return shaped(w.templates, "price", {
    id: li.priceId,
    object: "price",
    // Prices made from price_data exist for their session only, so Stripe marks them inactive.
    active: false,
    billing_scheme: "per_unit",
    created: s.created,
    currency: li.currency,
    custom_unit_amount: null,
    livemode: s.livemode,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: li.productId,
    recurring: li.recurring
      ? { interval: li.recurring.interval, interval_count: li.recurring.intervalCount, meter: null, usage_type: "licensed", trial_period_days: null }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: li.recurring ? "recurring" : "one_time",
    unit_amount: li.unitAmount,
    unit_amount_decimal: String(li.unitAmount),
  });
}

export function lineItemView(w: World, s: StripeSession, li: StripeLineItem): Record<string, unknown> {
  const total = li.unitAmount * li.quantity;
  return shaped(w.templates, "item", {
    id: li.id,
    object: "item",
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency: li.currency,
    description: li.name,
    price: priceView(w, s, li),
    quantity: li.quantity,
    metadata: null,
    adjustable_quantity: null,
  });
}
