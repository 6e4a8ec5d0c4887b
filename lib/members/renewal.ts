// An expired link offers its holder to ask for a new one: the inviter (or, if
// they no longer manage the organization, its owners) gets an e-mail pointing at
// Settings → Members, where "Send again" mails a fresh link. Once per link, so a
// stale link cannot be used to flood anyone's inbox; nothing is sent for a link
// that was withdrawn or used.
import { appUrl } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import type { ClosedState } from "./accept";
import { queueMemberMail } from "./invitation-mail";
import { lockOrganization } from "./lock";
import { hashInvitationToken, isInvitationTokenShape } from "./tokens";

export type RenewalOutcome = "asked" | "already_asked" | Exclude<ClosedState, "expired"> | "open";

export async function askForNewInvitation(db: Db, token: string, now = new Date()): Promise<RenewalOutcome> {
  if (!isInvitationTokenShape(token)) return "unknown";
  const found = await db.selectFrom("member_invitations").select(["id", "org_id"]).where("token_hash", "=", hashInvitationToken(token)).executeTakeFirst();
  if (!found) return "unknown";
  return db.transaction().execute(async (tx): Promise<RenewalOutcome> => {
    const org = await lockOrganization(tx, found.org_id);
    const inv = await tx.selectFrom("member_invitations").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
    if (inv.accepted_at) return "accepted";
    if (inv.revoked_at) return "revoked";
    if (inv.token_hash !== hashInvitationToken(token)) return "unknown";
    if (inv.expires_at > now) return "open";
    if (inv.renewal_requested_at) return "already_asked";

    const managers = await tx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["u.id", "u.email", "m.role"])
      .where("m.org_id", "=", org.id)
      .where("m.role", "in", ["owner", "admin"])
      .execute();
    const inviter = managers.find((p) => p.id === inv.invited_by && (inv.role !== "owner" || p.role === "owner"));
    const to = inviter ? [inviter.email] : managers.filter((p) => p.role === "owner").map((p) => p.email);
    await tx.updateTable("member_invitations").set({ renewal_requested_at: now }).where("id", "=", inv.id).execute();
    if (to.length === 0) return "asked";
    await queueMemberMail(tx, org.id, "member.invitation_renewal_requested", {
      to,
      subject: `${inv.email} asks for a new invitation to ${org.name}`,
      text: [
        `Hello,`,
        ``,
        `the invitation of ${inv.email} to ${org.name} on Switchboard (as ${inv.role}) expired before it was accepted, and they ask for a new one.`,
        ``,
        `To send it, open Settings → Members and choose "Send again" beside their address:`,
        `${appUrl()}/settings/members`,
        ``,
        `If you no longer want them in ${org.name}, revoke the invitation there instead.`,
      ].join("\n"),
      loggedText: `${inv.email} asked for a new invitation (the one as ${inv.role} expired).`,
    });
    return "asked";
  });
}
