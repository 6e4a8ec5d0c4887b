// A ticket found by its code, always within one organization: a code of another
// organization is as unknown as a code that does not exist.
import type { Db } from "@/lib/db/client";

export async function findTicketByCode(db: Db, orgId: string, code: string) {
  return db
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .innerJoin("events", "events.id", "attendees.event_id")
    .select([
      "attendees.id",
      "attendees.name",
      "attendees.status",
      "attendees.checked_in_at",
      "attendees.ticket_code",
      "attendees.transferred_to",
      "attendees.event_id",
      "ticket_types.name as ticket_type_name",
      "events.title as event_title",
      "events.time_zone",
    ])
    .where("attendees.org_id", "=", orgId)
    .where("attendees.ticket_code", "=", code)
    .executeTakeFirst();
}

export type FoundTicket = NonNullable<Awaited<ReturnType<typeof findTicketByCode>>>;

/** Checked in so far out of the valid tickets: the running count at the door. */
export async function checkInCounts(db: Db, orgId: string, eventId: string): Promise<{ checkedIn: number; total: number }> {
  const row = await db
    .selectFrom("attendees")
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere("checked_in_at", "is not", null).as("checked_in"),
      eb.fn.countAll<string>().as("total"),
    ])
    .where("org_id", "=", orgId)
    .where("event_id", "=", eventId)
    .where("status", "=", "paid")
    .executeTakeFirstOrThrow();
  return { checkedIn: Number(row.checked_in), total: Number(row.total) };
}
