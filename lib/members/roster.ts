// The people of an organization: the list, role changes and removal. The last
// owner can be neither demoted nor removed; the count is taken under the
// organization's lock (./lock.ts), so two concurrent demotions of the last two
// owners cannot both pass.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { ConflictError, NotFoundError, parseOrThrow } from "@/lib/domain/errors";
import { recordMemberChange } from "./activity";
import type { Actor } from "./invitations";
import { actingPerson, isUuid, lockOrganization, ownerCount, personIn, personLabel } from "./lock";
import { assertMayChange, ROLES } from "./rules";

export interface MemberRow {
  userId: string;
  name: string | null;
  email: string;
  role: Role;
  since: Date;
}

export async function listMembers(db: Db, orgId: string): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id as userId", "u.name", "u.email", "m.role", "m.created_at as since"])
    .where("m.org_id", "=", orgId)
    .execute();
  const rank: Record<Role, number> = { owner: 0, admin: 1, member: 2 };
  return rows.sort((a, b) => rank[a.role] - rank[b.role] || (a.name ?? a.email).localeCompare(b.name ?? b.email));
}

const roleInput = z.object({ role: z.enum(ROLES as [Role, ...Role[]], { error: "Choose owner, admin or member" }) });

function lastOwner(orgName: string, who: string, doing: string): ConflictError {
  return new ConflictError(`${who} is the last owner of ${orgName}, so they cannot be ${doing}. Make someone else an owner first.`);
}

export async function changeRole(db: Db, actor: Actor, userId: string, input: unknown): Promise<{ changed: boolean; role: Role }> {
  const { role } = parseOrThrow(roleInput, input);
  if (!isUuid(userId)) throw new NotFoundError("That member");
  return db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, actor.orgId);
    const me = await actingPerson(tx, org.id, actor.userId);
    const target = await personIn(tx, org.id, userId);
    if (!target) throw new NotFoundError("That member");
    assertMayChange(me.role, target.role, role);
    if (target.role === role) return { changed: false, role };
    if (target.role === "owner" && (await ownerCount(tx, org.id)) <= 1) throw lastOwner(org.name, personLabel(target), "made " + role);
    await tx.updateTable("memberships").set({ role }).where("org_id", "=", org.id).where("user_id", "=", target.userId).execute();
    await recordMemberChange(tx, org.id, "member.role_changed", `${personLabel(me)} changed the role of ${personLabel(target)} from ${target.role} to ${role}.`);
    return { changed: true, role };
  });
}

/** Takes a person out of the organization; their next request no longer finds it (lib/auth/session.ts). */
export async function removeMember(db: Db, actor: Actor, userId: string): Promise<{ email: string }> {
  if (!isUuid(userId)) throw new NotFoundError("That member");
  return db.transaction().execute(async (tx) => {
    const org = await lockOrganization(tx, actor.orgId);
    const me = await actingPerson(tx, org.id, actor.userId);
    const target = await personIn(tx, org.id, userId);
    if (!target) throw new NotFoundError("That member");
    assertMayChange(me.role, target.role, null);
    if (target.role === "owner" && (await ownerCount(tx, org.id)) <= 1) throw lastOwner(org.name, personLabel(target), "removed");
    await tx.deleteFrom("memberships").where("org_id", "=", org.id).where("user_id", "=", target.userId).execute();
    const self = target.userId === me.userId;
    await recordMemberChange(tx, org.id, "member.removed", self ? `${personLabel(me)} left the organization (was ${target.role}).` : `${personLabel(me)} removed ${personLabel(target)} (${target.role}) from the organization.`);
    return { email: target.email };
  });
}
