// The tokens behind the links mailed to a person about their account. Each is
// 32 random bytes, shown once (in the e-mail) and stored only as its SHA-256, so
// the database alone cannot make a working link; it serves one purpose, works
// once and expires. A used or expired token is still recognised, so the page it
// opens can say which and offer a new link instead of "invalid link".
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { AccountTokenPurpose } from "@/lib/db/schema";

export type { AccountTokenPurpose };

/** How long each kind of link works. A reset link is short-lived: it is as good as the password. */
export const TOKEN_LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 3600_000,
  reset_password: 3600_000,
  // An organization created by an operator: its owner may not read mail the same hour.
  set_password: 72 * 3600_000,
};

export type TokenState =
  | { state: "valid"; userId: string }
  | { state: "used"; userId: string }
  | { state: "expired"; userId: string }
  | { state: "unknown" };

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new token for the link; only its hash is stored. Old, long-expired tokens of the person go at the same time. */
export async function issueToken(db: DbOrTx, userId: string, purpose: AccountTokenPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .deleteFrom("account_tokens")
    .where("user_id", "=", userId)
    .where("expires_at", "<", new Date(now.getTime() - 7 * 24 * 3600_000))
    .execute();
  await db
    .insertInto("account_tokens")
    .values({ user_id: userId, purpose, token_hash: hashOf(token), expires_at: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]) })
    .execute();
  return token;
}

/** What a token is, without using it: for a page that shows a form before the token is spent. */
export async function inspectToken(db: DbOrTx, token: string, purpose: AccountTokenPurpose, now = new Date()): Promise<TokenState> {
  if (!SHAPE.test(token)) return { state: "unknown" };
  const row = await db
    .selectFrom("account_tokens")
    .select(["user_id", "expires_at", "used_at"])
    .where("token_hash", "=", hashOf(token))
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row) return { state: "unknown" };
  if (row.used_at) return { state: "used", userId: row.user_id };
  if (row.expires_at.getTime() <= now.getTime()) return { state: "expired", userId: row.user_id };
  return { state: "valid", userId: row.user_id };
}

/**
 * Spends the token: "valid" exactly once, even for two clicks at the same moment
 * (the update claims it). Spending one also retires the person's other links of
 * the same purpose, so an older e-mail cannot be used after a newer one was.
 */
export async function useToken(db: DbOrTx, token: string, purpose: AccountTokenPurpose, now = new Date()): Promise<TokenState> {
  if (!SHAPE.test(token)) return { state: "unknown" };
  const claimed = await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", hashOf(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("user_id")
    .executeTakeFirst();
  if (!claimed) return inspectToken(db, token, purpose, now);
  await db
    .updateTable("account_tokens")
    .set({ used_at: now })
    .where("user_id", "=", claimed.user_id)
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .execute();
  return { state: "valid", userId: claimed.user_id };
}
