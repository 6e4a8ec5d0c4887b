import type { Db, Tx } from "@/lib/db/client";
import type { AttendeeRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "../errors";
import { recordDomainEvent } from "../outbox/record";
import { eventSnapshot } from "../events/snapshot";
import { attendeeSnapshot } from "../registrations/snapshot";
import { planReminders } from "../reminders/schedule";

export async function listAttendees(db: Db, orgId: string, eventId: string) {
  return db
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .innerJoin("orders", "orders.id", "attendees.order_id")
    .selectAll("attendees")
    .select(["ticket_types.name as ticket_type_name", "ticket_types.price_minor", "orders.status as order_status", "orders.total_minor as order_total_minor", "orders.payment_intent_id", "orders.payment_provider", "orders.disputed_at", "orders.payment_mismatch", "orders.payment_customer_id"])
    .where("attendees.org_id", "=", orgId)
    .where("attendees.event_id", "=", eventId)
    .orderBy("attendees.created_at", "desc")
    .execute();
}

/** Checking in twice is harmless: the first time stands and no second fact is emitted. */
export async function checkIn(db: Db, orgId: string, attendeeId: string): Promise<AttendeeRow> {
  return (await checkInOnce(db, orgId, attendeeId)).attendee;
}

/** As checkIn, saying whether the attendee was checked in already (a second scan, a second click). */
export async function checkInOnce(db: Db, orgId: string, attendeeId: string): Promise<{ attendee: AttendeeRow; already: boolean }> {
  return db.transaction().execute(async (tx) => {
    const attendee = await tx
      .selectFrom("attendees")
      .selectAll()
      .where("id", "=", attendeeId)
      .where("org_id", "=", orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!attendee) throw new NotFoundError("Attendee");
    if (attendee.checked_in_at) return { attendee, already: true };
    if (attendee.status !== "paid") {
      throw new ConflictError(`This ticket is ${attendee.status}; only valid tickets can be checked in.`);
    }
    const updated = await tx
      .updateTable("attendees")
      .set({ checked_in_at: new Date() })
      .where("id", "=", attendeeId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A ticket that was used needs no reminder.
    await planReminders(tx, { attendeeIds: [attendeeId] });
    await tellAttendeeFact(tx, orgId, "attendee.checked_in", updated);
    return { attendee: updated, already: false };
  });
}

/**
 * Undoing a check-in made by mistake (a wrong scan, a wrong click): the ticket
 * admits its holder again and `attendee.check_in_undone` is told. Undoing when
 * nobody is checked in changes nothing and tells nobody.
 */
export async function undoCheckIn(db: Db, orgId: string, attendeeId: string): Promise<{ attendee: AttendeeRow; changed: boolean }> {
  return db.transaction().execute(async (tx) => {
    const attendee = await tx.selectFrom("attendees").selectAll().where("id", "=", attendeeId).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    if (!attendee) throw new NotFoundError("Attendee");
    if (!attendee.checked_in_at) return { attendee, changed: false };
    if (attendee.status !== "paid") {
      throw new ConflictError(`This ticket is ${attendee.status}; its check-in stays on record and it cannot admit anyone again.`);
    }
    const updated = await tx.updateTable("attendees").set({ checked_in_at: null }).where("id", "=", attendeeId).returningAll().executeTakeFirstOrThrow();
    // Not in after all: reminders still due before the start apply to them again.
    await planReminders(tx, { attendeeIds: [attendeeId] });
    await tellAttendeeFact(tx, orgId, "attendee.check_in_undone", updated);
    return { attendee: updated, changed: true };
  });
}

/** A fact about one attendee ({event, attendee}), in the transaction that changed it. */
async function tellAttendeeFact(tx: Tx, orgId: string, type: "attendee.checked_in" | "attendee.check_in_undone", attendee: AttendeeRow): Promise<void> {
  const [event, ticketType] = await Promise.all([
    tx.selectFrom("events").selectAll().where("id", "=", attendee.event_id).executeTakeFirstOrThrow(),
    tx.selectFrom("ticket_types").select("name").where("id", "=", attendee.ticket_type_id).executeTakeFirstOrThrow(),
  ]);
  await recordDomainEvent(tx, { orgId, type, aggregateId: attendee.id, payload: { event: eventSnapshot(event), attendee: attendeeSnapshot(attendee, ticketType.name) } });
}
