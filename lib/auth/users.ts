import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/schema";
import { EMAIL_NOT_CONFIRMED } from "./sign-in-errors";
import { dummyPasswordHash, verifyPassword } from "./password";

/**
 * The password was right but the address is not confirmed yet. Its message is
 * next-auth's `error` code, which the sign-in form turns into "confirm your
 * address first" with a way to get a new link. Only the right password reveals it.
 */
export class EmailNotConfirmedError extends Error {
  constructor() {
    super(EMAIL_NOT_CONFIRMED);
    this.name = "EmailNotConfirmedError";
  }
}

export async function authenticate(db: Db, email: string, password: string) {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "password_hash", "email_verified_at"])
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
  // Compare even when the user is unknown so timing does not reveal which e-mails exist.
  const hash = user?.password_hash ?? (await dummyPasswordHash());
  const ok = await verifyPassword(password, hash);
  if (!user || !user.password_hash || !ok) return null;
  if (!user.email_verified_at) throw new EmailNotConfirmedError();
  return { id: user.id, email: user.email, name: user.name };
}

export interface Membership {
  orgId: string;
  orgName: string;
  orgSlug: string;
  role: Role;
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  return db
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.org_id")
    .select(["o.id as orgId", "o.name as orgName", "o.slug as orgSlug", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("m.created_at", "asc")
    .execute();
}
