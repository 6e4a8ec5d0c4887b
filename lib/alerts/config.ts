// The thresholds that turn a state into an alert, read from the environment at
// each evaluation (the e2e and a worried operator can use seconds).
const MINUTE = 60_000;

export interface AlertThresholds {
  /** A circuit breaker not closed for this long is an incident (ALERT_BREAKER_OPEN_MS). */
  breakerOpenMs: number;
  /** This many deliveries waiting or retrying in one organization is an incident (ALERT_BACKLOG_COUNT). */
  backlogCount: number;
  /** A delivery still waiting or retrying this long after it was created is an incident (ALERT_BACKLOG_AGE_MS). */
  backlogAgeMs: number;
}

export const DEFAULT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  breakerOpenMs: 15 * MINUTE,
  backlogCount: 100,
  backlogAgeMs: 60 * MINUTE,
});

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function alertThresholds(env: Record<string, string | undefined> = process.env): AlertThresholds {
  return {
    breakerOpenMs: positive(env, "ALERT_BREAKER_OPEN_MS", DEFAULT_THRESHOLDS.breakerOpenMs),
    backlogCount: Math.ceil(positive(env, "ALERT_BACKLOG_COUNT", DEFAULT_THRESHOLDS.backlogCount)),
    backlogAgeMs: positive(env, "ALERT_BACKLOG_AGE_MS", DEFAULT_THRESHOLDS.backlogAgeMs),
  };
}
