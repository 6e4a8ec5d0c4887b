// Account e-mails go out from a job, never from the request that asked for them:
// the request then does the same work whether or not the address has an account
// (no enumeration by answer or by timing), and an SMTP server that is down or
// greylisting delays the mail instead of failing the form. The job, not the
// request, makes the link, so the raw token never rests in the job table.
import type { Db, DbOrTx } from "@/lib/db/client";
import { log } from "@/lib/log";
import { mailerConfig } from "@/lib/mailer/config";
import { classifyMailError, MailSendError, type MailFailure } from "@/lib/mailer/errors";
import { sendPlatformMail } from "@/lib/mailer/send";
import { enqueue } from "@/lib/queue/enqueue";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { composeAccountMail, type AccountMailKind } from "./mail";

/** About an hour of graphile-worker's backoff: a reset link arriving later than that would be useless anyway. */
export const ACCOUNT_MAIL_ATTEMPTS = 8;

export async function queueAccountMail(db: DbOrTx, kind: AccountMailKind, email: string): Promise<void> {
  await enqueue(db, "send_account_mail", { kind, email: email.trim().toLowerCase() }, { maxAttempts: ACCOUNT_MAIL_ATTEMPTS });
}

export function accountMailTasks(db: Db): Pick<TaskHandlers, "send_account_mail"> {
  return {
    async send_account_mail({ kind, email }, helpers) {
      const user = await db
        .selectFrom("users")
        .select(["id", "email", "name", "email_verified_at"])
        .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
        .executeTakeFirst();
      // Asked for an address without an account (a reset, a resend): nobody to tell.
      if (!user) return;
      // A confirmed address needs no confirmation link; the person can sign in.
      if (kind === "verify_email" && user.email_verified_at) return;
      const config = mailerConfig();
      if (!config) {
        log.warn({ kind }, "an account e-mail was not sent: the platform mailer is not configured (SMTP_HOST is not set)");
        return;
      }
      const mail = await composeAccountMail(db, kind, user);
      let failure: MailFailure | undefined;
      try {
        await sendPlatformMail(config, { to: [user.email], subject: mail.subject, text: mail.text });
      } catch (err) {
        failure = err instanceof MailSendError ? err.failure : classifyMailError(err);
      }
      if (!failure) return;
      if (failure.permanent || helpers.job.attempts >= helpers.job.max_attempts) {
        // Logged without the address or the mail's text: the text holds a working link.
        log.warn({ kind, attempts: helpers.job.attempts, reason: failure.message }, "an account e-mail could not be sent");
        return;
      }
      throw new Error(`account e-mail not sent, will retry: ${failure.message}`);
    },
  };
}
