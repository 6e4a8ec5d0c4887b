// The hourly safety net under the renewal each channel schedules for itself: a
// channel near its end whose renewal job was lost is renewed, and a connected
// calendar without a channel (its opening failed for good, or the provider
// removed it) gets one. The renewal job decides what the connection needs.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { requestChannelRenewal } from "@/lib/calendar-channels/requests";
import { loadConnectors } from "@/lib/integrations/registry";

const MARGIN = sql<Date>`least(interval '12 hours', (expires_at - created_at) / 4)`;

export async function sweepCalendarChannels(db: Db, now = new Date()): Promise<{ renewing: number; opening: number }> {
  const ending = await db
    .selectFrom("calendar_channels")
    .select("connection_id")
    .where("status", "=", "active")
    .where(sql<boolean>`expires_at - ${MARGIN} <= ${now}`)
    .execute();
  for (const c of ending) await requestChannelRenewal(db, c.connection_id);

  const calendars = (await loadConnectors()).filter((c) => c.calendarSync).map((c) => c.id);
  const missing = calendars.length
    ? await db
        .selectFrom("connections as c")
        .select("c.id")
        .where("c.connector_id", "in", calendars)
        .where("c.status", "=", "connected")
        .where((eb) => eb.not(eb.exists(eb.selectFrom("calendar_channels as ch").select("ch.id").whereRef("ch.connection_id", "=", "c.id").where("ch.status", "=", "active"))))
        .execute()
    : [];
  // A connection whose policy is "off" is looked at and left alone by the job.
  for (const c of missing) await requestChannelRenewal(db, c.id, { reopen: true });
  return { renewing: ending.length, opening: missing.length };
}
