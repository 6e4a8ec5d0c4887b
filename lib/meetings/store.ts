// An online event's meetings, one per connected meeting provider, and the one
// link the event shows. Provider-neutral: a meeting connector records what it
// created, and a callback saying the meeting was deleted by hand marks it
// missing. The event keeps the newest active link in events.meeting_url, so every
// fact about it (confirmations, calendar entries, webhooks) carries the link; a
// change of that link is itself a fact (event.updated), so a calendar entry made
// before the meeting existed gains the link.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { recordDomainEvent } from "@/lib/domain/outbox/record";

export interface EventMeeting {
  connectionId: string;
  connectorId: string;
  providerMeetingId: string;
  joinUrl: string;
  status: "active" | "missing";
  missingReason: string | null;
  updatedAt: Date;
}

/** Keeps the event's link in step with its meetings; tells subscribers when it changed (not for a cancelled event). */
async function syncEventLink(tx: Tx, eventId: string): Promise<void> {
  const event = await tx.selectFrom("events").selectAll().where("id", "=", eventId).forUpdate().executeTakeFirst();
  if (!event) return;
  const newest = await tx
    .selectFrom("event_meetings")
    .select("join_url")
    .where("event_id", "=", eventId)
    .where("status", "=", "active")
    .orderBy("updated_at", "desc")
    .executeTakeFirst();
  const link = event.online ? (newest?.join_url ?? null) : null;
  if (link === event.meeting_url) return;
  const updated = await tx.updateTable("events").set({ meeting_url: link }).where("id", "=", eventId).returningAll().executeTakeFirstOrThrow();
  if (updated.status === "cancelled") return;
  await recordDomainEvent(tx, { orgId: updated.org_id, type: "event.updated", aggregateId: updated.id, payload: { event: eventSnapshot(updated) } });
}

/** Meeting rows with the provider that made each, as toMeeting reads them. */
function meetingRows(db: Db) {
  return db
    .selectFrom("event_meetings")
    .innerJoin("connections", "connections.id", "event_meetings.connection_id")
    .selectAll("event_meetings")
    .select("connections.connector_id");
}

export async function findMeeting(db: Db, connectionId: string, eventId: string): Promise<EventMeeting | undefined> {
  const row = await meetingRows(db)
    .where("event_meetings.connection_id", "=", connectionId)
    .where("event_meetings.event_id", "=", eventId)
    .executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

/** What the provider created (or recreated) for the event; the link goes live at once. */
export async function recordMeeting(
  db: Db,
  m: { orgId: string; connectionId: string; eventId: string; providerMeetingId: string; joinUrl: string },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("event_meetings")
      .values({ org_id: m.orgId, connection_id: m.connectionId, event_id: m.eventId, provider_meeting_id: m.providerMeetingId, join_url: m.joinUrl })
      .onConflict((oc) =>
        oc.columns(["connection_id", "event_id"]).doUpdateSet({ provider_meeting_id: m.providerMeetingId, join_url: m.joinUrl, status: "active", missing_reason: null, updated_at: new Date() }),
      )
      .execute();
    await syncEventLink(tx, m.eventId);
  });
}

/**
 * The provider says the meeting is gone though we did not delete it (deleted by
 * hand): the event shows it is missing its link, and why. False when no active
 * meeting of this connection has that id (already marked, or not ours).
 */
export async function markMeetingMissing(db: Db, m: { connectionId: string; providerMeetingId: string; reason: string }): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .updateTable("event_meetings")
      .set({ status: "missing", missing_reason: m.reason, updated_at: new Date() })
      .where("connection_id", "=", m.connectionId)
      .where("provider_meeting_id", "=", m.providerMeetingId)
      .where("status", "=", "active")
      .returning("event_id")
      .execute();
    for (const r of rows) await syncEventLink(tx, r.event_id);
    return rows.length > 0;
  });
}

/** We deleted the meeting ourselves (event cancelled, or no longer online): nothing is missing. */
export async function forgetMeeting(db: Db, m: { connectionId: string; eventId: string }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("event_meetings").where("connection_id", "=", m.connectionId).where("event_id", "=", m.eventId).execute();
    await syncEventLink(tx, m.eventId);
  });
}

/** Every meeting of the organization's event, newest first, for its admin page. */
export async function meetingsForEvent(db: Db, orgId: string, eventId: string): Promise<EventMeeting[]> {
  const rows = await meetingRows(db)
    .where("event_meetings.org_id", "=", orgId)
    .where("event_meetings.event_id", "=", eventId)
    .orderBy(sql`event_meetings.updated_at`, "desc")
    .execute();
  return rows.map(toMeeting);
}

function toMeeting(r: {
  connection_id: string;
  connector_id: string;
  provider_meeting_id: string;
  join_url: string;
  status: "active" | "missing";
  missing_reason: string | null;
  updated_at: Date;
}): EventMeeting {
  return {
    connectionId: r.connection_id,
    connectorId: r.connector_id,
    providerMeetingId: r.provider_meeting_id,
    joinUrl: r.join_url,
    status: r.status,
    missingReason: r.missing_reason,
    updatedAt: r.updated_at,
  };
}
