// What the connector page shows of two-way sync: the channel the calendar calls
// back on, and the changes read from it with what was done about each.
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/domain/errors";
import { requestCalendarSync } from "@/lib/calendar-channels/requests";
import { listChanges } from "./log";

export async function calendarSyncView(db: Db, orgId: string, connectionId: string) {
  const channel = await db
    .selectFrom("calendar_channels")
    .select(["status", "expires_at", "last_synced_at", "created_at"])
    .where("org_id", "=", orgId)
    .where("connection_id", "=", connectionId)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return {
    channel: channel ? { active: channel.status === "active", expiresAt: channel.expires_at, lastSyncedAt: channel.last_synced_at, openedAt: channel.created_at } : null,
    changes: await listChanges(db, orgId, connectionId),
  };
}
export type CalendarSyncView = Awaited<ReturnType<typeof calendarSyncView>>;

/** "Read the calendar now": queued like a notification, so it never runs beside another read. */
export async function requestReadNow(db: Db, orgId: string, connectionId: string): Promise<void> {
  const c = await db.selectFrom("calendar_channels").select("id").where("org_id", "=", orgId).where("connection_id", "=", connectionId).where("status", "=", "active").executeTakeFirst();
  if (!c) throw new ConflictError("The calendar has no open channel yet: save the settings with two-way sync on, or reconnect.");
  await requestCalendarSync(db, connectionId, "requested");
}
