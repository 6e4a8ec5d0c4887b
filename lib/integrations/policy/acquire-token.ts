// The call policy's rate-limit step: wait for a token from the account's bucket
// (lib/net/token-bucket.ts) while the attempt's time allows, else refuse.
import type { Db } from "@/lib/db/client";
import { takeToken, type RateLimit } from "@/lib/net/token-bucket";
import { AttemptError } from "./failure";

/**
 * Waits for a token for as long as the attempt's time allows. When the wait
 * would outlast it, the attempt is refused as rate limited, carrying the wait as
 * its Retry-After, so the retry policy decides whether to wait inline or give up.
 */
export async function acquireToken(
  db: Db,
  limit: RateLimit,
  opts: { remainingMs: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; signal: AbortSignal },
): Promise<void> {
  for (;;) {
    const take = await takeToken(db, limit);
    if (take.granted) return;
    if (take.waitMs > opts.remainingMs()) {
      const when = Number.isFinite(take.waitMs) ? `next request allowed in ${take.waitMs} ms` : "the bucket does not refill";
      throw new AttemptError(
        { kind: "rate_limited", message: `Rate limit ${limit.key} reached: ${when}`, retryAfterMs: take.waitMs },
        { rejected: true },
      );
    }
    await opts.sleep(take.waitMs, opts.signal);
  }
}
