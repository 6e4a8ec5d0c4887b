// Notices through the platform's own SMTP server (lib/mailer). The notice is
// queued in the same transaction as its activity log entry, so it cannot be lost
// between the two, and the flow that raised it never waits on an SMTP server.
// The job retries what the server calls temporary (4xx, no answer, a dropped
// connection) on graphile-worker's backoff and gives up at once on a 5xx; each
// outcome is written on the activity log entry, so an admin reading the log sees
// whether the e-mail went out.
import type { Db, DbOrTx } from "@/lib/db/client";
import { mailerConfig } from "@/lib/mailer/config";
import { classifyMailError, MailSendError, type MailFailure } from "@/lib/mailer/errors";
import { sendPlatformMail } from "@/lib/mailer/send";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import type { TaskPayload } from "@/lib/queue/tasks";

/** Attempts before a notice is given up: graphile-worker's backoff makes that about a day and a half. */
export const PLATFORM_MAIL_ATTEMPTS = 15;

export interface NoticeText {
  subject: string;
  text: string;
}

/** The activity log's line for a notice: what it says, then how it was (or was not) e-mailed. */
export function noticeSummary(notice: NoticeText, how: string): string {
  return `${notice.subject}. ${notice.text} ${how}`.slice(0, 2000);
}

/** One job per notice, named after its activity log entry (so an operator can find it in graphile_worker.jobs). */
export function platformMailJobKey(activityId: string): string {
  return jobKeys.platformMail.of(activityId);
}

/** Records the notice and queues its e-mail, in one transaction. */
export async function queuePlatformMail(db: Db, orgId: string, type: string, notice: NoticeText, to: string[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const entry = await tx
      .insertInto("activity_log")
      .values({ org_id: orgId, domain_event_id: null, type, summary: noticeSummary(notice, `E-mail to ${to.join(", ")} queued on the platform mailer.`) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueue(tx, "send_platform_mail", { activityId: entry.id, to, subject: notice.subject, text: notice.text }, { maxAttempts: PLATFORM_MAIL_ATTEMPTS, jobKey: platformMailJobKey(entry.id) });
  });
}

async function writeOutcome(db: DbOrTx, payload: TaskPayload<"send_platform_mail">, how: string): Promise<void> {
  await db.updateTable("activity_log").set({ summary: noticeSummary({ subject: payload.subject, text: payload.loggedText ?? payload.text }, how) }).where("id", "=", payload.activityId).execute();
}

export function platformMailTasks(db: Db): Pick<TaskHandlers, "send_platform_mail"> {
  return {
    async send_platform_mail(payload, helpers) {
      const { attempts, max_attempts } = helpers.job;
      const to = payload.to.join(", ");
      // Read at each attempt: an operator who fixes SMTP_* and restarts gets the waiting notices out.
      let failure: MailFailure | undefined;
      let config;
      try {
        config = mailerConfig();
        if (config) await sendPlatformMail(config, { to: payload.to, subject: payload.subject, text: payload.text });
      } catch (err) {
        failure = err instanceof MailSendError ? err.failure : classifyMailError(err);
      }
      // Outside the try: a failure to write the outcome must not send the mail again.
      if (!failure) {
        await writeOutcome(db, payload, config ? `E-mailed to ${to} through the platform mailer.` : "Not e-mailed (the platform mailer is no longer configured: SMTP_HOST is not set).");
        return;
      }
      if (failure.permanent) {
        await writeOutcome(db, payload, `Not e-mailed (the platform mailer could not send it: ${failure.message}).`);
        helpers.logger.warn(`platform mail ${payload.activityId} refused for good: ${failure.message}`);
        return;
      }
      if (attempts >= max_attempts) {
        await writeOutcome(db, payload, `Not e-mailed (gave up after ${attempts} attempts: ${failure.message}).`);
        throw new Error(failure.message);
      }
      await writeOutcome(db, payload, `Not e-mailed yet (attempt ${attempts} of ${max_attempts}: ${failure.message}); retrying.`);
      throw new Error(`platform mail not sent, will retry: ${failure.message}`);
    },
  };
}
