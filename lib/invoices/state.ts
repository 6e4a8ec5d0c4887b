// What the provider says about an invoice, applied to its order. The provider's
// callback re-reads the invoice and passes its current state here, so whatever
// order callbacks arrive in, and however often, the order ends where the invoice
// is: paid settles it (the checkout's settle path: tickets valid, ticket.purchased
// told once), void, uncollectible or past due releases the places. A payment that
// comes after the places were released takes them again if they are still free,
// and is refunded in full otherwise (lib/payments/settle-paid).
import type { Db } from "@/lib/db/client";
import type { OrderInvoiceStatus, OrderRow } from "@/lib/db/schema";
import { cancelPendingOrder } from "@/lib/domain/orders/settle";
import { isMismatch, paidOutcomeText, settlePaid } from "@/lib/payments/settle-paid";
import { log } from "@/lib/log";
import { noteOnOrder } from "@/lib/order-notes/store";

/** The provider's invoice, in provider-neutral words. */
export interface InvoiceState {
  invoiceId: string;
  /** The order named in the invoice's metadata. */
  orderId: string | null;
  status: "draft" | "open" | "paid" | "void" | "uncollectible";
  dueAt: Date | null;
  hostedUrl: string | null;
  amountPaidMinor: number;
  currency: string;
  /** The payment that paid it, for refunds; null when it was marked paid outside the provider. */
  paymentIntentId: string | null;
  chargeId: string | null;
}

export interface InvoiceSource {
  orgId: string;
  provider: string;
  connectionId: string;
}

export interface Applied {
  kind: "processed" | "ignored";
  text: string;
}

/** The order's status word for an invoice in this state; "overdue" is open past its due date. */
export function invoiceStatus(state: Pick<InvoiceState, "status" | "dueAt">, now: Date): OrderInvoiceStatus | null {
  if (state.status === "draft") return null;
  if (state.status === "open") return state.dueAt && state.dueAt.getTime() <= now.getTime() ? "overdue" : "open";
  return state.status;
}

async function invoicedOrder(db: Db, source: InvoiceSource, state: InvoiceState) {
  const byInvoice = await db
    .selectFrom("order_invoices")
    .selectAll()
    .where("org_id", "=", source.orgId)
    .where("connection_id", "=", source.connectionId)
    .where("invoice_id", "=", state.invoiceId)
    .executeTakeFirst();
  if (byInvoice) return byInvoice;
  // Before the issuing request stored the invoice's id (a callback faster than our own answer), the metadata names the order.
  if (!state.orderId || !/^[0-9a-f-]{36}$/i.test(state.orderId)) return undefined;
  const byOrder = await db.selectFrom("order_invoices").selectAll().where("org_id", "=", source.orgId).where("order_id", "=", state.orderId).executeTakeFirst();
  if (!byOrder || (byOrder.invoice_id && byOrder.invoice_id !== state.invoiceId) || byOrder.connection_id !== source.connectionId) return undefined;
  return byOrder;
}

/** What applying an invoice's state may ask of its provider. */
export interface InvoiceActions {
  /** A payment that came after the places were released and sold: send it back. */
  refundInFull(order: OrderRow): Promise<void>;
  /** An invoice past due is voided at the provider before its places go back on sale, so it can no longer be paid. */
  voidInvoice(invoiceId: string): Promise<void>;
}

export async function applyInvoiceState(db: Db, source: InvoiceSource, state: InvoiceState, actions: InvoiceActions, now = new Date()): Promise<Applied> {
  const row = await invoicedOrder(db, source, state);
  if (!row) return { kind: "ignored", text: `no invoiced order of this organization for invoice ${state.invoiceId}` };
  const status = invoiceStatus(state, now);
  if (!status) return { kind: "ignored", text: `invoice ${state.invoiceId} is still a draft` };
  const mirror = (as: OrderInvoiceStatus = status) =>
    db
      .updateTable("order_invoices")
      .set({ status: as, invoice_id: state.invoiceId, hosted_url: state.hostedUrl ?? row.hosted_url, due_at: state.dueAt ?? row.due_at, updated_at: new Date() })
      .where("order_id", "=", row.order_id)
      .execute();

  if (status === "paid") {
    const result = await settlePaid(
      db,
      row.order_id,
      { paymentIntentId: state.paymentIntentId, chargeId: state.chargeId },
      async (order) => {
        // Marked paid outside the provider: there is no payment to send back through it.
        if (!order.payment_intent_id) {
          log.warn({ order: order.id, invoice: state.invoiceId }, "an invoice paid outside the provider came after its places were released and sold; the money must be returned by hand");
          await noteOnOrder(db, {
            orgId: source.orgId,
            orderId: order.id,
            connectionId: source.connectionId,
            key: "invoice_paid_after_release",
            severity: "error",
            message: `Invoice ${state.invoiceId} was marked paid outside the payment provider after its places were released and sold to others. Return the money to the company by hand, or void the payment there.`,
          });
          return;
        }
        await actions.refundInFull(order);
      },
      { provider: source.provider, connectionId: source.connectionId, amountMinor: state.amountPaidMinor, currency: state.currency, checkoutId: state.invoiceId },
    );
    // A payment that is not the order's own (see payment-match) is kept on the order; the invoice is not shown as paid.
    if (!isMismatch(result)) await mirror();
    if (result === "refunded_late" && !state.paymentIntentId) {
      return { kind: "processed", text: "invoice paid outside the provider after its places were released and sold; return the money by hand" };
    }
    return { kind: "processed", text: `invoice paid: ${paidOutcomeText(result)}` };
  }
  if (status === "open") {
    await mirror();
    return { kind: "processed", text: "invoice open; its places stay held until it is paid" };
  }
  // Throws when the provider refuses (paid meanwhile) or cannot be reached: the places stay held, and the
  // callback's retry or the next sweep reads the invoice again.
  if (status === "overdue") await actions.voidInvoice(state.invoiceId);
  // Voided now: written as void, so this (older) read cannot overwrite the "void" its own callback may have written meanwhile.
  await mirror(status === "overdue" ? "void" : status);
  const released = await cancelPendingOrder(db, row.order_id);
  const why = status === "overdue" ? "is past due and was voided" : status === "void" ? "was voided" : "was marked uncollectible";
  return { kind: "processed", text: released === "changed" ? `invoice ${why}; held places released` : `invoice ${why}; the order had no held places left to release` };
}
