// Each state change becomes an Event: stored for GET /v1/events (newest first), then
// delivered to every endpoint of its mode that listens for its type.
import { keepLatest } from "../../core/keep-latest";
import { stripeId } from "../ids";
import type { StripeEvent } from "../state";
import type { World } from "../world";
import { deliver, endpointsFor } from "./deliver";

const KEPT_EVENTS = 10_000;

/** What caused an event: an API request (its id and idempotency key), or nothing Stripe names. */
export interface Cause {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const NO_REQUEST: Cause = { requestId: null, idempotencyKey: null };

export function emit(
  w: World,
  type: string,
  object: Record<string, unknown>,
  cause: Cause,
  previousAttributes: Record<string, unknown> | null = null,
): StripeEvent {
  const event: StripeEvent = {
    id: stripeId("evt"),
    livemode: object.livemode === true,
    created: w.now(),
    type,
    object: structuredClone(object),
    previousAttributes,
    request: { id: cause.requestId, idempotency_key: cause.idempotencyKey },
    pendingWebhooks: 0,
  };
  const endpoints = endpointsFor(w, event);
  event.pendingWebhooks = endpoints.length;
  w.state.events.push(event);
  keepLatest(w.state.events, KEPT_EVENTS);
  deliver(w, event, endpoints);
  return event;
}
