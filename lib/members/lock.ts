// Every change to who belongs to an organization takes the organization's row
// lock first, so changes to one organization run one after another: two owners
// demoting each other, or a removal racing an acceptance, cannot both see a state
// that the other is about to change. Each statement after the lock reads what the
// change before it committed (read committed takes a fresh snapshot per statement).
// "for no key update" does not block rows elsewhere that only reference the organization.
import { ForbiddenError } from "@/lib/auth/errors";
import type { Tx } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";

export interface Person {
  userId: string;
  name: string | null;
  email: string;
  role: Role;
}

/** Ids come from forms and URLs; anything but a uuid names nothing (and would make Postgres throw). */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export async function lockOrganization(tx: Tx, orgId: string): Promise<{ id: string; name: string; slug: string }> {
  const org = await tx.selectFrom("organizations").select(["id", "name", "slug"]).where("id", "=", orgId).forNoKeyUpdate().executeTakeFirst();
  if (!org) throw new NotFoundError("The organization");
  return org;
}

export async function personIn(tx: Tx, orgId: string, userId: string): Promise<Person | undefined> {
  return tx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id as userId", "u.name", "u.email", "m.role"])
    .where("m.org_id", "=", orgId)
    .where("m.user_id", "=", userId)
    .executeTakeFirst();
}

/** The person acting, as they are now under the lock: a role taken away a moment ago no longer counts. */
export async function actingPerson(tx: Tx, orgId: string, userId: string): Promise<Person> {
  const actor = await personIn(tx, orgId, userId);
  if (!actor) throw new ForbiddenError("You are no longer a member of this organization.");
  return actor;
}

export async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const row = await tx.selectFrom("memberships").select((eb) => eb.fn.countAll<string>().as("n")).where("org_id", "=", orgId).where("role", "=", "owner").executeTakeFirstOrThrow();
  return Number(row.n);
}

/** "Ana Lopez <ana@example.com>", or the address alone: how the activity log names a person. */
export function personLabel(p: { name: string | null; email: string }): string {
  return p.name ? `${p.name} <${p.email}>` : p.email;
}
