// Opening and accepting an invitation link. The link is for the address it was
// sent to: a signed-in person with another address is refused, and someone new
// creates their account with that address (verified, since the link reached it).
// Acceptance takes the organization's lock like every other change to its people,
// then the invitation's row, so a revoke or a second click cannot race it.
// An invitation works only while its sender may still hand out its role (./sender.ts).
// An account with the invited address that was never confirmed was not
// necessarily made by the address's owner; accepting makes it theirs
// (lib/auth/unconfirmed-account.ts).
import { z } from "zod";
import { createUser, EmailTakenError } from "@/lib/accounts/create-user";
import { ForbiddenError } from "@/lib/auth/errors";
import { hashPassword } from "@/lib/auth/password";
import { claimUnconfirmedAccount } from "@/lib/auth/unconfirmed-account";
import type { Db, Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError, parseOrThrow } from "@/lib/domain/errors";
import { recordMemberChange } from "./activity";
import { utcMinute } from "./invitation-mail";
import { lockOrganization, personLabel } from "./lock";
import { senderMayGrant } from "./sender";
import { hashInvitationToken, isInvitationTokenShape } from "./tokens";

/** "withdrawn": its sender may no longer hand out its role. */
export type ClosedState = "unknown" | "expired" | "revoked" | "withdrawn" | "accepted";

export type InvitationView =
  | { state: "unknown" }
  | { state: Exclude<ClosedState, "unknown">; orgName: string; email: string; role: Role; invitedBy: string | null }
  | { state: "open"; orgId: string; orgName: string; email: string; role: Role; expiresAt: Date; invitedBy: string | null; hasAccount: boolean };

/** Raised when the link cannot be used (any more); the page says why and what to do. */
export class InvitationClosedError extends ConflictError {
  readonly state: ClosedState;
  constructor(state: ClosedState, role?: Role) {
    super(closedMessage(state, null, role));
    this.name = "InvitationClosedError";
    this.state = state;
  }
}

export function closedMessage(state: ClosedState, invitedBy?: string | null, role?: Role): string {
  const ask = `Ask ${invitedBy ?? "whoever invited you"} to send you a new one.`;
  switch (state) {
    case "expired":
      return `This invitation has expired. ${ask}`;
    case "revoked":
      return `This invitation was withdrawn. ${ask}`;
    case "withdrawn":
      return `This invitation was withdrawn: ${invitedBy ?? "the person who sent it"} can no longer invite you${role ? ` as ${role}` : ""}. Ask ${role === "owner" ? "an owner" : "an owner or admin"} of the organization for a new one.`;
    case "accepted":
      return "This invitation has already been used. Sign in with the account that accepted it, or ask for a new invitation.";
    default:
      return "This invitation link is not valid. Check that you opened the whole link from the e-mail, or ask for a new invitation.";
  }
}

function stateOf(inv: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }, now: Date): "open" | Exclude<ClosedState, "unknown" | "withdrawn"> {
  if (inv.accepted_at) return "accepted";
  if (inv.revoked_at) return "revoked";
  if (inv.expires_at <= now) return "expired";
  return "open";
}

/**
 * An open invitation is withdrawn once its sender may no longer hand out its
 * role (./sender.ts). An expired one stays "expired": asking for a new one then
 * goes to the owners (./renewal.ts), which is the way forward.
 */
async function withSenderAuthority(db: Db | Tx, inv: { org_id: string; invited_by: string | null; role: Role }, state: ReturnType<typeof stateOf>): Promise<ReturnType<typeof stateOf> | "withdrawn"> {
  if (state !== "open") return state;
  return (await senderMayGrant(db, inv)) ? "open" : "withdrawn";
}

/** An account the address's owner made or confirmed; one made by someone who never confirmed it does not count. */
function confirmedAccount(db: Db | Tx, email: string) {
  return db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email))
    .where("email_verified_at", "is not", null);
}

function byToken(db: Db | Tx, token: string) {
  return db
    .selectFrom("member_invitations as i")
    .innerJoin("organizations as o", "o.id", "i.org_id")
    .leftJoin("users as u", "u.id", "i.invited_by")
    .select(["i.id", "i.org_id", "i.email", "i.role", "i.invited_by", "i.expires_at", "i.accepted_at", "i.revoked_at", "o.name as orgName", "u.name as inviterName", "u.email as inviterEmail"])
    .where("i.token_hash", "=", hashInvitationToken(token));
}

/** What the link's page shows; reading it changes nothing. */
export async function viewInvitation(db: Db, token: string, now = new Date()): Promise<InvitationView> {
  if (!isInvitationTokenShape(token)) return { state: "unknown" };
  const inv = await byToken(db, token).executeTakeFirst();
  if (!inv) return { state: "unknown" };
  const invitedBy = inv.inviterEmail ? personLabel({ name: inv.inviterName, email: inv.inviterEmail }) : null;
  const state = await withSenderAuthority(db, inv, stateOf(inv, now));
  if (state !== "open") return { state, orgName: inv.orgName, email: inv.email, role: inv.role, invitedBy };
  const account = await confirmedAccount(db, inv.email).executeTakeFirst();
  return { state, orgId: inv.org_id, orgName: inv.orgName, email: inv.email, role: inv.role, expiresAt: inv.expires_at, invitedBy, hasAccount: Boolean(account) };
}

export interface Accepted {
  orgId: string;
  orgName: string;
  role: Role;
  /** The person already belonged to the organization; their role was kept. */
  alreadyMember: boolean;
}

/** Locks the organization, then the invitation, and checks it can still be used. */
async function claim(tx: Tx, token: string, now: Date) {
  if (!isInvitationTokenShape(token)) throw new InvitationClosedError("unknown");
  const found = await byToken(tx, token).executeTakeFirst();
  if (!found) throw new InvitationClosedError("unknown");
  await lockOrganization(tx, found.org_id);
  const inv = await tx.selectFrom("member_invitations").selectAll().where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
  // The token may have been replaced (sent again) between the read and the lock.
  if (inv.token_hash !== hashInvitationToken(token)) throw new InvitationClosedError("unknown");
  // Under the organization's lock: a removal or demotion of the sender that committed before counts.
  const state = await withSenderAuthority(tx, inv, stateOf(inv, now));
  if (state !== "open") throw new InvitationClosedError(state, inv.role);
  return { ...inv, orgName: found.orgName };
}

async function join(tx: Tx, inv: Awaited<ReturnType<typeof claim>>, user: { id: string; name: string | null; email: string }, now: Date): Promise<Accepted> {
  const added = await tx.insertInto("memberships").values({ org_id: inv.org_id, user_id: user.id, role: inv.role }).onConflict((oc) => oc.columns(["org_id", "user_id"]).doNothing()).returning("role").executeTakeFirst();
  await tx.updateTable("member_invitations").set({ accepted_at: now, accepted_by: user.id }).where("id", "=", inv.id).execute();
  const kept = added ? null : await tx.selectFrom("memberships").select("role").where("org_id", "=", inv.org_id).where("user_id", "=", user.id).executeTakeFirstOrThrow();
  await recordMemberChange(
    tx,
    inv.org_id,
    "member.invitation_accepted",
    kept
      ? `${personLabel(user)} accepted the invitation as ${inv.role} sent ${utcMinute(inv.sent_at)}, and stays ${kept.role}: they were a member already.`
      : `${personLabel(user)} accepted the invitation and joined as ${inv.role}.`,
  );
  return { orgId: inv.org_id, orgName: inv.orgName, role: kept?.role ?? inv.role, alreadyMember: Boolean(kept) };
}

/** A signed-in person accepts: only with the account of the address the invitation went to. */
export async function acceptInvitation(db: Db, token: string, userId: string, now = new Date()): Promise<Accepted> {
  return db.transaction().execute(async (tx) => {
    const inv = await claim(tx, token, now);
    const user = await tx.selectFrom("users").select(["id", "name", "email"]).where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    if (user.email.trim().toLowerCase() !== inv.email) {
      throw new ForbiddenError(`This invitation is for ${inv.email}, but you are signed in as ${user.email}. Sign out, then open the link again and sign in as ${inv.email}.`);
    }
    // The link reached the address: an account on it that was never confirmed is now theirs.
    await claimUnconfirmedAccount(tx, user.id, now);
    return join(tx, inv, user, now);
  });
}

// bcrypt reads at most 72 bytes of a password; a longer one would be cut without a word.
const password = z
  .string()
  .min(10, "Use at least 10 characters")
  .refine((p) => new TextEncoder().encode(p).length <= 72, "Use at most 72 bytes (about 72 letters)");

export const newAccountInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(200, "At most 200 characters"),
  password,
});

/**
 * Someone without an account accepts: the account is made with the invited
 * address, verified by the link itself. An unconfirmed account on the address
 * is taken over (its name and password replaced): whoever made it never proved
 * the address, and the person holding the link just did.
 */
export async function acceptInvitationWithNewAccount(db: Db, token: string, input: unknown, now = new Date()): Promise<Accepted & { email: string }> {
  const { name, password: pw } = parseOrThrow(newAccountInput, input);
  return db.transaction().execute(async (tx) => {
    const inv = await claim(tx, token, now);
    const existing = await tx
      .selectFrom("users")
      .select(["id", "email_verified_at"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", inv.email))
      .forUpdate()
      .executeTakeFirst();
    const taken = new ConflictError(`There is already an account for ${inv.email}. Sign in with it to accept the invitation.`);
    if (existing?.email_verified_at) throw taken;
    let userId: string;
    if (existing) {
      await claimUnconfirmedAccount(tx, existing.id, now, { name, passwordHash: await hashPassword(pw) });
      userId = existing.id;
    } else {
      try {
        userId = await createUser(tx, { email: inv.email, name, password: pw, emailVerifiedAt: now });
      } catch (err) {
        // A sign-up with the address committed a moment ago; the person can try again, and take it over then.
        if (err instanceof EmailTakenError) throw taken;
        throw err;
      }
    }
    return { ...(await join(tx, inv, { id: userId, name, email: inv.email }, now)), email: inv.email };
  });
}
