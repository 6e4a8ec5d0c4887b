// A subscription's life: started by Checkout, renewed each period (paid, or failed
// and past_due until a later payment), set to end at the period's end, or ended now.
// Every change is a customer.subscription.* event with its previous_attributes.
import type { CardDecline } from "../state";
import type { SavedCard, StripeInvoice, StripeSubscription } from "../billing-state";
import { stripeId } from "../ids";
import { subscriptionView } from "../objects/subscription";
import { emit, type Cause } from "../webhooks/emit";
import { previousAttributes } from "../webhooks/previous";
import type { World } from "../world";
import { chargeInvoice } from "./invoice-charge";
import { createInvoice, finalizeInvoice } from "./invoice";
import { addInterval } from "./period";

/** Applies a change and sends customer.subscription.updated if anything a client sees changed. */
export function updateSubscription(w: World, sub: StripeSubscription, change: () => void, cause: Cause): void {
  const before = subscriptionView(w, sub);
  change();
  const after = subscriptionView(w, sub);
  const previous = previousAttributes(before, after);
  if (previous) emit(w, "customer.subscription.updated", after, cause, previous);
}

/** The card renewals are charged to: the customer's, which the portal can replace. */
export function savedCardOf(w: World, sub: StripeSubscription): SavedCard | null {
  return w.state.billing.customers.get(sub.customerId)?.defaultCard ?? null;
}

function recurringOf(w: World, sub: StripeSubscription) {
  return w.state.billing.prices.get(sub.items[0]!.priceId)!.recurring!;
}

/** The invoice for the subscription's current period, a draft until collected. */
function periodInvoice(w: World, sub: StripeSubscription, reason: "subscription_create" | "subscription_cycle", cause: Cause): StripeInvoice {
  const invoice = createInvoice(
    w,
    {
      livemode: sub.livemode,
      customerId: sub.customerId,
      subscriptionId: sub.id,
      billingReason: reason,
      collectionMethod: "charge_automatically",
      daysUntilDue: null,
      currency: sub.currency,
      lines: sub.items.map((item) => {
        const price = w.state.billing.prices.get(item.priceId)!;
        const product = w.state.billing.products.get(price.productId);
        return {
          amount: price.unitAmount * item.quantity,
          currency: price.currency,
          description: `${item.quantity} × ${product?.name ?? price.nickname ?? price.id}`,
          quantity: item.quantity,
          unitAmount: price.unitAmount,
          priceId: price.id,
          invoiceItemId: null,
          subscriptionItemId: item.id,
          periodStart: sub.currentPeriodStart,
          periodEnd: sub.currentPeriodEnd,
          metadata: {},
        };
      }),
      description: null,
      footer: null,
      metadata: {},
      autoAdvance: true,
      periodStart: sub.currentPeriodStart,
      periodEnd: sub.currentPeriodStart,
    },
    cause,
  );
  sub.latestInvoiceId = invoice.id;
  return invoice;
}

/** Finalized and charged to the saved card. */
function collect(w: World, sub: StripeSubscription, invoice: StripeInvoice, cause: Cause, decline: CardDecline | null): boolean {
  finalizeInvoice(w, invoice, cause);
  if (invoice.status === "paid") return true;
  return chargeInvoice(w, invoice, savedCardOf(w, sub), cause, decline).paid;
}

export interface NewSubscription {
  livemode: boolean;
  customerId: string;
  currency: string;
  items: Array<{ priceId: string; quantity: number }>;
  metadata: Record<string, string>;
  description: string | null;
  defaultPaymentMethodId: string | null;
}

/** Created incomplete, its first invoice charged, then active: the order Stripe's events come in. */
export function startSubscription(w: World, input: NewSubscription, cause: Cause): { sub: StripeSubscription; invoice: StripeInvoice } {
  const now = w.now();
  const sub: StripeSubscription = {
    id: stripeId("sub"),
    livemode: input.livemode,
    created: now,
    customerId: input.customerId,
    currency: input.currency,
    items: input.items.map((i) => ({ id: stripeId("si", 14), created: now, priceId: i.priceId, quantity: i.quantity })),
    status: "incomplete",
    currentPeriodStart: now,
    currentPeriodEnd: now,
    billingCycleAnchor: now,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    endedAt: null,
    cancellationReason: null,
    latestInvoiceId: null,
    defaultPaymentMethodId: input.defaultPaymentMethodId,
    description: input.description,
    metadata: { ...input.metadata },
  };
  sub.currentPeriodEnd = addInterval(now, recurringOf(w, sub));
  w.state.billing.subscriptions.set(sub.id, sub);
  emit(w, "customer.subscription.created", subscriptionView(w, sub), cause);
  const invoice = periodInvoice(w, sub, "subscription_create", cause);
  if (collect(w, sub, invoice, cause, null)) updateSubscription(w, sub, () => (sub.status = "active"), cause);
  return { sub, invoice };
}

/** Set to end when the period does (the portal's "cancel", the API's cancel_at_period_end), or kept after all. */
export function setCancelAtPeriodEnd(w: World, sub: StripeSubscription, on: boolean, cause: Cause): void {
  updateSubscription(
    w,
    sub,
    () => {
      sub.cancelAtPeriodEnd = on;
      sub.canceledAt = on ? w.now() : null;
      sub.cancellationReason = on ? "cancellation_requested" : null;
    },
    cause,
  );
}

export function endSubscription(w: World, sub: StripeSubscription, reason: StripeSubscription["cancellationReason"], cause: Cause): void {
  const now = w.now();
  sub.status = "canceled";
  sub.canceledAt = sub.canceledAt ?? now;
  sub.endedAt = now;
  sub.cancellationReason = reason;
  emit(w, "customer.subscription.deleted", subscriptionView(w, sub), cause);
}

/** The subscription's open invoice, if one waits for payment. */
export function outstandingInvoice(w: World, sub: StripeSubscription): StripeInvoice | undefined {
  const latest = sub.latestInvoiceId ? w.state.billing.invoices.get(sub.latestInvoiceId) : undefined;
  return latest?.status === "open" ? latest : undefined;
}

/** Pays what is outstanding; a past_due subscription becomes active again. */
export function retryOutstanding(w: World, sub: StripeSubscription, cause: Cause, decline: CardDecline | null = null): { paid: boolean } {
  const open = outstandingInvoice(w, sub);
  if (!open) return { paid: false };
  const { paid } = chargeInvoice(w, open, savedCardOf(w, sub), cause, decline);
  settleStatus(w, sub, paid, cause);
  return { paid };
}

/** After a payment attempt: paid makes it active; a failure makes an active one past_due. */
export function settleStatus(w: World, sub: StripeSubscription, paid: boolean, cause: Cause): void {
  if (sub.status === "canceled") return;
  const next = paid ? "active" : sub.status === "incomplete" ? "incomplete" : "past_due";
  if (next !== sub.status) updateSubscription(w, sub, () => (sub.status = next), cause);
}

export type RenewOutcome = "renewed" | "ended" | "retried";

/**
 * The clock reaches the period's end. A subscription set to cancel ends; one with an
 * open invoice has it charged again; any other starts its next period and is billed.
 */
export function renewSubscription(w: World, sub: StripeSubscription, decline: CardDecline | null, cause: Cause): RenewOutcome {
  if (sub.cancelAtPeriodEnd) {
    endSubscription(w, sub, "cancellation_requested", cause);
    return "ended";
  }
  if (outstandingInvoice(w, sub)) {
    retryOutstanding(w, sub, cause, decline);
    return "retried";
  }
  let invoice: StripeInvoice | undefined;
  // invoice.created, then customer.subscription.updated with the new period and latest_invoice.
  updateSubscription(
    w,
    sub,
    () => {
      sub.currentPeriodStart = sub.currentPeriodEnd;
      sub.currentPeriodEnd = addInterval(sub.currentPeriodStart, recurringOf(w, sub));
      invoice = periodInvoice(w, sub, "subscription_cycle", cause);
    },
    cause,
  );
  settleStatus(w, sub, collect(w, sub, invoice!, cause, decline), cause);
  return "renewed";
}
