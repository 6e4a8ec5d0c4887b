// The invitation e-mail goes through the platform mailer (lib/mailer, via the
// send_platform_mail job), queued in the transaction that opens the invitation:
// it must reach a person who has no account yet, whatever the organization
// connected. Its activity log entry is the change itself ("Ana invited Bob") and
// says, once the job ran, whether the mail went out. The link is a secret: the
// log keeps the text without it.
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
  const subject = subjectLine(m);
  const text = [
    `Hello,`,
    ``,
    `${personLabel(m.actor)} invited you to join ${m.org.name} on Switchboard as ${article(m.role)} ${m.role}.`,
    ``,
    `Accept within ${INVITATION_DAYS} days (until ${utcMinute(m.expiresAt)}):`,
    invitationUrl(m.token),
    ``,
    `The link works once, and only for ${m.email}. If you did not expect this invitation, ignore this e-mail.`,
  ].join("\n");
  const again = m.type === "member.invitation_resent" ? " again" : "";
  const loggedText = `${personLabel(m.actor)} invited ${m.email} as ${m.role}${again}; the invitation expires ${utcMinute(m.expiresAt)}.`;
  const activityId = await recordMemberChange(tx, m.org.id, m.type, `${subject}. ${loggedText} E-mail to ${m.email} queued on the platform mailer.`);
  await enqueue(tx, "send_platform_mail", { activityId, to: [m.email], subject, text, loggedText }, { maxAttempts: ATTEMPTS, jobKey: jobKeys.platformMail.of(activityId) });
}

function subjectLine(m: InvitationMail): string {
  return `${m.actor.name ?? m.actor.email} invited you to ${m.org.name} on Switchboard`;
}
