// One reminder job's run: tell event.reminder for one attendee and offset, at
// most once. The event_reminders row (primary key attendee, offset) is inserted
// in the same transaction as the fact; a second run, on this worker or another,
// at once or after a crash, finds the row and records nothing. Everything is
// re-read here, so a job that outlived a change (the event moved, the ticket
// was cancelled) acts on the event as it is now, not as it was when planned.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { eventSnapshot } from "../events/snapshot";
import { recordDomainEvent } from "../outbox/record";
import { attendeeSnapshot } from "../registrations/snapshot";
import { reminderJobKey } from "./schedule";

export type ReminderOutcome =
  /** The fact was recorded. */
  | "sent"
  /** Another run recorded it first. */
  | "already_sent"
  /** The event moved later: the job was put off to the new due time. */
  | "rescheduled"
  /** The event has started (a worker that was down for long): a late reminder would only confuse. */
  | "too_late"
  /** Not wanted any more: ticket cancelled, refunded or used, event cancelled, offset removed, attendee gone. */
  | "not_wanted";

export async function sendReminder(db: Db, attendeeId: string, offsetMinutes: number): Promise<ReminderOutcome> {
  return db.transaction().execute(async (tx) => {
    // Shared locks: a cancellation or a move of this event waits until this run has decided.
    const attendee = await tx.selectFrom("attendees").selectAll().where("id", "=", attendeeId).forShare().executeTakeFirst();
    if (!attendee) return "not_wanted";
    const event = await tx.selectFrom("events").selectAll().where("id", "=", attendee.event_id).forShare().executeTakeFirstOrThrow();
    if (attendee.status !== "paid" || attendee.checked_in_at || event.status !== "published" || !event.reminder_offsets.includes(offsetMinutes)) {
      return "not_wanted";
    }
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(tx);
    const now = rows[0]!.now;
    const dueAt = new Date(event.starts_at.getTime() - offsetMinutes * 60_000);
    if (dueAt > now) {
      await enqueue(tx, "send_event_reminder", { attendeeId, offsetMinutes }, { jobKey: reminderJobKey(attendeeId, offsetMinutes), runAt: dueAt });
      return "rescheduled";
    }
    if (event.starts_at <= now) return "too_late";

    // The claim comes before the fact, so a losing run records nothing; the
    // fact's id replaces this stand-in before the transaction commits.
    const factId = sql<string>`gen_random_uuid()`;
    const claimed = await tx
      .insertInto("event_reminders")
      .values({ attendee_id: attendeeId, offset_minutes: offsetMinutes, org_id: attendee.org_id, event_id: event.id, starts_at: event.starts_at, domain_event_id: factId })
      .onConflict((oc) => oc.columns(["attendee_id", "offset_minutes"]).doNothing())
      .returning("attendee_id")
      .executeTakeFirst();
    if (!claimed) return "already_sent";

    const ticketType = await tx.selectFrom("ticket_types").select("name").where("id", "=", attendee.ticket_type_id).executeTakeFirstOrThrow();
    const domainEventId = await recordDomainEvent(tx, {
      orgId: attendee.org_id,
      type: "event.reminder",
      aggregateId: attendee.id,
      payload: {
        event: eventSnapshot(event),
        attendee: attendeeSnapshot(attendee, ticketType.name),
        reminder: { offsetMinutes, dueAt: dueAt.toISOString() },
      },
    });
    await tx
      .updateTable("event_reminders")
      .set({ domain_event_id: domainEventId })
      .where("attendee_id", "=", attendeeId)
      .where("offset_minutes", "=", offsetMinutes)
      .execute();
    return "sent";
  });
}
