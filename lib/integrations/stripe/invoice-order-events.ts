// What Stripe's invoice callbacks mean for orders invoiced to a company. The
// invoice is read again from Stripe (with its payments), so an old or repeated
// callback is applied as the invoice stands now, never as it stood then; the
// rules are lib/invoices/state.
import type Stripe from "stripe";
import { applyInvoiceState, type InvoiceState } from "@/lib/invoices/state";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { ignored, processed, type Processed } from "../contract/inbound";
import { stripe } from "./client";
import type { StripeContext } from "./manifest";
import { stripeRefunds } from "./refund";

function idOf(v: string | { id: string } | null | undefined): string | null {
  return typeof v === "string" ? v : (v?.id ?? null);
}

/** Stripe's invoice in the provider-neutral words of lib/invoices. */
export function invoiceState(invoice: Stripe.Invoice): InvoiceState {
  const paid = invoice.payments?.data.find((p) => p.status === "paid") ?? invoice.payments?.data[0];
  const status = invoice.status === "paid" || invoice.status === "void" || invoice.status === "uncollectible" || invoice.status === "open" ? invoice.status : "draft";
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

export async function onInvoiceOrderEvent(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const id = (event.data.object as Stripe.Invoice).id;
  if (!id) return ignored(`${event.type} names no invoice`);
  const invoice = await ctx.call("invoices.retrieve", () => stripe(ctx).invoices.retrieve(id, { expand: ["payments"] }));
  const applied = await applyInvoiceState(
    ctx.db,
    { orgId: ctx.connection.orgId, provider: "stripe", connectionId: ctx.connection.id },
    invoiceState(invoice),
    (order) => refundLatePayment(ctx.db, stripeRefunds, ctx, order),
  );
  return applied.kind === "processed" ? processed(applied.text) : ignored(applied.text);
}
