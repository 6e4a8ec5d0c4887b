import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

// bcryptjs is pure JavaScript: no native addon to rebuild between Node versions.

/** bcrypt's cost in production: about a third of a second per hash on one core. */
export const DEFAULT_PASSWORD_HASH_ROUNDS = 12;

/**
 * The cost new hashes are made with: 12, or PASSWORD_HASH_ROUNDS. Below 10 only
 * under NODE_ENV=test, where the suite hashes at 4 (bcrypt's least, as Rails' and
 * Laravel's test set-ups do): the hashes are real, only cheaper, and the tests of
 * the cost and of sign-in timing ask for 12 themselves. A stored hash carries its
 * own cost, so a change applies to new passwords only.
 */
export function passwordHashRounds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PASSWORD_HASH_ROUNDS?.trim();
  if (!raw) return DEFAULT_PASSWORD_HASH_ROUNDS;
  const rounds = Number(raw);
  const least = env.NODE_ENV === "test" ? 4 : 10;
  if (!Number.isInteger(rounds) || rounds < least || rounds > 15) {
    throw new Error(`PASSWORD_HASH_ROUNDS must be a whole number from ${least} to 15 (bcrypt's cost; ${DEFAULT_PASSWORD_HASH_ROUNDS} when unset); it is "${raw}".`);
  }
  return rounds;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, passwordHashRounds());
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Sign-in compares against this when the e-mail is unknown or has no password, so
// every attempt costs one full bcrypt compare and timing does not reveal which
// e-mails have accounts. It must be a real hash of the same cost: bcrypt gives up
// at once on a malformed one. Made once per process, from a password nobody knows.
let dummy: Promise<string> | undefined;

export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString("base64url"));
  return dummy;
}
