// The changes log: every change an organizer made in their calendar to one of our
// entries, and what was done about it, read by the connector page.
import type { Db } from "@/lib/db/client";
import type { CalendarChangeOutcome } from "@/lib/db/schema";

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface ChangeRecord {
  orgId: string;
  connectionId: string;
  eventId: string | null;
  entryId: string;
  fields: FieldChanges;
  policy: "switchboard" | "calendar";
  outcome: CalendarChangeOutcome;
  reason?: string;
}

export async function recordChange(db: Db, c: ChangeRecord): Promise<void> {
  await db
    .insertInto("calendar_changes")
    .values({
      org_id: c.orgId,
      connection_id: c.connectionId,
      event_id: c.eventId,
      entry_id: c.entryId,
      fields: JSON.stringify(c.fields),
      policy: c.policy,
      outcome: c.outcome,
      reason: c.reason ?? null,
    })
    // A removal already waiting for a person is asked about once.
    .onConflict((oc) => oc.columns(["connection_id", "entry_id"]).where("outcome", "=", "awaiting_confirmation").doNothing())
    .execute();
}

export async function listChanges(db: Db, orgId: string, connectionId: string, limit = 50) {
  return db
    .selectFrom("calendar_changes as c")
    .leftJoin("events as e", "e.id", "c.event_id")
    .select(["c.id", "c.event_id", "c.entry_id", "c.fields", "c.policy", "c.outcome", "c.reason", "c.created_at", "c.resolved_at", "e.title as event_title"])
    .where("c.org_id", "=", orgId)
    .where("c.connection_id", "=", connectionId)
    .orderBy("c.created_at", "desc")
    .limit(limit)
    .execute();
}
