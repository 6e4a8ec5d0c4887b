// Asking for the calendar work a notification calls for, without doing it in the
// request: a connector's callback handling queues it here and the sync engine
// (lib/calendar-sync) runs it. One waiting job per connection and task, so a
// burst of notifications about one change becomes one read of the changes.
import type { DbOrTx } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";

export function requestCalendarSync(db: DbOrTx, connectionId: string, reason: "notification" | "missed" | "requested" = "notification"): Promise<void> {
  return enqueue(db, "sync_calendar", { connectionId, reason }, { jobKey: jobKeys.calendarSync.of(connectionId), queueName: queueNames.calendar.of(connectionId) });
}

/** `reopen`: the provider removed the channel (or it lapsed), so a new one is opened instead of extending it. */
export function requestChannelRenewal(db: DbOrTx, connectionId: string, opts: { reopen?: boolean; runAt?: Date } = {}): Promise<void> {
  return enqueue(
    db,
    "renew_calendar_channel",
    { connectionId, reopen: opts.reopen ?? false },
    { jobKey: jobKeys.calendarChannel.of(connectionId), queueName: queueNames.calendar.of(connectionId), runAt: opts.runAt },
  );
}
