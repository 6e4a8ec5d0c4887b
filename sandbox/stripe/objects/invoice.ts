// invoice as the API returns it (API versions since 2025-03-31: the subscription is
// named under parent.subscription_details, payments are listed under `payments`).
import { ACCOUNT } from "../account";
import type { StripeInvoice, StripeInvoiceLine } from "../billing-state";
import { shaped } from "../fixtures";
import type { World } from "../world";

export function invoiceTotal(inv: StripeInvoice): number {
  return inv.lines.reduce((sum, l) => sum + l.amount, 0);
}

export function hostedInvoiceUrl(w: World, inv: StripeInvoice): string | null {
  return inv.hostedSecret ? `${w.rt.url}/billing/invoice/${inv.hostedSecret}` : null;
}

function lineView(w: World, inv: StripeInvoice, l: StripeInvoiceLine): Record<string, unknown> {
  const price = l.priceId ? w.state.billing.prices.get(l.priceId) : undefined;
  const fromSubscription = l.subscriptionItemId !== null;
  return shaped(w.templates, "line_item", {
    id: l.id,
    object: "line_item",
    amount: l.amount,
    currency: l.currency,
    description: l.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: inv.id,
    livemode: inv.livemode,
    metadata: { ...l.metadata },
    parent: fromSubscription
      ? {
          invoice_item_details: null,
          subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: inv.subscriptionId, subscription_item: l.subscriptionItemId },
          type: "subscription_item_details",
        }
      : {
          invoice_item_details: { invoice_item: l.invoiceItemId, proration: false, proration_details: { credited_items: null }, subscription: null },
          subscription_item_details: null,
          type: "invoice_item_details",
        },
    period: { end: l.periodEnd, start: l.periodStart },
    pretax_credit_amounts: [],
    pricing: { price_details: price ? { price: price.id, product: price.productId } : null, type: "price_details", unit_amount_decimal: String(l.unitAmount) },
    quantity: l.quantity,
    quantity_decimal: String(l.quantity),
    subtotal: l.amount,
    taxes: [],
  });
}

function paymentsList(w: World, inv: StripeInvoice): Record<string, unknown> {
  const data = inv.paymentIntentIds
    .map((id) => w.state.paymentIntents.get(id))
    .filter((pi) => pi !== undefined)
    .reverse()
    .map((pi) => ({
      id: `inpay_${pi.id.slice(3)}`,
      object: "invoice_payment",
      amount_paid: pi.status === "succeeded" ? pi.amount : null,
      amount_requested: pi.amount,
      created: pi.created,
      currency: pi.currency,
      invoice: inv.id,
      is_default: pi.id === inv.paymentIntentIds[inv.paymentIntentIds.length - 1],
      livemode: pi.livemode,
      payment: { payment_intent: pi.id, type: "payment_intent" },
      status: pi.status === "succeeded" ? "paid" : pi.status === "canceled" ? "canceled" : "open",
      status_transitions: { canceled_at: pi.canceledAt, paid_at: pi.status === "succeeded" ? (inv.paidAt ?? pi.created) : null },
    }));
  return { object: "list", data, has_more: false, total_count: data.length, url: `/v1/invoice_payments?invoice=${inv.id}` };
}

export function invoiceView(w: World, inv: StripeInvoice): Record<string, unknown> {
  const customer = w.state.billing.customers.get(inv.customerId);
  const sub = inv.subscriptionId ? w.state.billing.subscriptions.get(inv.subscriptionId) : undefined;
  const total = invoiceTotal(inv);
  const due = inv.status === "void" ? 0 : total;
  const finalized = inv.status !== "draft";
  return shaped(w.templates, "invoice", {
    id: inv.id,
    object: "invoice",
    account_country: ACCOUNT.country,
    account_name: ACCOUNT.name,
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: inv.amountPaid,
    amount_remaining: Math.max(0, due - inv.amountPaid),
    amount_shipping: 0,
    application: null,
    attempt_count: inv.attemptCount,
    attempted: inv.attemptCount > 0,
    auto_advance: inv.autoAdvance,
    automatic_tax: { enabled: false, liability: null, status: null, disabled_reason: null, provider: null },
    automatically_finalizes_at: inv.status === "draft" && inv.autoAdvance ? inv.created + 3600 : null,
    billing_reason: inv.billingReason,
    collection_method: inv.collectionMethod,
    created: inv.created,
    currency: inv.currency,
    custom_fields: null,
    customer: inv.customerId,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: customer?.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: inv.description,
    discounts: [],
    due_date: inv.dueDate,
    effective_at: inv.finalizedAt,
    ending_balance: finalized ? 0 : null,
    footer: inv.footer,
    from_invoice: null,
    hosted_invoice_url: finalized ? hostedInvoiceUrl(w, inv) : null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: inv.lines.map((l) => lineView(w, inv, l)), has_more: false, total_count: inv.lines.length, url: `/v1/invoices/${inv.id}/lines` },
    livemode: inv.livemode,
    metadata: { ...inv.metadata },
    next_payment_attempt: inv.nextPaymentAttempt,
    number: inv.number,
    on_behalf_of: null,
    parent: inv.subscriptionId
      ? { quote_details: null, subscription_details: { metadata: sub ? { ...sub.metadata } : null, subscription: inv.subscriptionId }, type: "subscription_details" }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: paymentsList(w, inv),
    period_end: inv.periodEnd,
    period_start: inv.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: inv.status,
    status_transitions: { finalized_at: inv.finalizedAt, marked_uncollectible_at: inv.markedUncollectibleAt, paid_at: inv.paidAt, voided_at: inv.voidedAt },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: inv.created,
  });
}
