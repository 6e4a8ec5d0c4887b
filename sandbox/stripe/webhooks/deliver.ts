// Sending events to webhook endpoints: a POST of the event as JSON, signed, to each
// endpoint listening for its type. A failed delivery (no answer, or not 2xx) is tried
// again a few times, a second apart; the queue is these pending promises, in memory,
// and every attempt is recorded.
import { setTimeout as sleep } from "node:timers/promises";
import { keepLatest } from "../../core/keep-latest";
import { eventView } from "../objects/event";
import type { SignatureKind, StripeEvent, StripeWebhookEndpoint, WebhookDelivery } from "../state";
import type { World } from "../world";
import { sign } from "./sign";

export const DELIVERY_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 1000;
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
  const started = performance.now();
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
  try {
    const res = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        "Cache-Control": "no-cache",
        Accept: "*/*; q=0.5, application/xml",
        "Stripe-Signature": sign(body, endpoint.secret, opts.signature),
      },
      body,
      // Stripe does not follow redirects: a 3xx is a failed delivery.
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), w.rt.stopping]),
    });
    record.status = res.status;
    // The answer's body is not needed, but reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    record.error = e.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
  }
  record.durationMs = Math.round(performance.now() - started);
  return record;
}

export function succeeded(d: WebhookDelivery): boolean {
  return d.status !== null && d.status >= 200 && d.status < 300;
}

async function deliverWithRetries(w: World, event: StripeEvent, endpoint: StripeWebhookEndpoint): Promise<void> {
  for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
    // A reset replaces the state and a stop ends the sandbox: either way, nothing is owed any more.
    if (w.rt.state.stripe !== w.state || w.rt.stopping.aborted) return;
    const result = await attemptDelivery(w, event, endpoint, { attempt, trigger: "event", signature: "valid" });
    if (succeeded(result)) {
      event.pendingWebhooks = Math.max(0, event.pendingWebhooks - 1);
      return;
    }
    if (attempt < DELIVERY_ATTEMPTS) {
      try {
        await sleep(RETRY_DELAY_MS, undefined, { signal: w.rt.stopping });
      } catch {
        return;
      }
    }
  }
}

/** Starts the deliveries of a new event; they run on after the request that caused it is answered. */
export function deliver(w: World, event: StripeEvent, endpoints: StripeWebhookEndpoint[]): void {
  for (const endpoint of endpoints) {
    deliverWithRetries(w, event, endpoint).catch((err: unknown) => w.rt.log(`stripe webhook delivery failed: ${(err as Error).stack ?? String(err)}`));
  }
}
