// The invoices of orders as this side keeps them: what the provider answered when
// the invoice was issued, and the list an event's page shows.
import type { Db } from "@/lib/db/client";
import type { OrderInvoiceStatus, OrderStatus } from "@/lib/db/schema";

export interface IssuedInvoice {
  /** The company as the provider's customer (payment_customers). */
  paymentCustomerId: string;
  invoiceId: string;
  hostedUrl: string | null;
  dueAt: Date;
}

/**
 * The provider issued the invoice: its id becomes the order's checkout id, so
 * only this invoice's payment settles the order. A callback may have come first
 * and moved the status on; it is then left as the callback set it.
 */
export async function recordIssued(db: Db, orderId: string, issued: IssuedInvoice): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("order_invoices").selectAll().where("order_id", "=", orderId).forUpdate().executeTakeFirstOrThrow();
    // A row already marked failed had its invoice withdrawn and its places released: it is not reopened.
    if (row.status === "failed") return;
    await tx.updateTable("orders").set({ checkout_id: issued.invoiceId, payment_customer_id: issued.paymentCustomerId, updated_at: new Date() }).where("id", "=", orderId).execute();
    const firstWord = row.status === "issuing";
    await tx
      .updateTable("order_invoices")
      .set({
        invoice_id: issued.invoiceId,
        hosted_url: row.hosted_url ?? issued.hostedUrl,
        due_at: row.due_at ?? issued.dueAt,
        status: firstWord ? "open" : row.status,
        last_error: null,
        updated_at: new Date(),
      })
      .where("order_id", "=", orderId)
      .execute();
  });
}

export async function recordIssueFailed(db: Db, orderId: string, message: string): Promise<void> {
  await db.updateTable("order_invoices").set({ status: "failed", last_error: message, updated_at: new Date() }).where("order_id", "=", orderId).where("status", "=", "issuing").execute();
}

/** Issuing stopped half-way and the provider could not be asked yet: the row stays "issuing", holding its places, with the reason shown. */
export async function recordIssueUnconfirmed(db: Db, orderId: string, message: string): Promise<void> {
  await db.updateTable("order_invoices").set({ last_error: message, updated_at: new Date() }).where("order_id", "=", orderId).where("status", "=", "issuing").execute();
}

export interface EventInvoice {
  orderId: string;
  companyName: string;
  billingEmail: string;
  reference: string | null;
  status: OrderInvoiceStatus;
  orderStatus: OrderStatus;
  tickets: number;
  ticketTypeName: string;
  totalMinor: number;
  currency: string;
  hostedUrl: string | null;
  dueAt: Date | null;
  lastError: string | null;
  createdAt: Date;
}

/** Invoices an admin can still void: the provider's invoice is open (past due or not). */
export const VOIDABLE: OrderInvoiceStatus[] = ["open", "overdue"];

export async function invoicesForEvent(db: Db, orgId: string, eventId: string): Promise<EventInvoice[]> {
  const rows = await db
    .selectFrom("order_invoices as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select((eb) => [
      "i.order_id",
      "i.company_name",
      "i.billing_email",
      "i.reference",
      "i.status",
      "o.status as order_status",
      "o.total_minor",
      "o.currency",
      "i.hosted_url",
      "i.due_at",
      "i.last_error",
      "i.created_at",
      eb.selectFrom("attendees").select((a) => a.fn.countAll<string>().as("n")).whereRef("attendees.order_id", "=", "o.id").as("tickets"),
      eb
        .selectFrom("attendees")
        .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
        .select("ticket_types.name")
        .whereRef("attendees.order_id", "=", "o.id")
        .limit(1)
        .as("ticket_type_name"),
    ])
    .where("i.org_id", "=", orgId)
    .where("o.event_id", "=", eventId)
    .orderBy("i.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    orderId: r.order_id,
    companyName: r.company_name,
    billingEmail: r.billing_email,
    reference: r.reference,
    status: r.status,
    orderStatus: r.order_status,
    tickets: Number(r.tickets ?? 0),
    ticketTypeName: r.ticket_type_name ?? "Ticket",
    totalMinor: r.total_minor,
    currency: r.currency.trim(),
    hostedUrl: r.hosted_url,
    dueAt: r.due_at,
    lastError: r.last_error,
    createdAt: r.created_at,
  }));
}
