// Mail about invitations goes through the platform mailer (lib/mailer), queued
// in the transaction of the change that calls for it: it must reach a person who
// has no account yet, whatever the organization connected. Its activity log
// entry is the change itself ("Ana invited Bob") and says, once the job ran,
// whether the mail went out.
// An invitation's link is made by the job that mails it, never by the request:
// the raw token then exists only in the e-mail (the job table, which keeps a
// job that used up its attempts, holds only the invitation's id), and only its
// SHA-256 is stored. Until the job runs the invitation's hash is a placeholder
// nobody holds the token of; each attempt makes a fresh link, so an earlier one
// that never left, or was replaced by "Send again", does not work.
import { appUrl } from "@/lib/config";
import type { Db, Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError } from "@/lib/domain/errors";
import { mailerConfig, MailerConfigError } from "@/lib/mailer/config";
import { sendPlatformMail } from "@/lib/mailer/send";
import { attemptPlatformMail, PLATFORM_MAIL_ATTEMPTS } from "@/lib/notify/platform-mail";
import { enqueue } from "@/lib/queue/enqueue";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { jobKeys } from "@/lib/queue/job-keys";
import { recordMemberChange, type MemberChange } from "./activity";
import { personLabel, type Person } from "./lock";
import { senderMayGrant } from "./sender";
import { INVITATION_DAYS, newInvitationToken } from "./tokens";

export function invitationUrl(token: string): string {
  return `${appUrl()}/invite/${token}`;
}

export const utcMinute = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

const article = (role: Role) => (role === "admin" || role === "owner" ? "an" : "a");

interface MemberMail {
  to: string[];
  subject: string;
  text: string;
  /** The text as the activity log keeps it: what happened, without any link. */
  loggedText: string;
}

/** The change's activity entry and the job that mails it, in the change's transaction (for mail without a secret link). */
export async function queueMemberMail(tx: Tx, orgId: string, type: MemberChange, mail: MemberMail): Promise<void> {
  const activityId = await recordMemberChange(tx, orgId, type, `${mail.subject}. ${mail.loggedText} E-mail to ${mail.to.join(", ")} queued on the platform mailer.`);
  await enqueue(tx, "send_platform_mail", { activityId, ...mail }, { maxAttempts: PLATFORM_MAIL_ATTEMPTS, jobKey: jobKeys.platformMail.of(activityId) });
}

/**
 * Invitations are useless without the platform mailer: refused up front, with
 * what the operator has to do, rather than "sent" and never delivered.
 */
export function assertInvitationsCanBeMailed(): void {
  let configured: boolean;
  try {
    configured = mailerConfig() !== undefined;
  } catch (err) {
    if (!(err instanceof MailerConfigError)) throw err;
    throw new ConflictError(`Invitations go out by e-mail and this server's mail settings are incomplete: ${err.message}. Fix it and restart Switchboard, then invite again.`);
  }
  if (!configured) {
    throw new ConflictError("Invitations go out by e-mail and this server has no mail server: set SMTP_HOST and SMTP_FROM (and SMTP_USER and SMTP_PASSWORD if the server asks for them) and restart Switchboard, then invite again.");
  }
}

interface InvitationFacts {
  orgName: string;
  sender: { name: string | null; email: string };
  email: string;
  role: Role;
  expiresAt: Date;
  resent: boolean;
}

/** The mail and its activity log line, from what the invitation says; the link goes in only when it is sent. */
function composeInvitation(f: InvitationFacts) {
  return {
    subject: `${f.sender.name ?? f.sender.email} invited you to ${f.orgName} on Switchboard`,
    loggedText: `${personLabel(f.sender)} invited ${f.email} as ${f.role}${f.resent ? " again" : ""}; the invitation expires ${utcMinute(f.expiresAt)}.`,
    text: (link: string) =>
      [
        `Hello,`,
        ``,
        `${personLabel(f.sender)} invited you to join ${f.orgName} on Switchboard as ${article(f.role)} ${f.role}.`,
        ``,
        `Accept within ${INVITATION_DAYS} days (until ${utcMinute(f.expiresAt)}):`,
        link,
        ``,
        `The link works once, and only for ${f.email}. If you did not expect this invitation, ignore this e-mail.`,
      ].join("\n"),
  };
}

export interface InvitationMail {
  type: Extract<MemberChange, "member.invited" | "member.invitation_resent">;
  org: { id: string; name: string };
  actor: Person;
  invitationId: string;
  email: string;
  role: Role;
  /** When it was (re)sent: a job for an earlier sending finds the invitation replaced and mails nothing. */
  sentAt: Date;
  expiresAt: Date;
}

/** The entry "Ana invited Bob" and the job that makes Bob's link and mails it. */
export async function queueInvitationMail(tx: Tx, m: InvitationMail): Promise<void> {
  const resent = m.type === "member.invitation_resent";
  const mail = composeInvitation({ orgName: m.org.name, sender: m.actor, email: m.email, role: m.role, expiresAt: m.expiresAt, resent });
  const activityId = await recordMemberChange(tx, m.org.id, m.type, `${mail.subject}. ${mail.loggedText} E-mail to ${m.email} queued on the platform mailer.`);
  await enqueue(tx, "send_invitation_mail", { invitationId: m.invitationId, activityId, sentAt: m.sentAt.toISOString(), resent }, { maxAttempts: PLATFORM_MAIL_ATTEMPTS, jobKey: jobKeys.invitationMail.of(activityId) });
}

/** Why an invitation is not to be mailed (any more), as the activity entry says it; undefined when it is. */
async function reasonNotToMail(tx: Tx, inv: { org_id: string; invited_by: string | null; role: Role; sent_at: Date; accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }, sentAt: string, now: Date): Promise<string | undefined> {
  if (inv.accepted_at) return "the invitation was accepted before it went out";
  if (inv.revoked_at) return "the invitation was revoked before it went out";
  if (inv.sent_at.toISOString() !== sentAt) return `the invitation was sent again at ${utcMinute(inv.sent_at)}, and that e-mail carries the link`;
  if (inv.expires_at <= now) return "the invitation expired before it could be sent";
  if (!(await senderMayGrant(tx, inv))) return `the person who sent it can no longer invite anyone as ${inv.role}`;
  return undefined;
}

export function invitationMailTasks(db: Db): Pick<TaskHandlers, "send_invitation_mail"> {
  return {
    async send_invitation_mail({ invitationId, activityId, sentAt, resent }, helpers) {
      const facts = await db
        .selectFrom("member_invitations as i")
        .innerJoin("organizations as o", "o.id", "i.org_id")
        .leftJoin("users as u", "u.id", "i.invited_by")
        .select(["i.email", "i.role", "i.expires_at", "o.name as orgName", "u.name as senderName", "u.email as senderEmail"])
        .where("i.id", "=", invitationId)
        .executeTakeFirst();
      // Gone with its organization, and its activity entry with it.
      if (!facts) return;
      const mail = composeInvitation({
        orgName: facts.orgName,
        sender: { name: facts.senderName, email: facts.senderEmail ?? "a former member" },
        email: facts.email,
        role: facts.role,
        expiresAt: facts.expires_at,
        resent,
      });
      await attemptPlatformMail(db, helpers, { activityId, subject: mail.subject, loggedText: mail.loggedText, to: [facts.email] }, (config) =>
        // The invitation's row stays locked until the mail is sent: accepting waits, and a link
        // replaced meanwhile cannot arrive after the one that replaced it.
        db.transaction().execute(async (tx) => {
          const inv = await tx.selectFrom("member_invitations").selectAll().where("id", "=", invitationId).forUpdate().executeTakeFirst();
          if (!inv) return "the invitation no longer exists";
          const notToMail = await reasonNotToMail(tx, inv, sentAt, new Date());
          if (notToMail) return notToMail;
          const { token, hash } = newInvitationToken();
          await tx.updateTable("member_invitations").set({ token_hash: hash }).where("id", "=", inv.id).execute();
          // A failed send rolls the new hash back; the next attempt makes another link.
          await sendPlatformMail(config, { to: [inv.email], subject: mail.subject, text: mail.text(invitationUrl(token)) });
          return undefined;
        }),
      );
    },
  };
}
