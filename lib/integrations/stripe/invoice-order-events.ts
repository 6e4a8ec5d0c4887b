// What Stripe's invoice callbacks mean for orders invoiced to a company. The
// invoice is read again from Stripe (with its payments), so an old or repeated
// callback is applied as the invoice stands now, never as it stood then; the
// rules are lib/invoices/state.
import type Stripe from "stripe";
import { applyInvoiceState } from "@/lib/invoices/state";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { ignored, processed, type Processed } from "../contract/inbound";
import { stripe } from "./client";
import { invoiceState } from "./invoice-state";
import type { StripeContext } from "./manifest";
import { stripeInvoicing } from "./invoicing";
import { stripeRefunds } from "./refund";

export async function onInvoiceOrderEvent(event: Stripe.Event, ctx: StripeContext): Promise<Processed> {
  const id = (event.data.object as Stripe.Invoice).id;
  if (!id) return ignored(`${event.type} names no invoice`);
  const invoice = await ctx.call("invoices.retrieve", () => stripe(ctx).invoices.retrieve(id, { expand: ["payments"] }));
  const applied = await applyInvoiceState(
    ctx.db,
    { orgId: ctx.connection.orgId, provider: "stripe", connectionId: ctx.connection.id },
    invoiceState(invoice),
    {
      refundInFull: (order) => refundLatePayment(ctx.db, stripeRefunds, ctx, order),
      voidInvoice: (invoiceId) => stripeInvoicing.voidInvoice(ctx, invoiceId),
    },
  );
  return applied.kind === "processed" ? processed(applied.text) : ignored(applied.text);
}
