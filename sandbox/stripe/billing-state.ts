// What Stripe Billing keeps for the account: customers, the catalogue (products and
// their prices), subscriptions, invoices and their items, customer portal sessions.
// Like the payment objects, each remembers its mode.
import type { CardDecline, StripeCard } from "./state";

/** A card saved on a customer: what renewals and invoices are charged to. */
export interface SavedCard {
  paymentMethodId: string;
  card: StripeCard;
  name: string | null;
  /** How a charge to this card ends: a test card's decline, or null when it pays. */
  decline: CardDecline | null;
}

export interface StripeCustomer {
  id: string;
  livemode: boolean;
  created: number;
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Record<string, string>;
  /** Stripe numbers a customer's invoices PREFIX-0001, PREFIX-0002, … */
  invoicePrefix: string;
  nextInvoiceSequence: number;
  defaultCard: SavedCard | null;
  deleted: boolean;
}

export interface StripeProduct {
  id: string;
  livemode: boolean;
  created: number;
  updated: number;
  name: string;
  description: string | null;
  active: boolean;
  metadata: Record<string, string>;
  defaultPriceId: string | null;
}

export type Interval = "day" | "week" | "month" | "year";

export interface StripePrice {
  id: string;
  livemode: boolean;
  created: number;
  productId: string;
  currency: string;
  unitAmount: number;
  recurring: { interval: Interval; intervalCount: number } | null;
  active: boolean;
  nickname: string | null;
  lookupKey: string | null;
  metadata: Record<string, string>;
}

export interface StripeSubscriptionItem {
  id: string;
  created: number;
  priceId: string;
  quantity: number;
}

export type SubscriptionStatus = "incomplete" | "active" | "past_due" | "canceled" | "unpaid";

export interface StripeSubscription {
  id: string;
  livemode: boolean;
  created: number;
  customerId: string;
  currency: string;
  items: StripeSubscriptionItem[];
  status: SubscriptionStatus;
  /** In API versions since 2025-03-31 the period is shown on each item; every item here shares it. */
  currentPeriodStart: number;
  currentPeriodEnd: number;
  billingCycleAnchor: number;
  cancelAtPeriodEnd: boolean;
  canceledAt: number | null;
  endedAt: number | null;
  cancellationReason: "cancellation_requested" | "payment_failed" | null;
  latestInvoiceId: string | null;
  defaultPaymentMethodId: string | null;
  description: string | null;
  metadata: Record<string, string>;
}

export type InvoiceStatus = "draft" | "open" | "paid" | "void" | "uncollectible";

export interface StripeInvoiceLine {
  id: string;
  amount: number;
  currency: string;
  description: string | null;
  quantity: number;
  unitAmount: number;
  priceId: string | null;
  invoiceItemId: string | null;
  subscriptionItemId: string | null;
  periodStart: number;
  periodEnd: number;
  metadata: Record<string, string>;
}

export interface StripeInvoice {
  id: string;
  livemode: boolean;
  created: number;
  customerId: string;
  subscriptionId: string | null;
  billingReason: "manual" | "subscription_create" | "subscription_cycle";
  collectionMethod: "charge_automatically" | "send_invoice";
  daysUntilDue: number | null;
  dueDate: number | null;
  currency: string;
  lines: StripeInvoiceLine[];
  status: InvoiceStatus;
  number: string | null;
  description: string | null;
  footer: string | null;
  metadata: Record<string, string>;
  autoAdvance: boolean;
  amountPaid: number;
  attemptCount: number;
  /** The PaymentIntents of its payment attempts, oldest first. */
  paymentIntentIds: string[];
  /** What the hosted invoice page's URL carries, so the id alone does not open it. */
  hostedSecret: string | null;
  periodStart: number;
  periodEnd: number;
  finalizedAt: number | null;
  paidAt: number | null;
  paidOutOfBand: boolean;
  voidedAt: number | null;
  markedUncollectibleAt: number | null;
  /** Set once invoice.overdue has been sent, so it is sent once. */
  overdueAt: number | null;
  sentAt: number | null;
  nextPaymentAttempt: number | null;
}

export interface StripeInvoiceItem {
  id: string;
  livemode: boolean;
  created: number;
  customerId: string;
  invoiceId: string | null;
  currency: string;
  unitAmount: number;
  quantity: number;
  description: string | null;
  priceId: string | null;
  metadata: Record<string, string>;
}

export interface StripePortalSession {
  id: string;
  livemode: boolean;
  created: number;
  customerId: string;
  returnUrl: string | null;
  locale: string | null;
  /** The portal page's URL carries this, as Stripe's carries a session secret. */
  secret: string;
}

export interface BillingState {
  customers: Map<string, StripeCustomer>;
  products: Map<string, StripeProduct>;
  prices: Map<string, StripePrice>;
  subscriptions: Map<string, StripeSubscription>;
  invoices: Map<string, StripeInvoice>;
  invoiceItems: Map<string, StripeInvoiceItem>;
  portalSessions: Map<string, StripePortalSession>;
}

export function seedBilling(): BillingState {
  return {
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoiceItems: new Map(),
    portalSessions: new Map(),
  };
}
