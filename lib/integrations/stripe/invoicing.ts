// Stripe Invoices for orders invoiced to a company: a draft with one item per
// ticket type, finalized and sent by e-mail (collection_method send_invoice, so
// the company pays on Stripe's hosted invoice page within days_until_due). Every
// step carries an idempotency key derived from the order, so issuing the same
// order again (a retry, a double submit) replays the steps Stripe already did
// instead of making a second invoice or adding lines twice.
import Stripe from "stripe";
import type { Invoicing } from "../contract/invoicing";
import { stripe } from "./client";
import { invoiceState } from "./invoice-state";
import type { StripeContext } from "./manifest";

function dueAt(invoice: Stripe.Invoice, daysUntilDue: number): Date {
  return invoice.due_date ? new Date(invoice.due_date * 1000) : new Date(Date.now() + daysUntilDue * 86_400_000);
}

export const stripeInvoicing: Invoicing<StripeContext> = {
  async issueInvoice(ctx, inv) {
    const api = stripe(ctx);
    const key = `order-invoice-${inv.orderId}`;
    const currency = inv.currency.trim().toLowerCase();
    const metadata = { org_id: ctx.connection.orgId, order_id: inv.orderId };
    const created = await ctx.call("invoices.create", () =>
      api.invoices.create(
        {
          customer: inv.customerId,
          collection_method: "send_invoice",
          days_until_due: inv.daysUntilDue,
          currency,
          description: inv.description,
          metadata,
          // Only the lines added below: never items left pending on the company's customer.
          pending_invoice_items_behavior: "exclude",
          auto_advance: false,
        },
        { idempotencyKey: key },
      ),
    );
    // A replayed create answers with the draft as it was; what matters is where the invoice is now.
    let invoice = await ctx.call("invoices.retrieve", () => api.invoices.retrieve(created.id));
    if (invoice.status === "draft") {
      for (const [i, line] of inv.lines.entries()) {
        await ctx.call("invoiceItems.create", () =>
          api.invoiceItems.create(
            {
              customer: inv.customerId,
              invoice: invoice.id,
              currency,
              description: line.name,
              quantity: line.quantity,
              // The unit price as Stripe's decimal type (minor units): quantity × unit shows on the invoice.
              unit_amount_decimal: Stripe.Decimal.from(line.unitMinor),
              metadata: { ...metadata, ticket_type_id: line.ticketTypeId },
            },
            { idempotencyKey: `${key}-line-${i}` },
          ),
        );
      }
      const id = invoice.id;
      invoice = await ctx.call("invoices.finalizeInvoice", () => api.invoices.finalizeInvoice(id, { auto_advance: true }, { idempotencyKey: `${key}-finalize` }));
    }
    if (invoice.status === "open") {
      const id = invoice.id;
      invoice = await ctx.call("invoices.sendInvoice", () => api.invoices.sendInvoice(id, {}, { idempotencyKey: `${key}-send` }));
    }
    return { invoiceId: invoice.id, hostedUrl: invoice.hosted_invoice_url ?? null, dueAt: dueAt(invoice, inv.daysUntilDue) };
  },

  async readInvoice(ctx, invoiceId) {
    return invoiceState(await ctx.call("invoices.retrieve", () => stripe(ctx).invoices.retrieve(invoiceId, { expand: ["payments"] })));
  },

  async withdrawInvoice(ctx, { orderId, customerId }) {
    const api = stripe(ctx);
    // Listed by customer, not searched: the list is exact at once, search lags behind.
    const mine = (await ctx.call("invoices.list", () => api.invoices.list({ customer: customerId, limit: 100 }))).data.filter((i) => i.metadata?.order_id === orderId);
    if (mine.some((i) => i.status === "paid")) return "paid";
    for (const invoice of mine) {
      const id = invoice.id!;
      if (invoice.status === "draft") await ctx.call("invoices.del", () => api.invoices.del(id));
      else if (invoice.status === "open" || invoice.status === "uncollectible") await ctx.call("invoices.voidInvoice", () => api.invoices.voidInvoice(id, {}, { idempotencyKey: `void-${id}` }));
    }
    return "withdrawn";
  },

  async voidInvoice(ctx, invoiceId) {
    await ctx.call("invoices.voidInvoice", () => stripe(ctx).invoices.voidInvoice(invoiceId, {}, { idempotencyKey: `void-${invoiceId}` }));
  },
};
