// Passing a ticket on to another person. The old attendee is cancelled and points
// at its replacement; the new attendee holds the same order's place of the same
// ticket type with a code of its own, so the old code stops admitting anyone the
// moment this commits. Places taken do not change (one cancelled, one paid), and
// `ticket.transferred` is told in the same transaction.
//
// The new holder answers no registration questions here: the old holder's answers
// were about them (diet, sizes), so they stay on the old row.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { AttendeeRow, OrderRow } from "@/lib/db/schema";
import { buyerFields } from "../buyer";
import { ConflictError, NotFoundError, ValidationError, parseOrThrow } from "../errors";
import { eventSnapshot } from "../events/snapshot";
import { recordDomainEvent } from "../outbox/record";
import { planReminders } from "../reminders/schedule";
import { attendeeSnapshot, orderSnapshot } from "./snapshot";

export const transferInput = z.object({
  name: z.string().trim().min(1, "Enter the new holder's name").max(200, "Keep the name under 200 characters"),
  email: buyerFields.email,
});
export type TransferInput = z.input<typeof transferInput>;

export interface Transfer {
  from: AttendeeRow;
  to: AttendeeRow;
  order: OrderRow;
}

/** Refused, with the reason in words, for a ticket that is not valid and unused, or whose event is over or cancelled. */
export async function transferTicket(db: Db, orgId: string, attendeeId: string, input: unknown): Promise<Transfer> {
  const v = parseOrThrow(transferInput, input);
  return db.transaction().execute(async (tx) => {
    const found = await tx.selectFrom("attendees").select("order_id").where("id", "=", attendeeId).where("org_id", "=", orgId).executeTakeFirst();
    if (!found) throw new NotFoundError("Attendee");
    // The order first, then its ticket: the same order as cancelling and claiming a refund take, so they queue instead of deadlocking.
    const order = await tx.selectFrom("orders").selectAll().where("id", "=", found.order_id).forUpdate().executeTakeFirstOrThrow();
    const from = await tx.selectFrom("attendees").selectAll().where("id", "=", attendeeId).forUpdate().executeTakeFirstOrThrow();
    if (from.transferred_to) throw new ConflictError("This ticket was already transferred; transfer the new holder's ticket instead.");
    if (from.status !== "paid") throw new ConflictError(`This ticket is ${from.status}; only a valid ticket can be transferred.`);
    if (from.checked_in_at) throw new ConflictError("This ticket was already used to check in; a used ticket cannot be transferred.");
    if (from.email === v.email) throw new ValidationError({ email: ["This ticket is already held by this e-mail address"] });
    const event = await tx.selectFrom("events").selectAll().where("id", "=", from.event_id).executeTakeFirstOrThrow();
    if (event.status === "cancelled") throw new ConflictError("The event is cancelled; its tickets cannot be transferred.");
    if (event.ends_at <= new Date()) throw new ConflictError("The event is over; its tickets can no longer be transferred.");
    const refund = await tx
      .selectFrom("refund_requests")
      .select("id")
      .where("order_id", "=", order.id)
      .where("scope", "in", [attendeeId, "order"])
      .where("status", "in", ["claimed", "requested"])
      .executeTakeFirst();
    if (refund) throw new ConflictError("A refund of this ticket is under way; it cannot be transferred as well.");

    const to = await tx
      .insertInto("attendees")
      .values({
        org_id: from.org_id,
        event_id: from.event_id,
        order_id: from.order_id,
        ticket_type_id: from.ticket_type_id,
        name: v.name,
        email: v.email,
        phone: null,
        status: "paid",
        // The ticket keeps what was paid for it, so a refund after a transfer returns that.
        price_paid_minor: from.price_paid_minor,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const voided = await tx
      .updateTable("attendees")
      .set({ status: "cancelled", transferred_to: to.id })
      .where("id", "=", attendeeId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The old holder hears no more reminders; the new one hears those still ahead.
    await planReminders(tx, { attendeeIds: [voided.id, to.id] });
    const ticketType = await tx.selectFrom("ticket_types").select("name").where("id", "=", from.ticket_type_id).executeTakeFirstOrThrow();
    await recordDomainEvent(tx, {
      orgId,
      type: "ticket.transferred",
      aggregateId: order.id,
      payload: {
        event: eventSnapshot(event),
        order: orderSnapshot(order),
        from: attendeeSnapshot(voided, ticketType.name),
        to: attendeeSnapshot(to, ticketType.name),
      },
    });
    return { from: voided, to, order };
  });
}
