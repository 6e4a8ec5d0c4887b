// The worker's calendar tasks: reading a connection's changes, looking after its
// push channel, and the hourly sweep of channels. A renewal that keeps failing
// is retried by the job and, from its third failed attempt, told to the
// organization's admins (activity log and e-mail) once.
import type { Db } from "@/lib/db/client";
import { isPermanentFailure } from "@/lib/domain/outbox/subscribers";
import { findManifest } from "@/lib/integrations/registry";
import { notifyAdmins } from "@/lib/notify";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { maintainChannel } from "./channels";
import { syncCalendar } from "./sync";
import { sweepCalendarChannels } from "./sweep";
import { connectionRow } from "./target";

/** The attempt whose failure is told to the admins; retries go on after it. */
export const ALERT_AFTER_ATTEMPTS = 3;

async function alertRenewalFailed(db: Db, connectionId: string, err: unknown, final: boolean): Promise<void> {
  const row = await connectionRow(db, connectionId);
  if (!row) return;
  const name = findManifest(row.connector_id)?.name ?? "calendar";
  await notifyAdmins(db, row.org_id, {
    type: "calendar.channel_failed",
    subject: `${name}: changes made in the calendar are not being received`,
    text:
      `The push channel of your ${name} connection could not be opened or renewed: ${(err as Error).message}. ` +
      (final
        ? `It will not be retried: reconnect ${name} on its integration page.`
        : `It is being retried; until it works, changes made in the calendar are not read. If it keeps failing, reconnect ${name} on its integration page.`),
  });
}

export function calendarSyncTasks(db: Db): Pick<TaskHandlers, "sync_calendar" | "renew_calendar_channel" | "sweep_calendar_channels"> {
  return {
    async sync_calendar({ connectionId, reason }, helpers) {
      const summary = await syncCalendar(db, connectionId, reason);
      helpers.logger.info(`calendar sync of ${connectionId}: ${JSON.stringify(summary)}`);
    },
    async renew_calendar_channel({ connectionId, reopen }, helpers) {
      try {
        helpers.logger.info(`calendar channel of ${connectionId}: ${await maintainChannel(db, connectionId, { reopen })}`);
      } catch (err) {
        // Refused credentials: the call policy marked the connection Needs attention; retrying cannot help.
        const permanent = isPermanentFailure(err);
        if (permanent || helpers.job.attempts === ALERT_AFTER_ATTEMPTS) await alertRenewalFailed(db, connectionId, err, permanent);
        if (!permanent) throw err;
        helpers.logger.warn(`calendar channel of ${connectionId} failed for good: ${(err as Error).message}`);
      }
    },
    async sweep_calendar_channels(_payload, helpers) {
      const r = await sweepCalendarChannels(db);
      if (r.renewing || r.opening) helpers.logger.info(`calendar channels: renewing ${r.renewing}, opening ${r.opening}`);
    },
  };
}
