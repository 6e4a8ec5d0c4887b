// An event's reminder settings: which offsets, and what they mean for this
// event's start. Saving re-plans every attendee's reminders in the same
// transaction (jobs of removed offsets go, new ones are added).
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, parseOrThrow } from "../errors";
import { reminderOffsetsInput } from "./offsets";
import { planReminders } from "./schedule";

export async function updateReminderOffsets(db: Db, orgId: string, eventId: string, input: unknown): Promise<EventRow> {
  const v = parseOrThrow(reminderOffsetsInput, input);
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError("Event");
    if (current.status === "cancelled") throw new ConflictError("A cancelled event sends no reminders.");
    const event = await tx
      .updateTable("events")
      .set({ reminder_offsets: v.reminderOffsets, updated_at: new Date() })
      .where("id", "=", eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await planReminders(tx, { eventId }, { alsoDrop: current.reminder_offsets });
    return event;
  });
}

export interface ReminderLine {
  offsetMinutes: number;
  dueAt: Date;
  /** How many attendees it went out to. */
  sent: number;
}

/** Each offset of the event with when it is due and how many reminders went out, largest offset first. */
export async function reminderOverview(db: Db, event: EventRow): Promise<ReminderLine[]> {
  const counts = await db
    .selectFrom("event_reminders")
    .select(["offset_minutes", (eb) => eb.fn.countAll<string>().as("n")])
    .where("event_id", "=", event.id)
    .where("org_id", "=", event.org_id)
    .groupBy("offset_minutes")
    .execute();
  return [...event.reminder_offsets]
    .sort((a, b) => b - a)
    .map((m) => ({
      offsetMinutes: m,
      dueAt: new Date(event.starts_at.getTime() - m * 60_000),
      sent: Number(counts.find((c) => c.offset_minutes === m)?.n ?? 0),
    }));
}
