// One way to apply a named limit: consume a point for a key (an address, an
// e-mail, a connection), and when the limit is used up throw RateLimitedError,
// which the routes answer as 429 with Retry-After and a sentence a person can act on.
import { createHash } from "node:crypto";
import { RateLimiterRes } from "rate-limiter-flexible";
import { db as appDb, type Db } from "@/lib/db/client";
import { humanWait, RateLimitedError } from "./errors";
import type { LimitName } from "./limits";
import { limiterFor } from "./store";

export { clientIp } from "./client-ip";
export { RateLimitedError, tooManyRequests } from "./errors";
export type { LimitName } from "./limits";

const SUBJECT: Record<LimitName, string> = {
  signin_email: "Too many sign-in attempts for this account.",
  signin_ip: "Too many sign-in attempts from your network.",
  public_ip: "Too many registrations and checkouts from your network.",
  public_email: "Too many registrations and checkouts for this e-mail address.",
  public_upload: "Too many file uploads from your network.",
  account_ip: "Too many sign-ups and account e-mails asked for from your network.",
  account_email: "Too many sign-ups and account e-mails asked for this e-mail address.",
  member_invitation: "This organization has sent many invitations in the last hour.",
  inbound_verify: "Too many callbacks for this connection.",
  ticket_code_miss: "Too many ticket codes that match no ticket.",
};

// Addresses and e-mails are stored only as hashes: the table needs to tell keys apart, not read them.
function storedKey(key: string): string {
  return createHash("sha256").update(key.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

/**
 * Counts one use of `name` for `key`; throws RateLimitedError once the limit is
 * used up. A null key (an address we cannot know) is not counted.
 */
export async function consume(name: LimitName, key: string | null, db: Db = appDb()): Promise<void> {
  const limiter = key ? limiterFor(name, db) : null;
  if (!limiter || !key) return;
  try {
    await limiter.consume(storedKey(key));
  } catch (res) {
    if (res instanceof RateLimiterRes) {
      const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      throw new RateLimitedError(`${SUBJECT[name]} Try again in ${humanWait(wait)}.`, wait);
    }
    throw res;
  }
}

/**
 * Throws RateLimitedError when `name` is used up for `key`, without counting a use:
 * for limits counted only on failure, checked before the attempt so that a used-up
 * limit refuses the next try whatever it would have found.
 */
export async function assertNotUsedUp(name: LimitName, key: string | null, db: Db = appDb()): Promise<void> {
  const limiter = key ? limiterFor(name, db) : null;
  if (!limiter || !key) return;
  const res = await limiter.get(storedKey(key));
  if (res && res.remainingPoints <= 0) {
    const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new RateLimitedError(`${SUBJECT[name]} Try again in ${humanWait(wait)}.`, wait);
  }
}

/** Gives back one use, for a use that turned out legitimate (a successful sign-in). */
export async function giveBack(name: LimitName, key: string | null, db: Db = appDb()): Promise<void> {
  const limiter = key ? limiterFor(name, db) : null;
  if (limiter && key) await limiter.reward(storedKey(key), 1);
}
