// What payment providers tell us, applied to orders. Each function is idempotent
// and looks only at the order's current state, so callbacks may arrive twice or
// out of order without rolling anything back.
import type { Db, Tx } from "@/lib/db/client";
import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import { eventSnapshot } from "../events/snapshot";
import { recordDomainEvent } from "../outbox/record";
import { attendeeSnapshot, orderSnapshot } from "../registrations/snapshot";

async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  return tx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
}

async function orderFact(tx: Tx, order: OrderRow, attendees: AttendeeRow[]) {
  const [event, types] = await Promise.all([
    tx.selectFrom("events").selectAll().where("id", "=", order.event_id).executeTakeFirstOrThrow(),
    tx.selectFrom("ticket_types").select(["id", "name"]).where("event_id", "=", order.event_id).execute(),
  ]);
  const name = (id: string) => types.find((t) => t.id === id)?.name ?? "Ticket";
  return { event: eventSnapshot(event), order: orderSnapshot(order), attendees: attendees.map((a) => attendeeSnapshot(a, name(a.ticket_type_id))) };
}

export type SettleResult = "changed" | "unchanged";

/** The payment went through: the held places become tickets, and ticket.purchased is told. */
export async function markOrderPaid(db: Db, orderId: string, refs: { paymentIntentId?: string | null; chargeId?: string | null }): Promise<SettleResult> {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || order.status === "paid" || order.status === "refunded") return "unchanged";
    const paid = await tx
      .updateTable("orders")
      .set({
        status: "paid",
        paid_at: new Date(),
        hold_expires_at: null,
        payment_intent_id: refs.paymentIntentId ?? order.payment_intent_id,
        charge_id: refs.chargeId ?? order.charge_id,
        updated_at: new Date(),
      })
      .where("id", "=", orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const attendees = await tx.updateTable("attendees").set({ status: "paid" }).where("order_id", "=", orderId).returningAll().execute();
    await recordDomainEvent(tx, { orgId: order.org_id, type: "ticket.purchased", aggregateId: order.id, payload: await orderFact(tx, paid, attendees) });
    return "changed";
  });
}

/** Checkout expired or the payment failed for good: release the held places. A paid order is never touched. */
export async function cancelPendingOrder(db: Db, orderId: string): Promise<SettleResult> {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || order.status !== "pending") return "unchanged";
    await tx.updateTable("orders").set({ status: "cancelled", hold_expires_at: null, updated_at: new Date() }).where("id", "=", orderId).execute();
    await tx.updateTable("attendees").set({ status: "cancelled" }).where("order_id", "=", orderId).execute();
    return "changed";
  });
}

export async function updatePaymentRefs(db: Db, orderId: string, refs: { paymentIntentId?: string | null; chargeId?: string | null }) {
  await db
    .updateTable("orders")
    .set({
      ...(refs.paymentIntentId ? { payment_intent_id: refs.paymentIntentId } : {}),
      ...(refs.chargeId ? { charge_id: refs.chargeId } : {}),
      updated_at: new Date(),
    })
    .where("id", "=", orderId)
    .execute();
}

/**
 * The provider's view of refunds on the order's charge: the total refunded, and
 * which attendees individual refunds were for. Tickets named by a refund, or all
 * of them once the whole amount is back, become refunded; ticket.refunded is told
 * about exactly the newly refunded ones.
 */
export async function applyRefunds(db: Db, orderId: string, provider: { refundedMinor: number; attendeeIds: string[] }): Promise<SettleResult> {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order || (order.status !== "paid" && order.status !== "refunded")) return "unchanged";
    const full = provider.refundedMinor >= order.total_minor;
    const refundable = await tx.selectFrom("attendees").selectAll().where("order_id", "=", orderId).where("status", "=", "paid").execute();
    const newlyRefunded = refundable.filter((a) => full || provider.attendeeIds.includes(a.id));
    if (provider.refundedMinor <= order.refunded_minor && newlyRefunded.length === 0) return "unchanged";
    const updated = await tx
      .updateTable("orders")
      .set({ refunded_minor: Math.max(order.refunded_minor, provider.refundedMinor), status: full ? "refunded" : order.status, updated_at: new Date() })
      .where("id", "=", orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (newlyRefunded.length === 0) return "changed";
    const attendees = await tx
      .updateTable("attendees")
      .set({ status: "refunded" })
      .where("id", "in", newlyRefunded.map((a) => a.id))
      .returningAll()
      .execute();
    await recordDomainEvent(tx, { orgId: order.org_id, type: "ticket.refunded", aggregateId: order.id, payload: await orderFact(tx, updated, attendees) });
    return "changed";
  });
}

export async function markDisputed(db: Db, orderId: string): Promise<SettleResult> {
  const res = await db.updateTable("orders").set({ disputed_at: new Date(), updated_at: new Date() }).where("id", "=", orderId).where("disputed_at", "is", null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0 ? "changed" : "unchanged";
}

/**
 * Holds whose checkout never finished release their places. The provider's own
 * expiry callback normally does this; the grace period leaves it time to arrive.
 */
export async function releaseExpiredHolds(db: Db, now = new Date(), graceMs = 5 * 60_000): Promise<number> {
  const expired = await db.selectFrom("orders").select("id").where("status", "=", "pending").where("hold_expires_at", "<", new Date(now.getTime() - graceMs)).execute();
  let n = 0;
  for (const o of expired) if ((await cancelPendingOrder(db, o.id)) === "changed") n++;
  return n;
}
