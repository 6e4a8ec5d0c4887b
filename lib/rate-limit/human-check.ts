// Optional CAPTCHA on the public forms: Cloudflare Turnstile, on when both
// TURNSTILE_SITE_KEY (shown to the browser) and TURNSTILE_SECRET_KEY (kept here)
// are set. The widget puts a one-time token into the form; we ask siteverify
// whether it is good. TURNSTILE_VERIFY_URL replaces siteverify's address (the
// tests point it at a local stub).
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { log } from "@/lib/log";
import { TOKEN_FIELD } from "./human-check-field";

type Env = Record<string, string | undefined>;

export { TOKEN_FIELD };
const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The site key to render the widget with, or null when no CAPTCHA is configured. */
export function humanCheckSiteKey(env: Env = process.env): string | null {
  return env.TURNSTILE_SITE_KEY && env.TURNSTILE_SECRET_KEY ? env.TURNSTILE_SITE_KEY : null;
}

export async function verifyHuman(token: unknown, ip: string | null, env: Env = process.env): Promise<void> {
  const secret = env.TURNSTILE_SECRET_KEY;
  if (!humanCheckSiteKey(env) || !secret) return;
  if (typeof token !== "string" || token.length === 0 || token.length > 2048) {
    throw new ValidationError({ [TOKEN_FIELD]: ["Complete the check that you are a person, then send the form again."] });
  }
  const form = new URLSearchParams({ secret, response: token });
  if (ip) form.set("remoteip", ip);
  let outcome: { success?: boolean; "error-codes"?: string[] };
  try {
    const res = await fetch(env.TURNSTILE_VERIFY_URL || SITEVERIFY, { method: "POST", body: form, signal: AbortSignal.timeout(5000) });
    outcome = (await res.json()) as typeof outcome;
  } catch (err) {
    log.warn({ err: (err as Error).message }, "the CAPTCHA check could not be reached");
    throw new ConflictError("We could not check that you are a person just now. Nothing was saved; try again in a moment.");
  }
  if (outcome.success !== true) {
    throw new ValidationError({ [TOKEN_FIELD]: ["The check that you are a person failed or expired. Complete it again, then send the form again."] });
  }
}
