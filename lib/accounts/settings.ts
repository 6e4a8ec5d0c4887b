// Whether anyone may create an organization at /signup: OPEN_SIGNUP=on or off.
// Unset, it is open where the sandbox runs (the embedded demo, a test server)
// and closed on a server with its own database: an operator's Switchboard is
// not a public service unless they say so, since every sign-up is a new tenant
// on their database and a mail from their SMTP server. Closed, organizations
// come from `npm run org:create` and people from invitations.
import { sandboxEnabled } from "@/lib/integrations/sandbox-url";
import { mailerConfig } from "@/lib/mailer/config";

type Env = Record<string, string | undefined>;

export function openSignUpSetting(env: Env = process.env): boolean {
  const v = env.OPEN_SIGNUP?.trim().toLowerCase();
  if (!v) return sandboxEnabled(env);
  if (v === "on") return true;
  if (v === "off") return false;
  throw new Error(`OPEN_SIGNUP must be "on" or "off", not "${env.OPEN_SIGNUP}"`);
}

/** Whether the platform mailer can carry account e-mail; a half-set SMTP_* counts as not. */
export function accountMailAvailable(env: Env = process.env): boolean {
  try {
    return mailerConfig(env) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Sign-up is offered when it is switched on and the mailer can send the
 * verification link: without one, an account could never be confirmed.
 */
export function signUpOpen(env: Env = process.env): boolean {
  return openSignUpSetting(env) && accountMailAvailable(env);
}
