// A token bucket per key (a provider account, a webhook endpoint), kept in
// Postgres so every worker process draws from the same one. The bucket stores "tokens as of updated_at"; refill is
// computed from elapsed time when a token is taken, so nothing has to tick.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

export interface RateLimit {
  capacity: number;
  refillPerSecond: number;
  /** Per provider account or endpoint, e.g. "slack:live:T123", "webhook-endpoint:<id>". */
  key: string;
}

export type Take = { granted: true } | { granted: false; waitMs: number };

/**
 * Takes one token if one is available, in a single statement: the upsert locks
 * the row, so concurrent takers queue on it and none can overdraw. A refused take
 * writes nothing (the stored tokens stay true as of their updated_at).
 */
export async function takeToken(db: Db, limit: RateLimit): Promise<Take> {
  if (!(limit.capacity >= 1) || !(limit.refillPerSecond >= 0)) {
    throw new RangeError(`Rate limit ${limit.key} needs capacity >= 1 and refillPerSecond >= 0`);
  }
  // updated_at only moves forward: a statement that waited on the lock must not
  // credit time that the statement before it already credited.
  const available = sql<number>`least(excluded.capacity,
    b.tokens + greatest(0, extract(epoch from statement_timestamp() - b.updated_at)::float8) * excluded.refill_per_second)`;
  const taken = await sql<{ tokens: number }>`
    insert into rate_limit_buckets as b (bucket_key, tokens, capacity, refill_per_second, updated_at)
    values (${limit.key}, ${limit.capacity - 1}, ${limit.capacity}, ${limit.refillPerSecond}, statement_timestamp())
    on conflict (bucket_key) do update set
      tokens = ${available} - 1,
      capacity = excluded.capacity,
      refill_per_second = excluded.refill_per_second,
      updated_at = greatest(b.updated_at, statement_timestamp())
    where ${available} >= 1
    returning tokens`.execute(db);
  if (taken.rows.length > 0) return { granted: true };

  // Only an estimate of the wait: the next take decides, atomically.
  const availableNow = (await bucketLevels(db, [limit.key])).get(limit.key)?.available ?? 0;
  if (limit.refillPerSecond === 0) return { granted: false, waitMs: Number.POSITIVE_INFINITY };
  return { granted: false, waitMs: Math.max(0, Math.ceil(((1 - availableNow) / limit.refillPerSecond) * 1000)) };
}

export interface BucketLevel {
  /** Tokens in the bucket now, refill since the last take included. */
  available: number;
  capacity: number;
  refillPerSecond: number;
}

/** How full each bucket is now, by key; a key that was never taken from has no row (its bucket is full). */
export async function bucketLevels(db: Db, keys: readonly string[]): Promise<Map<string, BucketLevel>> {
  if (keys.length === 0) return new Map();
  const rows = await sql<{ bucket_key: string; available: number; capacity: number; refill_per_second: number }>`
    select bucket_key, capacity, refill_per_second,
      least(capacity, tokens + greatest(0, extract(epoch from clock_timestamp() - updated_at)::float8) * refill_per_second) as available
    from rate_limit_buckets where bucket_key = any(${keys}::text[])`.execute(db);
  return new Map(
    rows.rows.map((r) => [r.bucket_key, { available: Number(r.available), capacity: Number(r.capacity), refillPerSecond: Number(r.refill_per_second) }]),
  );
}
