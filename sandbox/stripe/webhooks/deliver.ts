// Sending events to webhook endpoints: a POST of the event as JSON, signed, to each
// endpoint listening for its type, tried again and recorded as sandbox/core/deliveries does
// for every provider.
import { attemptDelivery as attemptOnce, deliverInBackground } from "../../core/deliveries";
import { eventView } from "../objects/event";
import { STRIPE_STATE, type SignatureKind, type StripeEvent, type StripeWebhookEndpoint, type WebhookDelivery } from "../state";
import type { World } from "../world";
import { sign } from "./sign";

/** Stripe gives an endpoint a few seconds to answer; a slower answer counts as a failure. */
const TIMEOUT_MS = 10_000;
const KEPT_DELIVERIES = 10_000;

export function listensTo(endpoint: StripeWebhookEndpoint, type: string): boolean {
  return endpoint.enabledEvents.includes("*") || endpoint.enabledEvents.includes(type);
}

export function endpointsFor(w: World, event: StripeEvent): StripeWebhookEndpoint[] {
  return [...w.state.endpoints.values()].filter((e) => e.livemode === event.livemode && listensTo(e, event.type));
}

interface AttemptOptions {
  attempt: number;
  trigger: WebhookDelivery["trigger"];
  signature: SignatureKind;
}

export function attemptDelivery(w: World, event: StripeEvent, endpoint: StripeWebhookEndpoint, opts: AttemptOptions): Promise<WebhookDelivery> {
  // Pretty-printed, as Stripe sends it; the signature covers these exact bytes.
  const body = JSON.stringify(eventView(w, event, endpoint.apiVersion), null, 2);
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "Cache-Control": "no-cache",
    Accept: "*/*; q=0.5, application/xml",
    "Stripe-Signature": sign(body, endpoint.secret, opts.signature),
  };
  const fields = { eventId: event.id, eventType: event.type, endpointId: endpoint.id, url: endpoint.url, attempt: opts.attempt, trigger: opts.trigger, signature: opts.signature };
  return attemptOnce(w.rt, w.state, KEPT_DELIVERIES, fields, { url: endpoint.url, headers, body, timeoutMs: TIMEOUT_MS });
}

/** Starts the deliveries of a new event; they run on after the request that caused it is answered. */
export function deliver(w: World, event: StripeEvent, endpoints: StripeWebhookEndpoint[]): void {
  const owed = () => STRIPE_STATE.of(w.rt) === w.state;
  const delivered = () => {
    event.pendingWebhooks = Math.max(0, event.pendingWebhooks - 1);
  };
  for (const endpoint of endpoints) {
    deliverInBackground(w.rt, "stripe", owed, (attempt) => attemptDelivery(w, event, endpoint, { attempt, trigger: "event", signature: "valid" }), delivered);
  }
}
