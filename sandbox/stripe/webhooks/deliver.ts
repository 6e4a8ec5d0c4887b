// Sending events to webhook endpoints: a POST of the event as JSON, signed, to each
// endpoint listening for its type, tried again as sandbox/core/webhook-post says;
// every attempt is recorded.
import { keepLatest } from "../../core/keep-latest";
import { postWebhook, withRetries } from "../../core/webhook-post";
import { eventView } from "../objects/event";
import type { SignatureKind, StripeEvent, StripeWebhookEndpoint, WebhookDelivery } from "../state";
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

export async function attemptDelivery(w: World, event: StripeEvent, endpoint: StripeWebhookEndpoint, opts: AttemptOptions): Promise<WebhookDelivery> {
  // Pretty-printed, as Stripe sends it; the signature covers these exact bytes.
  const body = JSON.stringify(eventView(w, event, endpoint.apiVersion), null, 2);
  const record: WebhookDelivery = {
    id: w.state.nextDeliveryId++,
    at: new Date(w.rt.clock.now()).toISOString(),
    eventId: event.id,
    eventType: event.type,
    endpointId: endpoint.id,
    url: endpoint.url,
    attempt: opts.attempt,
    trigger: opts.trigger,
    signature: opts.signature,
    status: null,
    error: null,
    durationMs: 0,
  };
  w.state.deliveries.push(record);
  keepLatest(w.state.deliveries, KEPT_DELIVERIES);
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    "Cache-Control": "no-cache",
    Accept: "*/*; q=0.5, application/xml",
    "Stripe-Signature": sign(body, endpoint.secret, opts.signature),
  };
  Object.assign(record, await postWebhook(w.rt, { url: endpoint.url, headers, body, timeoutMs: TIMEOUT_MS }));
  return record;
}

async function deliverWithRetries(w: World, event: StripeEvent, endpoint: StripeWebhookEndpoint): Promise<void> {
  const done = await withRetries(w.rt, () => w.rt.state.stripe === w.state, (attempt) => attemptDelivery(w, event, endpoint, { attempt, trigger: "event", signature: "valid" }));
  if (done) event.pendingWebhooks = Math.max(0, event.pendingWebhooks - 1);
}

/** Starts the deliveries of a new event; they run on after the request that caused it is answered. */
export function deliver(w: World, event: StripeEvent, endpoints: StripeWebhookEndpoint[]): void {
  for (const endpoint of endpoints) {
    deliverWithRetries(w, event, endpoint).catch((err: unknown) => w.rt.log(`stripe webhook delivery failed: ${(err as Error).stack ?? String(err)}`));
  }
}
