// A Stripe invoice in the provider-neutral words of lib/invoices: where it stands,
// when it is due, and the payment that paid it (for a refund of a late payment).
import type Stripe from "stripe";
import type { InvoiceState } from "@/lib/invoices/state";

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/** Where an invoice can stand; anything newer Stripe adds is read as not yet issued. */
const KNOWN = ["open", "paid", "void", "uncollectible"] as const;

export function invoiceState(invoice: Stripe.Invoice): InvoiceState {
  const paid = invoice.payments?.data.find((p) => p.status === "paid") ?? invoice.payments?.data[0];
  const status = KNOWN.find((s) => s === invoice.status) ?? "draft";
  return {
    invoiceId: invoice.id!,
    orderId: invoice.metadata?.order_id ?? null,
    status,
    dueAt: invoice.due_date ? new Date(invoice.due_date * 1000) : null,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    amountPaidMinor: invoice.amount_paid,
    currency: invoice.currency,
    paymentIntentId: idOf(paid?.payment.payment_intent),
    chargeId: idOf(paid?.payment.charge),
  };
}

