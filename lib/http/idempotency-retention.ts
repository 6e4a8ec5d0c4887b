// How long Idempotency-Key rows live. A key held by a request longer than the
// lock timeout is taken for abandoned (the request crashed) and a retry may take
// it over; every key is deleted after the retention, with the other growing
// tables (lib/retention).

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
