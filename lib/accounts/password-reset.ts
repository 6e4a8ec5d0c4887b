// "Forgot your password?": a link by e-mail that works once, for an hour, and a
// new password chosen with it. The request answers the same for every address;
// the job behind it mails only addresses with an account. Setting the password
// ends the person's other sessions (users.password_changed_at, checked on every
// session read by lib/auth/session-validity.ts).
import { ValidationError } from "@/lib/domain/errors";
import type { Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { consume } from "@/lib/rate-limit";
import { queueAccountMail } from "./mail-task";
import { emailOnlyInput, newPasswordInput } from "./rules";
import { inspectToken, useToken, type AccountTokenPurpose, type TokenState } from "./tokens";

export const RESET_LINK_SENT = "If that address has a Switchboard account, a link to choose a new password is on its way. It works once, for one hour.";

export async function requestPasswordReset(db: Db, input: unknown, opts: { ip: string | null }): Promise<{ message: string }> {
  await consume("account_ip", opts.ip, db);
  const parsed = emailOnlyInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  await consume("account_email", parsed.data.email, db);
  await queueAccountMail(db, "reset_password", parsed.data.email);
  return { message: RESET_LINK_SENT };
}

/** The links that set a password: a reset, or the first password of an owner an operator created. */
const PASSWORD_PURPOSES: AccountTokenPurpose[] = ["reset_password", "set_password"];

/** What a password link is, and for which purpose, without spending it: the page shows the form only for a valid one. */
export async function inspectPasswordLink(db: Db, token: string): Promise<TokenState & { purpose: AccountTokenPurpose }> {
  for (const purpose of PASSWORD_PURPOSES) {
    const state = await inspectToken(db, token, purpose);
    if (state.state !== "unknown") return { ...state, purpose };
  }
  return { state: "unknown", purpose: "reset_password" };
}

/** What a person is told about a password link that cannot be used, on the page and in the form's answer. */
export const PASSWORD_LINK_REFUSED = {
  used: "This link was already used to choose a password. Sign in with that password, or ask for a new link if you have forgotten it.",
  expired: "This link has expired: a link to choose a password works for a limited time. Ask for a new one below.",
  unknown: "This link is not valid: it may be incomplete (copy the whole link from the e-mail) or replaced by a newer one. Ask for a new one below.",
} as const;

export type ResetOutcome = { outcome: "changed"; email: string } | { outcome: "expired" | "used" | "unknown" };

/**
 * Sets the new password with the link, once. The link proves the mailbox, so an
 * address not yet confirmed is confirmed by it too.
 */
export async function resetPassword(db: Db, input: unknown, opts: { ip: string | null }): Promise<ResetOutcome> {
  const parsed = newPasswordInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  // Each try costs a bcrypt hash: limited like the other account forms.
  await consume("account_ip", opts.ip, db);
  const { purpose } = await inspectPasswordLink(db, parsed.data.token);
  const hash = await hashPassword(parsed.data.password);
  return db.transaction().execute(async (tx): Promise<ResetOutcome> => {
    const state = await useToken(tx, parsed.data.token, purpose);
    if (state.state !== "valid") return { outcome: state.state };
    const now = new Date();
    const user = await tx
      .updateTable("users")
      .set((eb) => ({ password_hash: hash, password_changed_at: now, email_verified_at: eb.fn.coalesce("email_verified_at", eb.val(now)) }))
      .where("id", "=", state.userId)
      .returning("email")
      .executeTakeFirstOrThrow();
    // The other kind of password link dies too: one password, chosen once per link.
    await tx.updateTable("account_tokens").set({ used_at: now }).where("user_id", "=", state.userId).where("purpose", "in", PASSWORD_PURPOSES).where("used_at", "is", null).execute();
    return { outcome: "changed", email: user.email };
  });
}
