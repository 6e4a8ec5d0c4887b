// Idempotency-Key on POST, as Stripe honours it: the first answer an endpoint
// produced is replayed for the same key and parameters for 24 hours; the same key
// with other parameters, or on another endpoint, is refused.
import { errorBody, type StripeAnswer } from "./errors";
import type { IdempotentResult } from "./state";
import type { World } from "./world";

const TTL_SECONDS = 24 * 3600;
const MAX_KEY_LENGTH = 255;
const KEPT_RESULTS = 10_000;

/** Parameters compared as a set, so the same request sent in another field order still matches. */
export function fingerprint(fields: Record<string, string | string[]>): string {
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function idempotencyError(message: string): StripeAnswer {
  return { status: 400, body: errorBody({ type: "idempotency_error", message }), replayable: false };
}

export type Prior = { replay: IdempotentResult } | { refuse: StripeAnswer } | null;

function slot(livemode: boolean, key: string): string {
  return `${livemode ? "live" : "test"}:${key}`;
}

export function findPrior(w: World, livemode: boolean, key: string, method: string, path: string, print: string): Prior {
  if (key.length > MAX_KEY_LENGTH) return { refuse: idempotencyError(`Idempotency key length is limited to ${MAX_KEY_LENGTH} characters.`) };
  const prior = w.state.idempotency.get(slot(livemode, key));
  if (!prior) return null;
  if (prior.savedAt + TTL_SECONDS < w.now()) {
    w.state.idempotency.delete(slot(livemode, key));
    return null;
  }
  if (prior.method !== method || prior.path !== path) {
    return {
      refuse: idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${prior.method} ${prior.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      ),
    };
  }
  if (prior.fingerprint !== print) {
    return {
      refuse: idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      ),
    };
  }
  return { replay: prior };
}

export function remember(w: World, livemode: boolean, key: string, result: Omit<IdempotentResult, "savedAt">): void {
  const map = w.state.idempotency;
  map.set(slot(livemode, key), { ...result, savedAt: w.now() });
  // Oldest first in a Map's order: drop from the front once over the bound.
  for (const k of map.keys()) {
    if (map.size <= KEPT_RESULTS) break;
    map.delete(k);
  }
}
