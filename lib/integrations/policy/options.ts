// The knobs of the call policy and their defaults, checked once so a typo in a
// connector's overrides fails at construction rather than as a strange retry loop.
export interface PolicyOptions {
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts within one call, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A longer Retry-After is not slept on: the call fails with failure.retryAfterMs so the job is retried later. */
  maxInlineRetryAfterMs: number;
  /** Consecutive failed calls (after their retries) that open the circuit. */
  breakerThreshold: number;
  halfOpenAfterMs: number;
}

export const defaultPolicyOptions: Readonly<PolicyOptions> = Object.freeze({
  timeoutMs: 10_000,
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  maxInlineRetryAfterMs: 30_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
});

export function resolveOptions(overrides: Partial<PolicyOptions> = {}): PolicyOptions {
  const o = { ...defaultPolicyOptions, ...stripUndefined(overrides) };
  for (const [name, value] of Object.entries(o)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Call policy option ${name} must be a non-negative number, got ${value}`);
  }
  for (const name of ["timeoutMs", "maxAttempts", "breakerThreshold"] as const) {
    if (!Number.isInteger(o[name]) || o[name] < 1) throw new RangeError(`Call policy option ${name} must be a positive integer, got ${o[name]}`);
  }
  return o;
}

/**
 * How long a test call after an open circuit may hold the half-open slot before
 * another process assumes it died and probes again: the longest a call can take.
 */
export function probeLeaseMs(o: PolicyOptions): number {
  return o.maxAttempts * o.timeoutMs + (o.maxAttempts - 1) * Math.max(o.maxDelayMs, o.maxInlineRetryAfterMs);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
