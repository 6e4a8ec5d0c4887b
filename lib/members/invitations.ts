// Sending, sending again and revoking invitations. Each runs under the
// organization's lock (./lock.ts) with the actor's role as it is now, and records
// itself in the activity log in the same transaction.
import { z } from "zod";
import type { Db, Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError, NotFoundError, parseOrThrow } from "@/lib/domain/errors";
import { consume } from "@/lib/rate-limit";
import { recordMemberChange } from "./activity";
import { assertInvitationsCanBeMailed, queueInvitationMail } from "./invitation-mail";
import { actingPerson, isUuid, lockOrganization, personLabel } from "./lock";
import { assertMayChange, mayChange, ROLES } from "./rules";
import { invitationExpiry, placeholderInvitationHash } from "./tokens";

export interface Actor {
  orgId: string;
  userId: string;
}

export const invitationInput = z.object({
  email: z.string().trim().toLowerCase().max(320, "At most 320 characters").pipe(z.email("Enter a valid e-mail address, such as ana@example.com")),
  role: z.enum(ROLES as [Role, ...Role[]], { error: "Choose owner, admin or member" }),
});

/**
 * Invites an address with a role. An address with an open invitation gets that
 * one again, with the new role, a new link (the old one stops working) and a new
 * expiry: there is one open invitation per address.
 */
export async function invite(db: Db, actor: Actor, input: unknown): Promise<{ invitationId: string; email: string; resent: boolean }> {
  const { email, role } = parseOrThrow(invitationInput, input);
  assertInvitationsCanBeMailed();
  // The platform mailer must not become a way to mail any address in bulk.
  await consume("member_invitation", actor.orgId, db);
  return db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, actor.orgId);
    const me = await actingPerson(tx, org.id, actor.userId);
    assertMayChange(me.role, null, role);
    const member = await tx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("m.role")
      .where("m.org_id", "=", org.id)
      .where((eb) => eb(eb.fn("lower", ["u.email"]), "=", email))
      .executeTakeFirst();
    if (member) throw new ConflictError(`${email} is already a member of ${org.name} (${member.role}). Change their role in the list instead.`);

    const open = await tx.selectFrom("member_invitations").select(["id", "role"]).where("org_id", "=", org.id).where("email", "=", email).where("accepted_at", "is", null).where("revoked_at", "is", null).executeTakeFirst();
    // Replacing an owner invitation is changing it: an admin may not.
    if (open) assertMayChange(me.role, null, open.role);
    // The link is made by the job that mails it (./invitation-mail.ts); until then nobody holds one that works.
    const hash = placeholderInvitationHash();
    const now = new Date();
    const expiresAt = invitationExpiry(now);
    const row = open
      ? await tx.updateTable("member_invitations").set({ role, token_hash: hash, sent_at: now, expires_at: expiresAt, invited_by: me.userId, renewal_requested_at: null }).where("id", "=", open.id).returning("id").executeTakeFirstOrThrow()
      : await tx.insertInto("member_invitations").values({ org_id: org.id, email, role, token_hash: hash, invited_by: me.userId, sent_at: now, expires_at: expiresAt }).returning("id").executeTakeFirstOrThrow();
    await queueInvitationMail(tx, { type: open ? "member.invitation_resent" : "member.invited", org, actor: me, invitationId: row.id, email, role, sentAt: now, expiresAt });
    return { invitationId: row.id, email, resent: Boolean(open) };
  });
}

async function lockOpenInvitation(tx: Tx, orgId: string, id: string) {
  if (!isUuid(id)) throw new NotFoundError("The invitation");
  const inv = await tx.selectFrom("member_invitations").selectAll().where("id", "=", id).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
  if (!inv) throw new NotFoundError("The invitation");
  if (inv.accepted_at) throw new ConflictError(`${inv.email} has already accepted this invitation.`);
  if (inv.revoked_at) throw new ConflictError(`This invitation to ${inv.email} was revoked. Invite them again to send a new one.`);
  return inv;
}

/**
 * Sends an open (or expired) invitation again with a new link and a new week.
 * Whoever sends it again now speaks for it (./sender.ts), as they do when
 * inviting the address again.
 */
export async function resendInvitation(db: Db, actor: Actor, invitationId: string): Promise<{ email: string }> {
  assertInvitationsCanBeMailed();
  await consume("member_invitation", actor.orgId, db);
  return db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, actor.orgId);
    const me = await actingPerson(tx, org.id, actor.userId);
    const inv = await lockOpenInvitation(tx, org.id, invitationId);
    assertMayChange(me.role, null, inv.role);
    const now = new Date();
    const expiresAt = invitationExpiry(now);
    await tx
      .updateTable("member_invitations")
      .set({ token_hash: placeholderInvitationHash(), sent_at: now, expires_at: expiresAt, invited_by: me.userId, renewal_requested_at: null })
      .where("id", "=", inv.id)
      .execute();
    await queueInvitationMail(tx, { type: "member.invitation_resent", org, actor: me, invitationId: inv.id, email: inv.email, role: inv.role, sentAt: now, expiresAt });
    return { email: inv.email };
  });
}

/** Withdraws an invitation: its link says so from now on. */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: string): Promise<{ email: string }> {
  return db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, actor.orgId);
    const me = await actingPerson(tx, org.id, actor.userId);
    const inv = await lockOpenInvitation(tx, org.id, invitationId);
    assertMayChange(me.role, null, inv.role);
    await tx.updateTable("member_invitations").set({ revoked_at: new Date(), revoked_by: me.userId }).where("id", "=", inv.id).execute();
    await recordMemberChange(tx, org.id, "member.invitation_revoked", `${personLabel(me)} revoked the invitation of ${inv.email} as ${inv.role}.`);
    return { email: inv.email };
  });
}

export interface OpenInvitation {
  id: string;
  email: string;
  role: Role;
  sentAt: Date;
  expiresAt: Date;
  expired: boolean;
  invitedBy: string | null;
  /** Its sender may no longer hand out its role, so its link does not work (./sender.ts) until someone sends it again. */
  withdrawn: boolean;
}

/** Invitations not yet accepted or revoked, expired ones included (they can be sent again). */
export async function listOpenInvitations(db: Db, orgId: string, now = new Date()): Promise<OpenInvitation[]> {
  const rows = await db
    .selectFrom("member_invitations as i")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .leftJoin("memberships as m", (j) => j.onRef("m.user_id", "=", "i.invited_by").onRef("m.org_id", "=", "i.org_id"))
    .select(["i.id", "i.email", "i.role", "i.sent_at", "i.expires_at", "u.name as inviterName", "u.email as inviterEmail", "m.role as senderRole"])
    .where("i.org_id", "=", orgId)
    .where("i.accepted_at", "is", null)
    .where("i.revoked_at", "is", null)
    .orderBy("i.sent_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    expired: r.expires_at <= now,
    invitedBy: r.inviterEmail ? personLabel({ name: r.inviterName, email: r.inviterEmail }) : null,
    withdrawn: !mayChange(r.senderRole, null, r.role),
  }));
}
