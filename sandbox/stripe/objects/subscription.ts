// subscription as the API returns it (API versions since 2025-03-31: the billing
// period is on each item, not on the subscription).
import type { StripeSubscription, StripeSubscriptionItem } from "../billing-state";
import { shaped } from "../fixtures";
import type { World } from "../world";
import { catalogPriceView } from "./price";

function itemView(w: World, sub: StripeSubscription, item: StripeSubscriptionItem): Record<string, unknown> {
  const price = w.state.billing.prices.get(item.priceId)!;
  return shaped(w.templates, "subscription_item", {
    id: item.id,
    object: "subscription_item",
    billing_thresholds: null,
    created: item.created,
    current_period_end: sub.currentPeriodEnd,
    current_period_start: sub.currentPeriodStart,
    discounts: [],
    metadata: {},
    // The legacy Plan view of the same price, as Stripe still shows it.
    plan: {
      id: price.id,
      object: "plan",
      active: price.active,
      amount: price.unitAmount,
      amount_decimal: String(price.unitAmount),
      billing_scheme: "per_unit",
      created: price.created,
      currency: price.currency,
      interval: price.recurring?.interval ?? "month",
      interval_count: price.recurring?.intervalCount ?? 1,
      livemode: price.livemode,
      metadata: { ...price.metadata },
      meter: null,
      nickname: price.nickname,
      product: price.productId,
      tiers_mode: null,
      transform_usage: null,
      trial_period_days: null,
      usage_type: "licensed",
    },
    price: catalogPriceView(w, price),
    quantity: item.quantity,
    subscription: sub.id,
    tax_rates: [],
  });
}

export function subscriptionView(w: World, sub: StripeSubscription): Record<string, unknown> {
  return shaped(w.templates, "subscription", {
    id: sub.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null, disabled_reason: null },
    billing_cycle_anchor: sub.billingCycleAnchor,
    billing_cycle_anchor_config: null,
    billing_mode: { type: "flexible", flexible: { proration_discounts: "included" }, updated_at: sub.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: sub.cancelAtPeriodEnd ? sub.currentPeriodEnd : null,
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    canceled_at: sub.canceledAt,
    cancellation_details: { comment: null, feedback: null, reason: sub.cancellationReason },
    collection_method: "charge_automatically",
    created: sub.created,
    currency: sub.currency,
    customer: sub.customerId,
    customer_account: null,
    days_until_due: null,
    default_payment_method: sub.defaultPaymentMethodId,
    default_source: null,
    default_tax_rates: [],
    description: sub.description,
    discounts: [],
    ended_at: sub.endedAt,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: { object: "list", data: sub.items.map((i) => itemView(w, sub, i)), has_more: false, total_count: sub.items.length, url: `/v1/subscription_items?subscription=${sub.id}` },
    latest_invoice: sub.latestInvoiceId,
    livemode: sub.livemode,
    managed_payments: null,
    metadata: { ...sub.metadata },
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: sub.created,
    status: sub.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: null,
  });
}
