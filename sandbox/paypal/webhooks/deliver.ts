// Sending events to webhooks: a POST of the event as JSON with PayPal's
// transmission headers, to each webhook of the event's app listening for its type.
// A delivery that gets no answer or a non-2xx is tried again a few times, a second
// apart (PayPal keeps trying for three days; the sandbox's queue is these pending
// promises, in memory); every attempt is recorded with the headers it carried.
import { setTimeout as sleep } from "node:timers/promises";
import { keepLatest } from "../../core/keep-latest";
import { debugId, webhookId as newWebhookId } from "../ids";
import { eventView } from "../objects/event";
import type { PaypalDelivery, PaypalEvent, PaypalWebhook, SignatureKind } from "../state";
import type { World } from "../world";
import { transmit } from "./sign";

export const DELIVERY_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 1000;
const TIMEOUT_MS = 10_000;
/** Deliveries keep their headers, so fewer are kept than Stripe's. */
const KEPT_DELIVERIES = 5_000;

export function listensTo(h: PaypalWebhook, type: string): boolean {
  return h.eventTypes.includes("*") || h.eventTypes.includes(type);
}

export function webhooksFor(w: World, event: PaypalEvent): PaypalWebhook[] {
  return [...w.state.webhooks.values()].filter((h) => h.clientId === event.clientId && listensTo(h, event.eventType));
}

export interface AttemptOptions {
  attempt: number;
  trigger: PaypalDelivery["trigger"];
  signature: SignatureKind;
  /** For "other-webhook": whose webhook id the signature is made for (default: a webhook that does not exist). */
  signAs?: string;
}

export async function attemptDelivery(w: World, event: PaypalEvent, webhook: PaypalWebhook, opts: AttemptOptions): Promise<PaypalDelivery> {
  const body = JSON.stringify(eventView(w, event));
  const signedFor = opts.signature === "other-webhook" ? (opts.signAs ?? newWebhookId()) : webhook.id;
  const { transmission, sentSig } = transmit(w, { body, eventId: event.id, signedFor, kind: opts.signature });
  const headers: Record<string, string> = {
    "paypal-transmission-id": transmission.id,
    "paypal-transmission-time": transmission.time,
    "paypal-transmission-sig": sentSig,
    "paypal-cert-url": transmission.certUrl,
    "paypal-auth-algo": transmission.authAlgo,
    "paypal-auth-version": "v2",
  };
  const record: PaypalDelivery = {
    id: w.state.nextDeliveryId++,
    at: new Date(w.now()).toISOString(),
    eventId: event.id,
    eventType: event.eventType,
    webhookId: webhook.id,
    url: webhook.url,
    attempt: opts.attempt,
    trigger: opts.trigger,
    signature: opts.signature,
    headers,
    status: null,
    error: null,
    durationMs: 0,
  };
  w.state.deliveries.push(record);
  keepLatest(w.state.deliveries, KEPT_DELIVERIES);
  const started = performance.now();
  try {
    const res = await fetch(webhook.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "PayPal/AUHD-214.0-58843914", "Correlation-Id": debugId(), ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), w.rt.stopping]),
    });
    record.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    record.error = e.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
  }
  record.durationMs = Math.round(performance.now() - started);
  return record;
}

export function succeeded(d: PaypalDelivery): boolean {
  return d.status !== null && d.status >= 200 && d.status < 300;
}

async function deliverWithRetries(w: World, event: PaypalEvent, webhook: PaypalWebhook): Promise<void> {
  for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS; attempt++) {
    // A reset replaces the state and a stop ends the sandbox: either way, nothing is owed any more.
    if (w.rt.state.paypal !== w.state || w.rt.stopping.aborted) return;
    const result = await attemptDelivery(w, event, webhook, { attempt, trigger: "event", signature: "valid" });
    if (succeeded(result)) return;
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
export function deliver(w: World, event: PaypalEvent, webhooks: PaypalWebhook[]): void {
  for (const h of webhooks) {
    deliverWithRetries(w, event, h).catch((err: unknown) => w.rt.log(`paypal webhook delivery failed: ${(err as Error).stack ?? String(err)}`));
  }
}
