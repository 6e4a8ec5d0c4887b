// Reading what changed in one connection's calendar and settling each change.
// Runs in the sync_calendar job, one at a time per connection; the cursor is
// saved only after every entry of the batch is settled, so a crash reads the
// batch again, and the version check makes the second reading a no-op.
import type { Db } from "@/lib/db/client";
import { activeChannel } from "@/lib/calendar-channels/active";
import { requestChannelRenewal } from "@/lib/calendar-channels/requests";
import { SyncCursorExpiredError } from "@/lib/integrations/contract/calendar";
import { applyEntry, type EntryOutcome } from "./apply";
import { syncTarget, type SyncTarget } from "./target";

export type SyncSummary = { skipped: string } | { full: boolean; outcomes: Partial<Record<EntryOutcome, number>> };

/**
 * `baseline`: a first full read of a new channel records every entry's version
 * and applies nothing (what is in the calendar now is where two-way sync starts).
 * `full`: read everything again (the provider said it missed notifications).
 */
export async function runSync(db: Db, t: SyncTarget, channelRowId: string, cursor: string | null, opts: { baseline?: boolean } = {}): Promise<SyncSummary> {
  let full = cursor === null;
  let read;
  try {
    read = await t.sync.changes(t.ctx, cursor);
  } catch (err) {
    if (!(err instanceof SyncCursorExpiredError)) throw err;
    full = true;
    read = await t.sync.changes(t.ctx, null);
  }
  const outcomes: Partial<Record<EntryOutcome, number>> = {};
  for (const entry of read.entries) {
    const o = await applyEntry(db, t, entry, opts.baseline ? "baseline" : "compare");
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  await db.updateTable("calendar_channels").set({ cursor: read.cursor, last_synced_at: new Date(), updated_at: new Date() }).where("id", "=", channelRowId).execute();
  return { full, outcomes };
}

export async function syncCalendar(db: Db, connectionId: string, reason: "notification" | "missed" | "requested"): Promise<SyncSummary> {
  const t = await syncTarget(db, connectionId);
  if (!t) return { skipped: "The connection is gone, not connected, or keeps no calendar" };
  if (t.policy === "off") return { skipped: "Two-way sync is off for this connection" };
  const channel = await activeChannel(db, connectionId);
  if (!channel) {
    // The cursor lives with the channel: open one first, which reads the calendar.
    await requestChannelRenewal(db, connectionId, { reopen: true });
    return { skipped: "No channel is open; one is being opened" };
  }
  return runSync(db, t, channel.id, reason === "missed" ? null : channel.cursor);
}
