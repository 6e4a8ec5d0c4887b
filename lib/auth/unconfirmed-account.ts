// An account whose address was never confirmed was made by whoever typed that
// address, not necessarily by the person it belongs to: anyone can sign up with
// someone else's address, choose the password, and wait. When the address's
// owner proves it another way (a provider vouches for it at single sign-on, or an
// invitation mailed to it is accepted), the account becomes theirs: the password
// its maker chose stops working, the address counts as confirmed, and the
// confirmation links still out are retired, so a later click on one (perhaps a
// mail the maker asked to be re-sent) changes nothing.
import type { Tx } from "@/lib/db/client";

/**
 * Makes an unconfirmed account the address owner's, with `replace` as its new
 * name and password (null: no password, they sign in by single sign-on or set
 * one by e-mailed link). True when the account was unconfirmed; a confirmed one
 * is left exactly as it is.
 */
export async function claimUnconfirmedAccount(tx: Tx, userId: string, now: Date, replace?: { name: string; passwordHash: string }): Promise<boolean> {
  const claimed = await tx
    .updateTable("users")
    .set({
      password_hash: replace?.passwordHash ?? null,
      ...(replace ? { name: replace.name } : {}),
      password_changed_at: now,
      email_verified_at: now,
    })
    .where("id", "=", userId)
    .where("email_verified_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!claimed) return false;
  await tx.updateTable("account_tokens").set({ used_at: now }).where("user_id", "=", userId).where("purpose", "=", "verify_email").where("used_at", "is", null).execute();
  return true;
}
