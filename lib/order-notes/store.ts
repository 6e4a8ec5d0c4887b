// Notes connectors leave on an order for the admins: a provider refused to book it
// (its own words, so the admin can fix the cause there), or the provider's books
// were changed by hand (a receipt voided). One open note per order, connection and
// key; a later success resolves it.
import type { Db } from "@/lib/db/client";

export interface OrderNote {
  orderId: string;
  buyerName: string;
  buyerEmail: string;
  connectionId: string;
  connectorId: string;
  key: string;
  severity: "error" | "warning";
  message: string;
  at: Date;
}

export async function noteOnOrder(db: Db, note: { orgId: string; orderId: string; connectionId: string; key: string; severity: "error" | "warning"; message: string }): Promise<void> {
  await db
    .insertInto("order_notes")
    .values({ org_id: note.orgId, order_id: note.orderId, connection_id: note.connectionId, key: note.key, severity: note.severity, message: note.message })
    .onConflict((oc) => oc.columns(["order_id", "connection_id", "key"]).doUpdateSet({ severity: note.severity, message: note.message, resolved_at: null, updated_at: new Date() }))
    .execute();
}

export async function resolveOrderNote(db: Db, ref: { orderId: string; connectionId: string; key: string }): Promise<void> {
  await db
    .updateTable("order_notes")
    .set({ resolved_at: new Date(), updated_at: new Date() })
    .where("order_id", "=", ref.orderId)
    .where("connection_id", "=", ref.connectionId)
    .where("key", "=", ref.key)
    .where("resolved_at", "is", null)
    .execute();
}

/** Open notes on the event's orders, newest first, with the connector that left each. */
export async function openNotesForEvent(db: Db, orgId: string, eventId: string): Promise<OrderNote[]> {
  const rows = await db
    .selectFrom("order_notes as n")
    .innerJoin("orders as o", "o.id", "n.order_id")
    .innerJoin("connections as c", "c.id", "n.connection_id")
    .select(["n.order_id", "o.buyer_name", "o.buyer_email", "n.connection_id", "c.connector_id", "n.key", "n.severity", "n.message", "n.updated_at"])
    .where("n.org_id", "=", orgId)
    .where("o.event_id", "=", eventId)
    .where("n.resolved_at", "is", null)
    .orderBy("n.updated_at", "desc")
    .execute();
  return rows.map((r) => ({ orderId: r.order_id, buyerName: r.buyer_name, buyerEmail: r.buyer_email, connectionId: r.connection_id, connectorId: r.connector_id, key: r.key, severity: r.severity, message: r.message, at: r.updated_at }));
}
