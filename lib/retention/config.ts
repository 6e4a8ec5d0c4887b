// How long each growing table keeps its rows, read from the environment. Each
// window has a floor below which pruning would take away something still needed.
import { idempotencyRetentionMs } from "@/lib/http/idempotency-retention";

const DAY_MS = 24 * 3_600_000;

export interface RetentionWindows {
  /** integration_calls: the connector page's log and the Health page's charts. */
  callLogMs: number;
  /** Finished subscriber_deliveries, and finished webhook_messages with their webhook_attempts: the Deliveries pages, retry, resend and replay. */
  deliveriesMs: number;
  /** webhook_events once settled: the Received webhooks page and the dedupe of providers' retries. */
  receivedCallbacksMs: number;
  /** domain_events once their deliveries are gone, with their activity_log rows. */
  factsMs: number;
  /** api_idempotency_keys. */
  idempotencyKeysMs: number;
}

interface Window {
  env: string;
  defaultDays: number;
  minDays: number;
  why: string;
}

export const WINDOWS = {
  callLogMs: { env: "RETENTION_CALL_LOG_DAYS", defaultDays: 30, minDays: 7, why: "the Health page charts the last 7 days" },
  deliveriesMs: { env: "RETENTION_DELIVERIES_DAYS", defaultDays: 30, minDays: 1, why: "a day is the shortest useful window to retry or replay" },
  // Stripe retries a callback for up to 3 days and PayPal 25 times over 3 days,
  // the longest of our providers; a callback forgotten before its provider stops
  // retrying would be taken for new and acted on twice.
  receivedCallbacksMs: { env: "RETENTION_RECEIVED_CALLBACKS_DAYS", defaultDays: 90, minDays: 7, why: "providers retry a callback for up to 3 days (Stripe, PayPal) and a kept one is what makes a retry a no-op" },
  factsMs: { env: "RETENTION_FACTS_DAYS", defaultDays: 180, minDays: 1, why: "a day is the shortest useful activity log" },
} as const satisfies Record<Exclude<keyof RetentionWindows, "idempotencyKeysMs">, Window>;

function windowMs(w: Window): number {
  const raw = process.env[w.env];
  if (!raw) return w.defaultDays * DAY_MS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < w.minDays) {
    throw new Error(`${w.env} must be a whole number of days, at least ${w.minDays}: ${w.why}`);
  }
  return days * DAY_MS;
}

/** The windows in effect; throws naming the variable when one is set wrong. */
export function retentionWindows(): RetentionWindows {
  return {
    callLogMs: windowMs(WINDOWS.callLogMs),
    deliveriesMs: windowMs(WINDOWS.deliveriesMs),
    receivedCallbacksMs: windowMs(WINDOWS.receivedCallbacksMs),
    factsMs: windowMs(WINDOWS.factsMs),
    idempotencyKeysMs: idempotencyRetentionMs(),
  };
}
