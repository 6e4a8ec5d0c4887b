// The e-mails about a person's own account, and the links in them. Each link is
// made when the mail is composed (./tokens.ts), so the token exists only in the
// e-mail and, hashed, in the database.
import { appUrl } from "@/lib/config";
import type { DbOrTx } from "@/lib/db/client";
import { issueToken, TOKEN_LIFETIME_MS, type AccountTokenPurpose } from "./tokens";

/** The kinds of account e-mail: three carry a link, one is the "you already have an account" note. */
export type AccountMailKind = AccountTokenPurpose | "already_registered";

export interface AccountMail {
  subject: string;
  text: string;
}

const PATHS: Record<AccountTokenPurpose, string> = {
  verify_email: "/verify-email",
  reset_password: "/reset-password",
  set_password: "/reset-password",
};

export function accountLink(purpose: AccountTokenPurpose, token: string, base = appUrl()): string {
  return `${base}${PATHS[purpose]}/${token}`;
}

function lifetime(purpose: AccountTokenPurpose): string {
  const hours = TOKEN_LIFETIME_MS[purpose] / 3600_000;
  return hours === 1 ? "one hour" : `${hours} hours`;
}

/** Composes the e-mail, making a new link when it needs one. */
export async function composeAccountMail(db: DbOrTx, kind: AccountMailKind, user: { id: string; name: string | null; orgName?: string }): Promise<AccountMail> {
  const hello = user.name ? `Hello ${user.name},` : "Hello,";
  const base = appUrl();
  if (kind === "already_registered") {
    return {
      subject: "You already have a Switchboard account",
      text: [
        hello,
        "",
        "someone, perhaps you, just tried to sign up for Switchboard with this e-mail address. It already has an account, so nothing new was created.",
        "",
        `Sign in: ${base}/login`,
        `Forgot your password? Ask for a new one: ${base}/forgot-password`,
        "",
        "If it was not you, you can ignore this e-mail; your account is unchanged.",
      ].join("\n"),
    };
  }
  const link = accountLink(kind, await issueToken(db, user.id, kind), base);
  const works = `The link works once, for ${lifetime(kind)}.`;
  if (kind === "verify_email") {
    return {
      subject: "Confirm your e-mail address for Switchboard",
      text: [hello, "", "open this link to confirm your e-mail address and finish creating your Switchboard account:", link, "", works, "If you did not sign up, ignore this e-mail: nothing happens without the link."].join("\n"),
    };
  }
  if (kind === "set_password") {
    return {
      subject: `Your Switchboard account${user.orgName ? ` for ${user.orgName}` : ""}`,
      text: [hello, "", `an account was created for you as the owner of ${user.orgName ?? "an organization"} on Switchboard. Open this link to choose your password:`, link, "", works, `Once it has expired, ask for a new one at ${base}/forgot-password.`].join("\n"),
    };
  }
  return {
    subject: "Reset your Switchboard password",
    text: [hello, "", "open this link to choose a new password for your Switchboard account:", link, "", works, "Choosing a new password signs you out everywhere else.", "If you did not ask for this, ignore this e-mail: your password stays as it is."].join("\n"),
  };
}
