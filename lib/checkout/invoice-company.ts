// Invoicing a company for a group of tickets, through a gateway that sends
// invoices: hold the places (lib/invoices/hold), make or reuse the company's
// customer at the provider, issue and send the invoice. As for a checkout, the
// provider is called after the order's transaction, so no lock is held while it
// answers; an invoice that cannot be issued releases its places at once.
// Voiding an open invoice releases them too, without waiting for the callback.
import type { Db } from "@/lib/db/client";
import { ensurePaymentCustomer } from "@/lib/customers/ensure";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { ProviderCallError } from "@/lib/integrations/contract";
import { holdInvoicedOrder } from "@/lib/invoices/hold";
import { applyInvoiceState } from "@/lib/invoices/state";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { recordIssued, recordIssueFailed, VOIDABLE } from "@/lib/invoices/store";
import { log } from "@/lib/log";
import { availableGateways, gatewayContext, orderGateway } from "./gateways";

const providerMessage = (err: unknown) => (err instanceof ProviderCallError ? err.failure.message : "unexpected error");

async function findInvoicingGateway(db: Db, orgId: string) {
  return (await availableGateways(db, orgId)).find((g) => g.gateway.payments.invoicing && g.gateway.payments.customers);
}

/** The name of the connected provider that would send an invoice, or null when none can (the event page then says so). */
export async function invoicingProvider(db: Db, orgId: string): Promise<string | null> {
  return (await findInvoicingGateway(db, orgId))?.gateway.name ?? null;
}

async function invoicingGateway(db: Db, orgId: string) {
  const choice = await findInvoicingGateway(db, orgId);
  if (!choice) throw new ConflictError("None of your connected payment providers sends invoices. Connect one that does (Settings → Integrations), then invoice the company.");
  return choice;
}

export async function invoiceCompany(db: Db, orgId: string, eventId: string, input: unknown, userId: string | null): Promise<{ orderId: string; hostedUrl: string | null }> {
  const { gateway, row } = await invoicingGateway(db, orgId);
  const ctx = await gatewayContext(db, gateway, row);
  const held = await holdInvoicedOrder(db, orgId, eventId, input, { provider: gateway.id, connectionId: ctx.connection.id }, userId);
  const { order, invoice, event, lines, existing } = held;
  if (existing && invoice.status !== "issuing" && invoice.status !== "failed") return { orderId: order.id, hostedUrl: invoice.hosted_url };
  if (existing && order.status !== "pending") throw new ConflictError("This invoice could not be issued earlier and its places were released. Reload the page to start again.");
  const { customers, invoicing } = gateway.payments;
  try {
    const customer = await ensurePaymentCustomer(db, customers!, ctx, { email: invoice.billing_email, name: invoice.company_name });
    const issued = await invoicing!.issueInvoice(ctx, {
      orderId: order.id,
      customerId: customer.provider_customer_id,
      lines,
      currency: order.currency.trim(),
      daysUntilDue: invoice.days_until_due,
      description: invoice.reference ? `${event.title} (your reference: ${invoice.reference})` : event.title,
    });
    await recordIssued(db, order.id, { paymentCustomerId: customer.id, ...issued });
    return { orderId: order.id, hostedUrl: issued.hostedUrl };
  } catch (err) {
    log.warn({ order: order.id, gateway: gateway.id, err: (err as Error).message }, "could not issue an invoice");
    await recordIssueFailed(db, order.id, providerMessage(err));
    await cancelPendingOrder(db, order.id);
    throw new ConflictError(`The invoice could not be issued (${providerMessage(err)}). No places are held; try again in a moment.`);
  }
}

/** An admin voids an open invoice: the provider first, then the places come back. */
export async function voidCompanyInvoice(db: Db, orgId: string, orderId: string): Promise<void> {
  const invoice = await db.selectFrom("order_invoices").selectAll().where("order_id", "=", orderId).where("org_id", "=", orgId).executeTakeFirst();
  if (!invoice) throw new NotFoundError("Invoice");
  if (!invoice.invoice_id || !VOIDABLE.includes(invoice.status)) throw new ConflictError(`This invoice is ${invoice.status}; only an open invoice can be voided.`);
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
  const { gateway, ctx } = await orderGateway(db, order);
  if (!gateway.payments.invoicing) throw new ConflictError(`${gateway.name} does not send invoices, so this one cannot be voided here.`);
  try {
    await gateway.payments.invoicing.voidInvoice(ctx, invoice.invoice_id);
  } catch (err) {
    throw new ConflictError(`${gateway.name} did not void the invoice (${providerMessage(err)}). Nothing changed; check whether it was paid meanwhile, or try again.`);
  }
  await db.updateTable("order_invoices").set({ status: "void", updated_at: new Date() }).where("order_id", "=", orderId).where("status", "in", VOIDABLE).execute();
  await cancelPendingOrder(db, orderId);
}

/** How long after an invoice's due date its own callback has to arrive before the sweep asks the provider. */
const DUE_GRACE_MS = 60 * 60_000;
/** An invoice never confirmed as issued (the process stopped mid-way) stops holding places after this. */
const ISSUING_TIMEOUT_MS = 60 * 60_000;

/**
 * Nothing waits forever: an open invoice past its due date whose callback never
 * came is read from its provider and applied like a callback (paid settles,
 * anything else releases); an invoice left "issuing" releases its places.
 */
export async function sweepDueInvoices(db: Db, now = new Date()): Promise<number> {
  let n = 0;
  const stuck = await db
    .selectFrom("order_invoices")
    .select("order_id")
    .where("status", "=", "issuing")
    .where("created_at", "<", new Date(now.getTime() - ISSUING_TIMEOUT_MS))
    .execute();
  for (const s of stuck) {
    await recordIssueFailed(db, s.order_id, "The invoice was not confirmed as issued in time; its places were released.");
    if ((await cancelPendingOrder(db, s.order_id)) === "changed") n++;
  }
  const due = await db
    .selectFrom("order_invoices as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select(["i.order_id", "i.invoice_id", "o.org_id", "o.payment_provider"])
    .where("i.status", "=", "open")
    .where("i.invoice_id", "is not", null)
    .where("i.due_at", "<", new Date(now.getTime() - DUE_GRACE_MS))
    .execute();
  for (const d of due) {
    try {
      const { gateway, ctx } = await orderGateway(db, d);
      const invoicing = gateway.payments.invoicing;
      if (!invoicing) continue;
      const state = await invoicing.readInvoice(ctx, d.invoice_id!);
      const applied = await applyInvoiceState(db, { orgId: d.org_id, provider: gateway.id, connectionId: ctx.connection.id }, state, (order) => refundLatePayment(db, gateway.payments, ctx, order), now);
      if (applied.kind === "processed") n++;
    } catch (err) {
      // The provider or the connection is unavailable: the next sweep asks again.
      log.warn({ order: d.order_id, err: (err as Error).message }, "could not check an invoice past its due date");
    }
  }
  return n;
}
