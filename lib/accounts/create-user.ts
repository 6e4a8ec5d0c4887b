// The one way a person's account comes into being outside the demo seed: sign-up,
// `npm run org:create` and accepted invitations all call this, so e-mail
// normalisation, password hashing and the duplicate rule live in one place.
import type { Tx } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

export class EmailTakenError extends Error {
  constructor() {
    super("An account with this e-mail address already exists.");
    this.name = "EmailTakenError";
  }
}

export interface NewUser {
  email: string;
  name: string | null;
  /** Null for someone who will sign in through single sign-on or set one later by e-mailed link. */
  password: string | null;
  /** When the address was proven; null until the person opens a verification link. */
  emailVerifiedAt: Date | null;
}

/** Lower-cased and trimmed: addresses are compared that way everywhere (users_email_key is on lower(email)). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates the user inside the caller's transaction (so an organization and its
 * owner appear together or not at all) and returns its id. Throws EmailTakenError
 * when the address is already used; "on conflict do nothing" rather than catching
 * the unique violation keeps the caller's transaction usable afterwards.
 */
export async function createUser(tx: Tx, user: NewUser): Promise<string> {
  const passwordHash = user.password === null ? null : await hashPassword(user.password);
  const name = user.name?.trim() || null;
  const row = await tx
    .insertInto("users")
    .values({
      email: normaliseEmail(user.email),
      name,
      password_hash: passwordHash,
      email_verified_at: user.emailVerifiedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) throw new EmailTakenError();
  return row.id;
}
