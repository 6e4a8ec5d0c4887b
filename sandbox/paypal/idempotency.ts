// PayPal-Request-Id, as PayPal honours it: the same id again gets the latest state of
// what the first request made (not a copy of its first answer), for six hours; the
// same id on another endpoint is refused. Refusals are not remembered, so a caller
// can fix its request and retry with the same id.
import { fail, type PayPalAnswer } from "./errors";
import type { IdempotentRequest } from "./state";
import type { World } from "./world";

const TTL_MS = 6 * 3600 * 1000;
const KEPT = 10_000;

const slot = (clientId: string, requestId: string) => `${clientId}:${requestId}`;

export type Prior = { replay: IdempotentRequest } | { refuse: PayPalAnswer } | null;

export function findPrior(w: World, clientId: string, requestId: string, method: string, path: string): Prior {
  const prior = w.state.idempotency.get(slot(clientId, requestId));
  if (!prior) return null;
  if (prior.savedAt + TTL_MS < w.now()) {
    w.state.idempotency.delete(slot(clientId, requestId));
    return null;
  }
  if (prior.method !== method || prior.path !== path) {
    return { refuse: fail(422, [{ issue: "PAYPAL_REQUEST_ID_PREVIOUSLY_USED", field: "PayPal-Request-Id", value: requestId, location: "header" }]) };
  }
  return { replay: prior };
}

export function remember(w: World, clientId: string, requestId: string, entry: Omit<IdempotentRequest, "savedAt">): void {
  const map = w.state.idempotency;
  map.set(slot(clientId, requestId), { ...entry, savedAt: w.now() });
  for (const k of map.keys()) {
    if (map.size <= KEPT) break;
    map.delete(k);
  }
}
