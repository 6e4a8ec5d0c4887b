// price as the API returns it, one-time or recurring (monthly, yearly, …).
import { shaped } from "../fixtures";
import type { StripePrice } from "../billing-state";
import type { World } from "../world";

export function catalogPriceView(w: World, p: StripePrice): Record<string, unknown> {
  return shaped(w.templates, "price", {
    id: p.id,
    object: "price",
    active: p.active,
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    custom_unit_amount: null,
    livemode: p.livemode,
    lookup_key: p.lookupKey,
    metadata: { ...p.metadata },
    nickname: p.nickname,
    product: p.productId,
    recurring: p.recurring
      ? { interval: p.recurring.interval, interval_count: p.recurring.intervalCount, meter: null, usage_type: "licensed", trial_period_days: null }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? "recurring" : "one_time",
    unit_amount: p.unitAmount,
    unit_amount_decimal: String(p.unitAmount),
  });
}
