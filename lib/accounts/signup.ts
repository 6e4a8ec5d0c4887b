// Sign-up: a new organization and its owner, who confirms the e-mail address
// before signing in. An address that already has an account gets the same
// answer, after the same work (the password hashed, the organization's row
// written and rolled back), and a note in its own mailbox instead: the form
// never says which addresses have accounts.
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import type { Db } from "@/lib/db/client";
import { consume } from "@/lib/rate-limit";
import { EmailTakenError } from "./create-user";
import { queueAccountMail } from "./mail-task";
import { createOrganizationWithOwner } from "./organizations";
import { signUpInput } from "./rules";
import { signUpOpen } from "./settings";

export const SIGN_UP_CLOSED = "Sign-up is by invitation on this Switchboard. Ask an owner or admin of your organization to invite you, or whoever runs this server to create your organization.";

/** The one answer to every accepted sign-up, new address or not. */
export function signUpAnswer(email: string): string {
  return `Almost done: we sent a link to ${email}. Open it to confirm your address, then sign in. No e-mail within a few minutes? Check your spam folder, or ask for a new link on the sign-in page.`;
}

export async function signUp(db: Db, input: unknown, opts: { ip: string | null }): Promise<{ message: string }> {
  if (!signUpOpen()) throw new ConflictError(SIGN_UP_CLOSED);
  const parsed = signUpInput.safeParse(input);
  // A form sent back for a typo mails nobody, so it does not count against the limits.
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const v = parsed.data;
  await consume("account_ip", opts.ip, db);
  await consume("account_email", v.email, db);
  try {
    await db.transaction().execute(async (tx) => {
      await createOrganizationWithOwner(tx, v.orgName, { email: v.email, name: v.name, password: v.password, emailVerifiedAt: null });
      await queueAccountMail(tx, "verify_email", v.email);
    });
  } catch (err) {
    if (!(err instanceof EmailTakenError)) throw err;
    await queueAccountMail(db, "already_registered", v.email);
  }
  return { message: signUpAnswer(v.email) };
}
