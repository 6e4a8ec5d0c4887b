// An invoice's life: made (draft), finalized (open, numbered, with a hosted page),
// then paid, voided or marked uncollectible. Each step sends Stripe's event.
import type { StripeInvoice, StripeInvoiceLine } from "../billing-state";
import { base62, stripeId } from "../ids";
import { invoiceTotal, invoiceView } from "../objects/invoice";
import { emit, NO_REQUEST, type Cause } from "../webhooks/emit";
import type { World } from "../world";

export interface NewInvoice {
  livemode: boolean;
  customerId: string;
  subscriptionId: string | null;
  billingReason: StripeInvoice["billingReason"];
  collectionMethod: StripeInvoice["collectionMethod"];
  daysUntilDue: number | null;
  currency: string;
  lines: Array<Omit<StripeInvoiceLine, "id">>;
  description: string | null;
  footer: string | null;
  metadata: Record<string, string>;
  autoAdvance: boolean;
  periodStart: number;
  periodEnd: number;
}

export function createInvoice(w: World, input: NewInvoice, cause: Cause): StripeInvoice {
  const inv: StripeInvoice = {
    id: stripeId("in"),
    created: w.now(),
    ...input,
    lines: input.lines.map((l) => ({ ...l, id: stripeId("il") })),
    dueDate: null,
    status: "draft",
    number: null,
    amountPaid: 0,
    attemptCount: 0,
    paymentIntentIds: [],
    hostedSecret: null,
    finalizedAt: null,
    paidAt: null,
    paidOutOfBand: false,
    voidedAt: null,
    markedUncollectibleAt: null,
    overdueAt: null,
    sentAt: null,
    nextPaymentAttempt: null,
  };
  w.state.billing.invoices.set(inv.id, inv);
  emit(w, "invoice.created", invoiceView(w, inv), cause);
  return inv;
}

/** Draft to open: numbered from the customer's sequence, due after days_until_due when sent for payment. */
export function finalizeInvoice(w: World, inv: StripeInvoice, cause: Cause): void {
  const customer = w.state.billing.customers.get(inv.customerId);
  const now = w.now();
  inv.status = "open";
  inv.finalizedAt = now;
  if (customer) {
    inv.number = `${customer.invoicePrefix}-${String(customer.nextInvoiceSequence).padStart(4, "0")}`;
    customer.nextInvoiceSequence += 1;
  }
  inv.hostedSecret = base62(24);
  if (inv.collectionMethod === "send_invoice") inv.dueDate = now + (inv.daysUntilDue ?? 30) * 86400;
  emit(w, "invoice.finalized", invoiceView(w, inv), cause);
  // Nothing to collect: Stripe marks an invoice of zero paid as it finalizes it.
  if (invoiceTotal(inv) === 0) markPaid(w, inv, cause);
}

export function markPaid(w: World, inv: StripeInvoice, cause: Cause, outOfBand = false): void {
  inv.status = "paid";
  inv.amountPaid = invoiceTotal(inv);
  inv.paidAt = w.now();
  inv.paidOutOfBand = outOfBand;
  inv.nextPaymentAttempt = null;
  const view = invoiceView(w, inv);
  emit(w, "invoice.paid", view, cause);
  if (!outOfBand) emit(w, "invoice.payment_succeeded", view, cause);
}

export function voidInvoice(w: World, inv: StripeInvoice, cause: Cause): void {
  inv.status = "void";
  inv.voidedAt = w.now();
  inv.nextPaymentAttempt = null;
  emit(w, "invoice.voided", invoiceView(w, inv), cause);
}

export function markUncollectible(w: World, inv: StripeInvoice, cause: Cause): void {
  inv.status = "uncollectible";
  inv.markedUncollectibleAt = w.now();
  inv.nextPaymentAttempt = null;
  emit(w, "invoice.marked_uncollectible", invoiceView(w, inv), cause);
}

/** Stripe e-mails the invoice's hosted page to the customer; the sandbox records that it did. */
export function sendInvoice(w: World, inv: StripeInvoice, cause: Cause): void {
  inv.sentAt = w.now();
  emit(w, "invoice.sent", invoiceView(w, inv), cause);
}

/** invoice.overdue, once, when an open invoice's due date has passed. */
export function markOverdue(w: World, inv: StripeInvoice, cause: Cause): void {
  inv.overdueAt = w.now();
  emit(w, "invoice.overdue", invoiceView(w, inv), cause);
}

/**
 * Stripe notices on its own that a due date has passed; the sandbox does it the next
 * time it is asked anything about Stripe, so moving the sandbox clock is enough.
 */
export function overdueDue(w: World): void {
  const now = w.now();
  for (const inv of w.state.billing.invoices.values()) {
    if (inv.status === "open" && inv.dueDate !== null && inv.dueDate <= now && inv.overdueAt === null) markOverdue(w, inv, NO_REQUEST);
  }
}
