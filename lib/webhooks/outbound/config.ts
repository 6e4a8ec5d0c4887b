// The delivery schedule and limits, written down once. Tests compress them with
// configureWebhookDelivery() (or the WEBHOOK_* environment variables), never by
// touching the code that follows them.

export interface DeliveryConfig {
  /**
   * Delay before each attempt, the first included: attempt n+1 runs scheduleMs[n]
   * after attempt n failed. Its length is the number of scheduled attempts.
   */
  scheduleMs: number[];
  /** Per attempt, connect to last byte. */
  timeoutMs: number;
  /** An endpoint failing without a single success for this long is disabled. */
  disableAfterMs: number;
  /** How long the previous secret keeps signing after a rotation. */
  rotationOverlapMs: number;
  /** How much of a response body is kept in the attempt log. */
  maxResponseBytes: number;
  /** The clock used for timestamps, failing_since and the disable rule. */
  now: () => Date;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Svix's schedule): 8 attempts over about 27.6 hours. */
export const DEFAULT_SCHEDULE_MS = [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

export const DEFAULTS: DeliveryConfig = {
  scheduleMs: DEFAULT_SCHEDULE_MS,
  timeoutMs: 15 * SECOND,
  disableAfterMs: 5 * 24 * HOUR,
  rotationOverlapMs: 24 * HOUR,
  maxResponseBytes: 4096,
  now: () => new Date(),
};

let overrides: Partial<DeliveryConfig> = {};

/** For tests and benchmarks in the worker's process: replaces the previous overrides. */
export function configureWebhookDelivery(o: Partial<DeliveryConfig>): void {
  overrides = { ...o };
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function envSchedule(): number[] | undefined {
  const raw = process.env.WEBHOOK_RETRY_SCHEDULE_MS;
  if (!raw) return undefined;
  const list = raw.split(",").map((s) => Number(s.trim()));
  return list.length > 0 && list.every((n) => Number.isFinite(n) && n >= 0) ? list : undefined;
}

export function deliveryConfig(): DeliveryConfig {
  return {
    ...DEFAULTS,
    ...definedOnly({
      scheduleMs: envSchedule(),
      timeoutMs: envNumber("WEBHOOK_TIMEOUT_MS"),
      disableAfterMs: envNumber("WEBHOOK_DISABLE_AFTER_MS"),
    }),
    ...overrides,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
