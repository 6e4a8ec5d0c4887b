// Stripe's part of inbox.json: Checkout Sessions, the payments and refunds they led
// to, and every webhook delivery attempt, oldest first like the other sections.
import type { StripeState, WebhookDelivery } from "./state";

export interface InboxStripeSession {
  id: string;
  livemode: boolean;
  created: string;
  status: string;
  paymentStatus: string;
  amountTotal: number;
  currency: string;
  customerEmail: string | null;
  lineItems: Array<{ name: string; quantity: number; unitAmount: number }>;
  metadata: Record<string, string>;
  paymentIntent: string | null;
}

export interface InboxStripePayment {
  id: string;
  livemode: boolean;
  created: string;
  /** The Checkout Session or the invoice it paid. */
  session: string | null;
  invoice: string | null;
  amount: number;
  currency: string;
  status: string;
  method: string | null;
  card: string | null;
  charge: string | null;
  amountRefunded: number;
  refunded: boolean;
  disputed: boolean;
  lastError: string | null;
}

export interface InboxStripeRefund {
  id: string;
  created: string;
  charge: string;
  amount: number;
  currency: string;
  reason: string | null;
  via: string;
}

export interface InboxStripeCustomer {
  id: string;
  livemode: boolean;
  created: string;
  email: string | null;
  name: string | null;
  card: string | null;
  deleted: boolean;
}

export interface InboxStripeSubscription {
  id: string;
  livemode: boolean;
  created: string;
  customer: string;
  customerEmail: string | null;
  items: Array<{ name: string; price: string; quantity: number; unitAmount: number; interval: string }>;
  currency: string;
  status: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  latestInvoice: string | null;
  metadata: Record<string, string>;
}

export interface InboxStripeInvoice {
  id: string;
  livemode: boolean;
  created: string;
  number: string | null;
  customer: string;
  customerEmail: string | null;
  subscription: string | null;
  collectionMethod: string;
  status: string;
  total: number;
  amountPaid: number;
  currency: string;
  dueDate: string | null;
  attempts: number;
  overdue: boolean;
  metadata: Record<string, string>;
}

export interface InboxStripe {
  sessions: InboxStripeSession[];
  customers: InboxStripeCustomer[];
  subscriptions: InboxStripeSubscription[];
  invoices: InboxStripeInvoice[];
  payments: InboxStripePayment[];
  refunds: InboxStripeRefund[];
  endpoints: Array<{ id: string; url: string; enabledEvents: string[]; livemode: boolean }>;
  deliveries: WebhookDelivery[];
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function billing(state: StripeState): Pick<InboxStripe, "customers" | "subscriptions" | "invoices"> {
  const { customers, subscriptions, invoices, prices, products } = state.billing;
  const emailOf = (id: string) => customers.get(id)?.email ?? null;
  return {
    customers: [...customers.values()].map((c) => ({
      id: c.id,
      livemode: c.livemode,
      created: iso(c.created),
      email: c.email,
      name: c.name,
      card: c.defaultCard ? `${c.defaultCard.card.brand} •••• ${c.defaultCard.card.last4}` : null,
      deleted: c.deleted,
    })),
    subscriptions: [...subscriptions.values()].map((s) => ({
      id: s.id,
      livemode: s.livemode,
      created: iso(s.created),
      customer: s.customerId,
      customerEmail: emailOf(s.customerId),
      items: s.items.map((i) => {
        const price = prices.get(i.priceId);
        const r = price?.recurring;
        return {
          name: (price && products.get(price.productId)?.name) ?? i.priceId,
          price: i.priceId,
          quantity: i.quantity,
          unitAmount: price?.unitAmount ?? 0,
          interval: r ? (r.intervalCount === 1 ? r.interval : `${r.intervalCount} ${r.interval}s`) : "",
        };
      }),
      currency: s.currency,
      status: s.status,
      currentPeriodEnd: iso(s.currentPeriodEnd),
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      latestInvoice: s.latestInvoiceId,
      metadata: { ...s.metadata },
    })),
    invoices: [...invoices.values()].map((i) => ({
      id: i.id,
      livemode: i.livemode,
      created: iso(i.created),
      number: i.number,
      customer: i.customerId,
      customerEmail: emailOf(i.customerId),
      subscription: i.subscriptionId,
      collectionMethod: i.collectionMethod,
      status: i.status,
      total: i.lines.reduce((sum, l) => sum + l.amount, 0),
      amountPaid: i.amountPaid,
      currency: i.currency,
      dueDate: i.dueDate !== null ? iso(i.dueDate) : null,
      attempts: i.attemptCount,
      overdue: i.overdueAt !== null,
      metadata: { ...i.metadata },
    })),
  };
}

export function stripeInbox(state: StripeState): InboxStripe {
  return {
    ...billing(state),
    sessions: [...state.sessions.values()].map((s) => ({
      id: s.id,
      livemode: s.livemode,
      created: iso(s.created),
      status: s.status,
      paymentStatus: s.paymentStatus,
      amountTotal: s.amountTotal,
      currency: s.currency,
      customerEmail: s.customerDetails?.email ?? s.customerEmail,
      lineItems: s.lineItems.map((li) => ({ name: li.name, quantity: li.quantity, unitAmount: li.unitAmount })),
      metadata: { ...s.metadata },
      paymentIntent: s.paymentIntentId,
    })),
    payments: [...state.paymentIntents.values()].map((pi) => {
      const charge = pi.latestChargeId ? state.charges.get(pi.latestChargeId) : undefined;
      return {
        id: pi.id,
        livemode: pi.livemode,
        created: iso(pi.created),
        session: pi.sessionId,
        invoice: pi.invoiceId,
        amount: pi.amount,
        currency: pi.currency,
        status: pi.status,
        method: pi.method === "customer_balance" ? "bank transfer" : pi.method,
        card: charge?.card ? `${charge.card.brand} •••• ${charge.card.last4}` : null,
        charge: charge?.id ?? null,
        amountRefunded: charge?.amountRefunded ?? 0,
        refunded: charge !== undefined && charge.status === "succeeded" && charge.amountRefunded >= charge.amount,
        disputed: charge?.disputed ?? false,
        lastError: pi.lastPaymentError?.message ?? null,
      };
    }),
    refunds: [...state.refunds.values()].map((r) => ({ id: r.id, created: iso(r.created), charge: r.chargeId, amount: r.amount, currency: r.currency, reason: r.reason, via: r.via })),
    endpoints: [...state.endpoints.values()].map((e) => ({ id: e.id, url: e.url, enabledEvents: [...e.enabledEvents], livemode: e.livemode })),
    deliveries: state.deliveries.map((d) => ({ ...d })),
  };
}
