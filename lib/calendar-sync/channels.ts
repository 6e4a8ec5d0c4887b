// A connection's push channel over its life: opened when the connection is made
// (or its settings change), renewed before it expires, replaced when the
// provider removed it, stopped when two-way sync is turned off. One active
// channel per connection; the work runs in the renew_calendar_channel job, in
// the same per-connection queue as the sync.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { activeChannel, lastCursor, markChannelStopped } from "@/lib/calendar-channels/active";
import { hashChannelSecret, newChannelSecret, type StoredChannel } from "@/lib/calendar-channels/channels";
import { requestCalendarSync, requestChannelRenewal } from "@/lib/calendar-channels/requests";
import { inboundWebhookUrl } from "@/lib/integrations/connections/establish";
import type { CalendarChannel } from "@/lib/integrations/contract/calendar";
import { log } from "@/lib/log";
import { runSync } from "./sync";
import { syncTarget, type SyncTarget } from "./target";

const HOUR = 3_600_000;

/** When to renew: a quarter of the channel's remaining life before it ends, at most 12 hours before. */
export function renewalTime(expiresAt: Date, now = new Date()): Date {
  const margin = Math.min(12 * HOUR, Math.max(0, expiresAt.getTime() - now.getTime()) / 4);
  return new Date(expiresAt.getTime() - margin);
}

const asChannel = (c: StoredChannel): CalendarChannel => ({ id: c.channelId, resourceId: c.resourceId ?? undefined, expiresAt: c.expiresAt.toISOString() });

/** Stops a channel at the provider (best effort: it lapses by itself) and refuses its notifications from now on. */
async function stopChannel(db: Db, t: SyncTarget, channel: StoredChannel): Promise<void> {
  try {
    await t.sync.stop(t.ctx, asChannel(channel));
  } catch (err) {
    log.warn({ connection: t.row.id, err: (err as Error).message }, "stopping a calendar channel failed; it expires by itself");
  }
  await markChannelStopped(db, channel.id);
}

async function openChannel(db: Db, t: SyncTarget, replacing?: StoredChannel): Promise<string> {
  const secret = newChannelSecret();
  const opened = await t.sync.watch(t.ctx, { notificationUrl: inboundWebhookUrl(t.connector.id, t.row.id), secret, channelId: randomUUID() });
  const carried = await lastCursor(db, t.row.id, opened.resourceId ?? null);
  const row = await db.transaction().execute(async (tx) => {
    if (replacing) await markChannelStopped(tx, replacing.id);
    return tx
      .insertInto("calendar_channels")
      .values({
        org_id: t.row.org_id,
        connection_id: t.row.id,
        channel_id: opened.id,
        resource_id: opened.resourceId ?? null,
        secret_hash: hashChannelSecret(secret),
        expires_at: new Date(opened.expiresAt),
        cursor: carried,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  });
  if (replacing) await stopChannel(db, t, replacing);
  await requestChannelRenewal(db, t.row.id, { runAt: renewalTime(new Date(opened.expiresAt)) });
  if (carried) {
    // Carry on from where the last channel was: what changed in between is applied by policy.
    await requestCalendarSync(db, t.row.id, "requested");
    return replacing ? "replaced the channel" : "reopened the channel";
  }
  await runSync(db, t, row.id, null, { baseline: true });
  return "opened the channel and read the calendar";
}

/** The renew_calendar_channel job: whatever the connection's channel needs now. */
export async function maintainChannel(db: Db, connectionId: string, opts: { reopen: boolean }): Promise<string> {
  const t = await syncTarget(db, connectionId);
  const active = await activeChannel(db, connectionId);
  if (!t) {
    if (!active) return "nothing to do: the connection is not connected";
    // Disabled: stopped at the provider while the credentials allow; otherwise it lapses there and is refused here.
    const idle = await syncTarget(db, connectionId, { anyStatus: true }).catch(() => undefined);
    if (idle) await stopChannel(db, idle, active);
    else await markChannelStopped(db, active.id);
    return "stopped the channel: the connection is not connected";
  }
  if (t.policy === "off") {
    if (active) await stopChannel(db, t, active);
    return "two-way sync is off";
  }
  if (!active) return openChannel(db, t);
  if (opts.reopen || !t.sync.renew) return openChannel(db, t, active);
  const renewed = await t.sync.renew(t.ctx, asChannel(active));
  await db
    .updateTable("calendar_channels")
    .set({ channel_id: renewed.id, resource_id: renewed.resourceId ?? null, expires_at: new Date(renewed.expiresAt), updated_at: new Date() })
    .where("id", "=", active.id)
    .execute();
  await requestChannelRenewal(db, connectionId, { runAt: renewalTime(new Date(renewed.expiresAt)) });
  return "renewed the channel";
}
