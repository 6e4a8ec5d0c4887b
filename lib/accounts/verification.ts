// Confirming an e-mail address from the mailed link, and asking for a new link.
import { ValidationError } from "@/lib/domain/errors";
import type { Db } from "@/lib/db/client";
import { consume } from "@/lib/rate-limit";
import { queueAccountMail } from "./mail-task";
import { emailOnlyInput } from "./rules";
import { inspectToken, useToken } from "./tokens";

/**
 * "confirmed": the address is confirmed now, or already was (a second click,
 * or a mail scanner that opened the link first, is not an error to the person).
 * "expired" and "unknown" lead to a new link.
 */
export type VerifyOutcome = "confirmed" | "expired" | "unknown";

export async function confirmEmail(db: Db, token: string): Promise<VerifyOutcome> {
  return db.transaction().execute(async (tx): Promise<VerifyOutcome> => {
    const state = await useToken(tx, token, "verify_email");
    if (state.state === "unknown") return "unknown";
    const user = await tx.selectFrom("users").select("email_verified_at").where("id", "=", state.userId).executeTakeFirst();
    if (!user) return "unknown";
    if (user.email_verified_at) return "confirmed";
    if (state.state !== "valid") return state.state === "expired" ? "expired" : "unknown";
    await tx.updateTable("users").set({ email_verified_at: new Date() }).where("id", "=", state.userId).execute();
    return "confirmed";
  });
}

export const NEW_LINK_SENT = "If that address has an account still waiting for confirmation, a new link is on its way. It works once, for 24 hours.";

/** A new confirmation link by e-mail address (the sign-in page's "send a new link"): the same answer for any address. */
export async function resendVerification(db: Db, input: unknown, opts: { ip: string | null }): Promise<{ message: string }> {
  await consume("account_ip", opts.ip, db);
  const parsed = emailOnlyInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  await consume("account_email", parsed.data.email, db);
  await queueAccountMail(db, "verify_email", parsed.data.email);
  return { message: NEW_LINK_SENT };
}

/**
 * A new link from an old one (expired, or used when the address is still
 * unconfirmed): whoever holds the old link got it by e-mail, so the new one goes
 * to the same address without asking for it again.
 */
export async function renewVerificationLink(db: Db, token: string, opts: { ip: string | null }): Promise<{ message: string }> {
  await consume("account_ip", opts.ip, db);
  const state = await inspectToken(db, token, "verify_email");
  if (state.state !== "unknown") {
    const user = await db.selectFrom("users").select("email").where("id", "=", state.userId).executeTakeFirst();
    if (user) {
      await consume("account_email", user.email, db);
      await queueAccountMail(db, "verify_email", user.email);
    }
  }
  return { message: "A new link is on its way to the address the old one was sent to. It works once, for 24 hours." };
}
