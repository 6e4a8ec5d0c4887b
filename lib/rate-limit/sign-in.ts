// Sign-in with a password, within two limits: attempts per account (e-mail) and
// per client address. Every attempt counts when it starts, so parallel guesses
// cannot slip past the limit; a successful one gives its points back, so people
// who sign in correctly never use up their account's allowance.
import { clientIp, consume, giveBack, RateLimitedError } from "./index";
import { SIGN_IN_LIMITED } from "./sign-in-message";

export async function withinSignInLimits<T>(email: string, headers: Headers | Record<string, unknown> | undefined, attempt: () => Promise<T | null>): Promise<T | null> {
  const ip = clientIp(headers);
  try {
    await consume("signin_ip", ip);
    await consume("signin_email", email);
  } catch (err) {
    // next-auth turns a thrown error into `?error=<message>`; the sign-in page reads the wait from it.
    if (err instanceof RateLimitedError) throw new Error(`${SIGN_IN_LIMITED}:${err.retryAfterSec}`);
    throw err;
  }
  const user = await attempt();
  if (user) await Promise.all([giveBack("signin_email", email), giveBack("signin_ip", ip)]);
  return user;
}
