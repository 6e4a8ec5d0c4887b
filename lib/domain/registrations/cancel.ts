// Cancelling one ticket of a registration: the attendee is cancelled, its place
// is free again (places taken count only pending and paid tickets), and
// `registration.cancelled` is written to the outbox, all in one transaction.
// Only free tickets are cancelled, a free ticket of an order with paid ones too:
// a paid ticket is refunded by an admin, which frees its place and returns the
// money. Cancelling twice changes nothing and tells nobody twice.
import type { Db, Tx } from "@/lib/db/client";
import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { eventSnapshot } from "../events/snapshot";
import { recordDomainEvent } from "../outbox/record";
import { attendeeSnapshot, orderSnapshot } from "./snapshot";
import { planReminders } from "../reminders/schedule";

export interface Cancellation {
  attendee: AttendeeRow;
  order: OrderRow;
  /** False when the ticket was already cancelled: nothing changed and no fact was written. */
  changed: boolean;
}

/** By an organization member, from the event's admin page. */
export async function cancelRegistration(db: Db, orgId: string, attendeeId: string): Promise<Cancellation> {
  return db.transaction().execute(async (tx) => {
    const attendee = await tx.selectFrom("attendees").select(["id", "order_id"]).where("id", "=", attendeeId).where("org_id", "=", orgId).executeTakeFirst();
    if (!attendee) throw new NotFoundError("Attendee");
    return cancelInTx(tx, attendee.order_id, attendeeId, "This ticket was paid for: refund it instead, which also frees the place.");
  });
}

/**
 * By the attendee, from their order page: knowing the order's URL (event slug and
 * order id) is what entitles them, so the ticket must belong to that very order.
 */
export async function cancelOwnRegistration(db: Db, input: { slug: string; orderId: string; attendeeId: string }): Promise<Cancellation> {
  return db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom("attendees")
      .innerJoin("events", "events.id", "attendees.event_id")
      .select("attendees.id")
      .where("attendees.id", "=", input.attendeeId)
      .where("attendees.order_id", "=", input.orderId)
      .where("events.slug", "=", input.slug)
      .executeTakeFirst();
    if (!found) throw new NotFoundError("Ticket");
    return cancelInTx(tx, input.orderId, input.attendeeId, "A paid ticket cannot be cancelled here: ask the organizer for a refund.");
  });
}

/**
 * Whether this ticket cost its buyer money, so that only a refund may end it. An
 * order of total 0 paid nothing for any ticket (older rows of a member's free
 * ticket did not record its price); otherwise the ticket's own price decides, as
 * refunds read it: what the buyer paid, or the type's price where that was not recorded.
 */
export function paidFor(orderTotalMinor: number, ticketPriceMinor: number): boolean {
  return orderTotalMinor > 0 && ticketPriceMinor > 0;
}

async function ticketPrice(tx: Tx, attendeeId: string): Promise<number> {
  const row = await tx
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .select((eb) => eb.fn.coalesce("attendees.price_paid_minor", "ticket_types.price_minor").as("price_minor"))
    .where("attendees.id", "=", attendeeId)
    .executeTakeFirstOrThrow();
  return row.price_minor;
}

async function cancelInTx(tx: Tx, orderId: string, attendeeId: string, paidMessage: string): Promise<Cancellation> {
  // The order first, then its ticket: two tickets of one order cancelled at once
  // queue here, so exactly one of them sees the order emptied.
  const order = await tx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirstOrThrow();
  const attendee = await tx.selectFrom("attendees").selectAll().where("id", "=", attendeeId).forUpdate().executeTakeFirstOrThrow();
  if (attendee.status === "cancelled") return { attendee, order, changed: false };
  if (paidFor(order.total_minor, await ticketPrice(tx, attendeeId))) throw new ConflictError(paidMessage);
  if (attendee.status !== "paid") throw new ConflictError(`This ticket is ${attendee.status}; only a valid ticket can be cancelled.`);
  if (attendee.checked_in_at) throw new ConflictError("This attendee is already checked in; a ticket that was used cannot be cancelled.");

  const cancelled = await tx.updateTable("attendees").set({ status: "cancelled" }).where("id", "=", attendeeId).returningAll().executeTakeFirstOrThrow();
  await planReminders(tx, { attendeeIds: [attendeeId] });
  const stillValid = await tx
    .selectFrom("attendees")
    .select("id")
    .where("order_id", "=", orderId)
    .where("status", "in", ["pending", "paid"])
    .executeTakeFirst();
  // A free order with no ticket left is over. An order that took money keeps its
  // status: its paid tickets were refunded (fully or in part), which its status says.
  const updatedOrder = stillValid || order.total_minor > 0
    ? order
    : await tx.updateTable("orders").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", orderId).returningAll().executeTakeFirstOrThrow();

  const [event, ticketType] = await Promise.all([
    tx.selectFrom("events").selectAll().where("id", "=", cancelled.event_id).executeTakeFirstOrThrow(),
    tx.selectFrom("ticket_types").select("name").where("id", "=", cancelled.ticket_type_id).executeTakeFirstOrThrow(),
  ]);
  await recordDomainEvent(tx, {
    orgId: cancelled.org_id,
    type: "registration.cancelled",
    aggregateId: orderId,
    payload: {
      event: eventSnapshot(event),
      order: orderSnapshot(updatedOrder),
      attendees: [attendeeSnapshot(cancelled, ticketType.name)],
    },
  });
  return { attendee: cancelled, order: updatedOrder, changed: true };
}
