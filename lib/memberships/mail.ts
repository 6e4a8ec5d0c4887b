// Mail to members goes through the platform mailer (lib/mailer, via the
// send_platform_mail job), not the organization's e-mail integration: a member
// must hear that a payment failed, or get a sign-in link, whether or not the
// organization connected one, and the mail is queued in the same transaction as
// the state change that calls for it. The activity log entry says whether it went.
// Every such mail carries a link that opens a membership or signs a member in, so
// the log keeps loggedText, a line without it: an admin reading the log must not
// be able to act as the member.
import type { Tx } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

/** Same retry budget as the platform's other notices (lib/notify). */
const ATTEMPTS = 15;

export async function queueMemberMail(tx: Tx, orgId: string, type: string, mail: { to: string; subject: string; text: string; loggedText: string }): Promise<void> {
  const entry = await tx
    .insertInto("activity_log")
    .values({ org_id: orgId, domain_event_id: null, type, summary: `${mail.subject}. E-mail to ${mail.to} queued on the platform mailer.`.slice(0, 2000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await enqueue(tx, "send_platform_mail", { activityId: entry.id, to: [mail.to], subject: mail.subject, text: mail.text, loggedText: mail.loggedText }, { maxAttempts: ATTEMPTS, jobKey: jobKeys.platformMail.of(entry.id) });
}
