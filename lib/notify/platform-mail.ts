// Notices through the platform's own SMTP server (lib/mailer). The notice is
// queued in the same transaction as its activity log entry, so it cannot be lost
// between the two, and the flow that raised it never waits on an SMTP server.
// The job retries what the server calls temporary (4xx, no answer, a dropped
// connection) on graphile-worker's backoff and gives up at once on a 5xx; each
// outcome is written on the activity log entry, so an admin reading the log sees
// whether the e-mail went out.
import type { JobHelpers } from "graphile-worker";
import type { Db, DbOrTx } from "@/lib/db/client";
import { mailerConfig, type MailerConfig } from "@/lib/mailer/config";
import { classifyMailError, MailSendError, type MailFailure } from "@/lib/mailer/errors";
import { sendPlatformMail } from "@/lib/mailer/send";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

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

/** The activity log entry a mail reports on: what happened, and to whom it is e-mailed. */
export interface MailOutcomeEntry {
  activityId: string;
  subject: string;
  /** The entry's text: what happened, without any link the mail carries. */
  loggedText: string;
  to: string[];
}

async function writeOutcome(db: DbOrTx, entry: MailOutcomeEntry, how: string): Promise<void> {
  await db.updateTable("activity_log").set({ summary: noticeSummary({ subject: entry.subject, text: entry.loggedText }, how) }).where("id", "=", entry.activityId).execute();
}

/**
 * One attempt of a job that e-mails through the platform mailer and writes the
 * outcome on the activity log entry. `send` sends the mail with the mailer's
 * settings, or returns why it is not to be sent any more (written on the entry
 * as "Not e-mailed (…)"). Throwing asks graphile-worker for another attempt.
 */
export async function attemptPlatformMail(db: Db, helpers: Pick<JobHelpers, "job" | "logger">, entry: MailOutcomeEntry, send: (config: MailerConfig) => Promise<string | undefined>): Promise<void> {
  const { attempts, max_attempts } = helpers.job;
  const to = entry.to.join(", ");
  // Read at each attempt: an operator who fixes SMTP_* and restarts gets the waiting notices out.
  let failure: MailFailure | undefined;
  let config: MailerConfig | undefined;
  let notSent: string | undefined;
  try {
    config = mailerConfig();
    if (config) notSent = await send(config);
  } catch (err) {
    failure = err instanceof MailSendError ? err.failure : classifyMailError(err);
  }
  // Outside the try: a failure to write the outcome must not send the mail again.
  if (!failure) {
    const how = !config ? "Not e-mailed (the platform mailer is no longer configured: SMTP_HOST is not set)." : notSent ? `Not e-mailed (${notSent}).` : `E-mailed to ${to} through the platform mailer.`;
    await writeOutcome(db, entry, how);
    return;
  }
  if (failure.permanent) {
    await writeOutcome(db, entry, `Not e-mailed (the platform mailer could not send it: ${failure.message}).`);
    helpers.logger.warn(`platform mail ${entry.activityId} refused for good: ${failure.message}`);
    return;
  }
  if (attempts >= max_attempts) {
    await writeOutcome(db, entry, `Not e-mailed (gave up after ${attempts} attempts: ${failure.message}).`);
    throw new Error(failure.message);
  }
  await writeOutcome(db, entry, `Not e-mailed yet (attempt ${attempts} of ${max_attempts}: ${failure.message}); retrying.`);
  throw new Error(`platform mail not sent, will retry: ${failure.message}`);
}

export function platformMailTasks(db: Db): Pick<TaskHandlers, "send_platform_mail"> {
  return {
    async send_platform_mail(payload, helpers) {
      const entry = { activityId: payload.activityId, subject: payload.subject, loggedText: payload.loggedText ?? payload.text, to: payload.to };
      await attemptPlatformMail(db, helpers, entry, async (config) => {
        await sendPlatformMail(config, { to: payload.to, subject: payload.subject, text: payload.text });
        return undefined;
      });
    },
  };
}
