// Invoicing a company for a group of tickets, through a gateway that sends
// invoices: hold the places (lib/invoices/hold), make or reuse the company's
// customer at the provider, issue and send the invoice. As for a checkout, the
// provider is called after the order's transaction, so no lock is held while it
// answers. An invoice whose issuing failed releases its places only once the
// provider confirms none for the order can be paid. Voiding an open invoice
// releases them too, without waiting for the callback.
import type { Db } from "@/lib/db/client";
import { ensurePaymentCustomer } from "@/lib/customers/ensure";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { ProviderCallError } from "@/lib/integrations/contract";
import { holdInvoicedOrder } from "@/lib/invoices/hold";
import { applyInvoiceState, type InvoiceActions } from "@/lib/invoices/state";
import { refundLatePayment } from "@/lib/payments/late-payment";
import { recordIssued, recordIssueFailed, recordIssueUnconfirmed, VOIDABLE } from "@/lib/invoices/store";
import { noteOnOrder } from "@/lib/order-notes/store";
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

type Gateway = Awaited<ReturnType<typeof orderGateway>>;

function actionsFor(db: Db, { gateway, ctx }: Gateway): InvoiceActions {
  return {
    refundInFull: (order) => refundLatePayment(db, gateway.payments, ctx, order),
    voidInvoice: (invoiceId) => gateway.payments.invoicing!.voidInvoice(ctx, invoiceId),
  };
}

type Withdrawn = "released" | "paid" | "unconfirmed";

/**
 * Issuing failed, or never finished: it is unknown how far the provider got. The
 * places are released only once the provider says no invoice for the order can
 * be paid; until it can be asked, they stay held.
 */
async function withdrawAndRelease(db: Db, g: Gateway, orderId: string, customerId: string | null, why: string): Promise<Withdrawn> {
  try {
    // Without a customer no invoice was ever created.
    const outcome = customerId ? await g.gateway.payments.invoicing!.withdrawInvoice(g.ctx, { orderId, customerId }) : "withdrawn";
    if (outcome === "paid") return "paid";
  } catch (err) {
    log.warn({ order: orderId, err: (err as Error).message }, "could not withdraw an invoice that was not confirmed as issued");
    await recordIssueUnconfirmed(db, orderId, `${why} Its places stay held until ${g.gateway.name} confirms no invoice can be paid.`);
    return "unconfirmed";
  }
  await recordIssueFailed(db, orderId, why);
  await cancelPendingOrder(db, orderId);
  return "released";
}

export async function invoiceCompany(db: Db, orgId: string, eventId: string, input: unknown, userId: string | null): Promise<{ orderId: string; hostedUrl: string | null }> {
  const { gateway, row } = await invoicingGateway(db, orgId);
  const ctx = await gatewayContext(db, gateway, row);
  const held = await holdInvoicedOrder(db, orgId, eventId, input, { provider: gateway.id, connectionId: ctx.connection.id }, userId);
  const { order, invoice, event, lines, existing } = held;
  if (existing) {
    // One request issues an invoice: a double submit, or a retry while the first still runs, waits for its outcome.
    if (invoice.status === "issuing") throw new ConflictError("This invoice is already being issued; the list of invoices shows its outcome in a moment.");
    if (invoice.status === "failed") throw new ConflictError("This invoice could not be issued earlier and its places were released. Reload the page to start again.");
    return { orderId: order.id, hostedUrl: invoice.hosted_url };
  }
  const { customers, invoicing } = gateway.payments;
  let customerId: string | null = null;
  try {
    const customer = await ensurePaymentCustomer(db, customers!, ctx, { email: invoice.billing_email, name: invoice.company_name });
    customerId = customer.provider_customer_id;
    // Kept before issuing, so a sweep can find the invoice at the provider if this request stops half-way.
    await db.updateTable("orders").set({ payment_customer_id: customer.id, updated_at: new Date() }).where("id", "=", order.id).execute();
    const issued = await invoicing!.issueInvoice(ctx, {
      orderId: order.id,
      customerId,
      lines,
      currency: order.currency.trim(),
      daysUntilDue: invoice.days_until_due,
      description: invoice.reference ? `${event.title} (your reference: ${invoice.reference})` : event.title,
    });
    await recordIssued(db, order.id, { paymentCustomerId: customer.id, ...issued });
    return { orderId: order.id, hostedUrl: issued.hostedUrl };
  } catch (err) {
    log.warn({ order: order.id, gateway: gateway.id, err: (err as Error).message }, "could not issue an invoice");
    const why = `The invoice could not be issued (${providerMessage(err)}).`;
    const outcome = await withdrawAndRelease(db, { gateway, ctx }, order.id, customerId, why);
    if (outcome === "released") throw new ConflictError(`${why} No places are held; try again in a moment.`);
    if (outcome === "paid") return { orderId: order.id, hostedUrl: null };
    throw new ConflictError(`${why} ${gateway.name} could not confirm whether it was sent, so its places stay held until it can; the list of invoices shows the outcome. Do not issue it again meanwhile.`);
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
/** An invoice not confirmed as issued is looked up at the provider after this (the issuing request has long ended). */
const ISSUING_TIMEOUT_MS = 10 * 60_000;
/**
 * Places held for an invoice whose provider cannot be asked at all (its connection
 * removed) go back on sale this long after the due date, with a note on the order
 * to void the invoice by hand.
 */
export const ABANDON_AFTER_MS = 30 * 86_400_000;

async function abandon(db: Db, row: { order_id: string; org_id: string; connection_id: string | null; invoice_id: string | null }, why: string): Promise<boolean> {
  await recordIssueFailed(db, row.order_id, why);
  await db.updateTable("order_invoices").set({ status: "void", last_error: why, updated_at: new Date() }).where("order_id", "=", row.order_id).where("status", "in", VOIDABLE).execute();
  if (row.connection_id) {
    await noteOnOrder(db, { orgId: row.org_id, orderId: row.order_id, connectionId: row.connection_id, key: "invoice_abandoned", severity: "error", message: why });
  }
  return (await cancelPendingOrder(db, row.order_id)) === "changed";
}

/**
 * Nothing waits forever: an invoice left "issuing" is looked up at its provider
 * (withdrawn, then released); an open invoice past its due date whose callback
 * never came is read and applied like a callback (paid settles, past due is voided
 * and released); an invoice whose provider is gone is released after a deadline.
 */
export async function sweepDueInvoices(db: Db, now = new Date()): Promise<number> {
  let n = 0;
  const stuck = await db
    .selectFrom("order_invoices as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .leftJoin("payment_customers as c", "c.id", "o.payment_customer_id")
    .select(["i.order_id", "i.org_id", "i.connection_id", "i.invoice_id", "i.created_at", "i.days_until_due", "o.payment_provider", "c.provider_customer_id"])
    .where("i.status", "=", "issuing")
    .where("i.created_at", "<", new Date(now.getTime() - ISSUING_TIMEOUT_MS))
    .execute();
  for (const s of stuck) {
    const g = await orderGateway(db, { org_id: s.org_id, payment_provider: s.payment_provider }).catch(() => null);
    if (!g?.gateway.payments.invoicing) {
      // Had it been sent, it would be due this many days after it was made: the company may pay until then.
      const dueAt = s.created_at.getTime() + s.days_until_due * 86_400_000;
      if (dueAt < now.getTime() - ABANDON_AFTER_MS && (await abandon(db, s, "The invoice was never confirmed as issued and its payment provider is no longer connected; its places were released. If the company received an invoice, void it at the provider by hand."))) n++;
      continue;
    }
    const outcome = await withdrawAndRelease(db, g, s.order_id, s.provider_customer_id, "The invoice was not confirmed as issued in time; it was withdrawn at the payment provider and its places were released.");
    if (outcome === "released") n++;
  }
  const due = await db
    .selectFrom("order_invoices as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select(["i.order_id", "i.org_id", "i.connection_id", "i.invoice_id", "i.due_at", "o.payment_provider"])
    .where("i.status", "=", "open")
    .where("i.invoice_id", "is not", null)
    .where("i.due_at", "<", new Date(now.getTime() - DUE_GRACE_MS))
    .execute();
  for (const d of due) {
    const g = await orderGateway(db, { org_id: d.org_id, payment_provider: d.payment_provider }).catch(() => null);
    if (!g?.gateway.payments.invoicing) {
      const late = d.due_at && d.due_at.getTime() < now.getTime() - ABANDON_AFTER_MS;
      if (late && (await abandon(db, d, `Invoice ${d.invoice_id} is long past due and its payment provider is no longer connected, so it could not be voided; its places were released. Void it at the provider by hand so it cannot be paid.`))) n++;
      continue;
    }
    try {
      const state = await g.gateway.payments.invoicing.readInvoice(g.ctx, d.invoice_id!);
      const applied = await applyInvoiceState(db, { orgId: d.org_id, provider: g.gateway.id, connectionId: g.ctx.connection.id }, state, actionsFor(db, g), now);
      if (applied.kind === "processed") n++;
    } catch (err) {
      // The provider is unavailable, or refused the void (paid meanwhile): the next sweep reads it again.
      log.warn({ order: d.order_id, err: (err as Error).message }, "could not check an invoice past its due date");
    }
  }
  return n;
}
