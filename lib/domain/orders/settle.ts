// What payment providers tell us, applied to orders. Each function is idempotent
// and looks only at the order's current state, so callbacks may arrive twice or
// out of order without rolling anything back.
import type { Db, Tx } from "@/lib/db/client";
import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import { eventSnapshot } from "../events/snapshot";
import { soldCount } from "../events/service";
import { recordDomainEvent } from "../outbox/record";
import { planReminders } from "../reminders/schedule";
import { paymentMismatch, type PaymentSeen } from "./payment-match";
import { sql } from "kysely";
import { attendeeSnapshot, attendeeSnapshotWithAnswers, orderSnapshot } from "../registrations/snapshot";

async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  return tx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
}

/** withAnswers: for ticket.purchased, whose attendees carry their answers (a new registration's fact). */
async function orderFact(tx: Tx, order: OrderRow, attendees: AttendeeRow[], withAnswers = false) {
  const [event, types] = await Promise.all([
    tx.selectFrom("events").selectAll().where("id", "=", order.event_id).executeTakeFirstOrThrow(),
    tx.selectFrom("ticket_types").select(["id", "name"]).where("event_id", "=", order.event_id).execute(),
  ]);
  const name = (id: string) => types.find((t) => t.id === id)?.name ?? "Ticket";
  return { event: eventSnapshot(event), order: orderSnapshot(order), attendees: attendees.map((a) => (withAnswers ? attendeeSnapshotWithAnswers : attendeeSnapshot)(a, name(a.ticket_type_id))) };
}

export type SettleResult = "changed" | "unchanged";

/**
 * A payment confirmed after its order's hold was released (a provider whose
 * checkout outlived the hold, or a late callback) may only take places that are
 * still free; the event is locked as for any sale, so this cannot oversell.
 */
async function placesStillFree(tx: Tx, order: OrderRow): Promise<boolean> {
  const event = await tx.selectFrom("events").selectAll().where("id", "=", order.event_id).forUpdate().executeTakeFirstOrThrow();
  const wanted = await tx.selectFrom("attendees").select("ticket_type_id").where("order_id", "=", order.id).execute();
  if (event.capacity - (await soldCount(tx, event.id)) < wanted.length) return false;
  const types = await tx.selectFrom("ticket_types").select(["id", "quantity"]).where("event_id", "=", event.id).execute();
  for (const t of types) {
    const n = wanted.filter((w) => w.ticket_type_id === t.id).length;
    if (n > 0 && t.quantity - (await soldCount(tx, event.id, t.id)) < n) return false;
  }
  return true;
}

/**
 * The payment went through: the held places become tickets, and ticket.purchased
 * is told. "no_places" when the hold had been released and its places sold
 * since: the order stays cancelled and the caller must give the money back.
 */
export async function markOrderPaid(
  db: Db,
  orderId: string,
  refs: { paymentIntentId?: string | null; chargeId?: string | null },
  payment?: PaymentSeen,
): Promise<SettleResult | "no_places" | "mismatch"> {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) return "unchanged";
    const mismatch = payment ? paymentMismatch(order, payment) : null;
    if (mismatch) {
      await noteMismatch(tx, order, mismatch);
      return "mismatch";
    }
    if (order.status === "paid" || order.status === "refunded") return "unchanged";
    if (order.status === "cancelled" && !(await placesStillFree(tx, order))) {
      await tx
        .updateTable("orders")
        .set({ payment_intent_id: refs.paymentIntentId ?? order.payment_intent_id, charge_id: refs.chargeId ?? order.charge_id, updated_at: new Date() })
        .where("id", "=", orderId)
        .execute();
      return "no_places";
    }
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
    // The answers given at checkout become the attendees' own: each keeps those asked for every type or for its own.
    const attendees = await tx
      .updateTable("attendees")
      .set({
        status: "paid",
        answers: sql`coalesce((
          select jsonb_agg(a.answer - 'ticketTypeId' order by a.n)
          from jsonb_array_elements(${JSON.stringify(order.pending_answers ?? [])}::jsonb) with ordinality as a(answer, n)
          where a.answer->>'ticketTypeId' is null or a.answer->>'ticketTypeId' = attendees.ticket_type_id::text
        ), '[]'::jsonb)`,
      })
      .where("order_id", "=", orderId)
      .returningAll()
      .execute();
    await tx.updateTable("orders").set({ pending_answers: "[]" }).where("id", "=", orderId).execute();
    await planReminders(tx, { attendeeIds: attendees.map((a) => a.id) });
    await recordDomainEvent(tx, { orgId: order.org_id, type: "ticket.purchased", aggregateId: order.id, payload: await orderFact(tx, paid, attendees, true) });
    return "changed";
  });
}

async function noteMismatch(tx: Tx, order: OrderRow, text: string) {
  if (order.payment_mismatch === text) return;
  await tx.updateTable("orders").set({ payment_mismatch: text, payment_mismatch_at: new Date(), updated_at: new Date() }).where("id", "=", order.id).execute();
}

/**
 * A payment the provider reports on an order that is already settled (a refund or
 * dispute callback): the mismatch, kept on the order, when it is not the order's
 * own payment, so nothing is applied from it.
 */
export async function checkPayment(db: Db, orderId: string, payment: PaymentSeen): Promise<string | null> {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, orderId);
    const mismatch = order ? paymentMismatch(order, payment) : null;
    if (order && mismatch) await noteMismatch(tx, order, mismatch);
    return mismatch;
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
    await planReminders(tx, { attendeeIds: attendees.map((a) => a.id) });
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
 * An invoiced order has no checkout hold (its hold_expires_at is null) and is
 * skipped even if one were set: its invoice's end releases it (lib/invoices).
 * An order paid on our own page is skipped too: its payment is still open at the
 * provider, and is cancelled before its places are released (lib/checkout/on-page).
 */
export async function releaseExpiredHolds(db: Db, now = new Date(), graceMs = 5 * 60_000): Promise<number> {
  const expired = await db
    .selectFrom("orders")
    .select("id")
    .where("status", "=", "pending")
    .where("hold_expires_at", "<", new Date(now.getTime() - graceMs))
    .where("checkout_form", "!=", "on_page")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("order_invoices").select("order_invoices.order_id").whereRef("order_invoices.order_id", "=", "orders.id"))))
    .execute();
  let n = 0;
  for (const o of expired) if ((await cancelPendingOrder(db, o.id)) === "changed") n++;
  return n;
}
