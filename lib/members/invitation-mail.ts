// Mail about invitations goes through the platform mailer (lib/mailer, via the
// send_platform_mail job), queued in the transaction of the change that calls
// for it: it must reach a person who has no account yet, whatever the
// organization connected. Its activity log entry is the change itself ("Ana
// invited Bob") and says, once the job ran, whether the mail went out. An
// invitation link is a secret: the log keeps the text without it (loggedText).
import { appUrl } from "@/lib/config";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { recordMemberChange, type MemberChange } from "./activity";
import { personLabel, type Person } from "./lock";
import { INVITATION_DAYS } from "./tokens";

/** Same retry budget as the platform's other notices (lib/notify). */
const ATTEMPTS = 15;

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

/** The change's activity entry and the job that mails it, in the change's transaction. */
export async function queueMemberMail(tx: Tx, orgId: string, type: MemberChange, mail: MemberMail): Promise<void> {
  const activityId = await recordMemberChange(tx, orgId, type, `${mail.subject}. ${mail.loggedText} E-mail to ${mail.to.join(", ")} queued on the platform mailer.`);
  await enqueue(tx, "send_platform_mail", { activityId, ...mail }, { maxAttempts: ATTEMPTS, jobKey: jobKeys.platformMail.of(activityId) });
}

export interface InvitationMail {
  type: Extract<MemberChange, "member.invited" | "member.invitation_resent">;
  org: { id: string; name: string };
  actor: Person;
  email: string;
  role: Role;
  token: string;
  expiresAt: Date;
}

export async function queueInvitationMail(tx: Tx, m: InvitationMail): Promise<void> {
  const again = m.type === "member.invitation_resent" ? " again" : "";
  await queueMemberMail(tx, m.org.id, m.type, {
    to: [m.email],
    subject: `${m.actor.name ?? m.actor.email} invited you to ${m.org.name} on Switchboard`,
    text: [
      `Hello,`,
      ``,
      `${personLabel(m.actor)} invited you to join ${m.org.name} on Switchboard as ${article(m.role)} ${m.role}.`,
      ``,
      `Accept within ${INVITATION_DAYS} days (until ${utcMinute(m.expiresAt)}):`,
      invitationUrl(m.token),
      ``,
      `The link works once, and only for ${m.email}. If you did not expect this invitation, ignore this e-mail.`,
    ].join("\n"),
    loggedText: `${personLabel(m.actor)} invited ${m.email} as ${m.role}${again}; the invitation expires ${utcMinute(m.expiresAt)}.`,
  });
}
