// How long Idempotency-Key rows live. A key held by a request longer than the
// lock timeout is taken for abandoned (the request crashed) and a retry may take
// it over; every key is deleted after the retention, by a worker cron task.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

function positiveMs(name: string, fallback: number, unitMs = 1): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`${name} must be a positive number`);
  return n * unitMs;
}

/** IDEMPOTENCY_LOCK_TIMEOUT_MS, default 60 s: longer than any request is allowed to run. */
export function idempotencyLockTimeoutMs(): number {
  return positiveMs("IDEMPOTENCY_LOCK_TIMEOUT_MS", 60_000);
}

/** IDEMPOTENCY_KEY_RETENTION_HOURS, default 24, as Stripe keeps its keys. */
export function idempotencyRetentionMs(): number {
  return positiveMs("IDEMPOTENCY_KEY_RETENTION_HOURS", 24 * 3_600_000, 3_600_000);
}

const BATCH = 5_000;

/**
 * Deletes keys created and last taken before the retention, in batches so a
 * large backlog never holds one long lock; returns how many went.
 */
export async function deleteExpiredIdempotencyKeys(db: Db, retentionMs = idempotencyRetentionMs()): Promise<number> {
  let total = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      delete from api_idempotency_keys where (api_key_id, idempotency_key) in (
        select api_key_id, idempotency_key from api_idempotency_keys
        where created_at < now() - make_interval(secs => ${retentionMs / 1000})
          and locked_at < now() - make_interval(secs => ${retentionMs / 1000})
        limit ${BATCH})`.execute(db);
    const n = Number(numAffectedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}
