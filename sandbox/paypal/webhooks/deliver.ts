// Sending events to webhooks: a POST of the event as JSON with PayPal's
// transmission headers, to each webhook of the event's app listening for its type.
// A delivery that gets no answer or a non-2xx is tried again a few times, a second
// apart (PayPal keeps trying for three days; the sandbox's queue is these pending
// promises, in memory); every attempt is recorded with the headers it carried.
import { attemptDelivery as attemptOnce, deliverInBackground } from "../../core/deliveries";
import { debugId, webhookId as newWebhookId } from "../ids";
import { eventView } from "../objects/event";
import { PAYPAL_STATE, type PayPalDelivery, type PayPalEvent, type PayPalWebhook, type SignatureKind } from "../state";
import type { World } from "../world";
import { transmit } from "./sign";

const TIMEOUT_MS = 10_000;
/** Deliveries keep their headers, so fewer are kept than Stripe's. */
const KEPT_DELIVERIES = 5_000;

export function listensTo(h: PayPalWebhook, type: string): boolean {
  return h.eventTypes.includes("*") || h.eventTypes.includes(type);
}

export function webhooksFor(w: World, event: PayPalEvent): PayPalWebhook[] {
  return [...w.state.webhooks.values()].filter((h) => h.clientId === event.clientId && listensTo(h, event.eventType));
}

export interface AttemptOptions {
  attempt: number;
  trigger: PayPalDelivery["trigger"];
  signature: SignatureKind;
  /** For "other-webhook": whose webhook id the signature is made for (default: a webhook that does not exist). */
  signAs?: string;
}

export function attemptDelivery(w: World, event: PayPalEvent, webhook: PayPalWebhook, opts: AttemptOptions): Promise<PayPalDelivery> {
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
  const fields = { eventId: event.id, eventType: event.eventType, webhookId: webhook.id, url: webhook.url, attempt: opts.attempt, trigger: opts.trigger, signature: opts.signature, headers };
  return attemptOnce(w.rt, w.state, KEPT_DELIVERIES, fields, {
    url: webhook.url,
    headers: { "Content-Type": "application/json", "User-Agent": "PayPal/AUHD-214.0-58843914", "Correlation-Id": debugId(), ...headers },
    body,
    timeoutMs: TIMEOUT_MS,
  });
}

/** Starts the deliveries of a new event; they run on after the request that caused it is answered. */
export function deliver(w: World, event: PayPalEvent, webhooks: PayPalWebhook[]): void {
  const owed = () => PAYPAL_STATE.of(w.rt) === w.state;
  for (const h of webhooks) deliverInBackground(w.rt, "paypal", owed, (attempt) => attemptDelivery(w, event, h, { attempt, trigger: "event", signature: "valid" }));
}
