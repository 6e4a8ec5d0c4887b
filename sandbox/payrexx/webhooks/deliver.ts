// Webhooks as Payrexx sends them: a POST of the transaction to the one URL set in
// the instance's admin, on every status change. Payrexx does not sign them (its
// webhook guide names no signature header), so neither does the sandbox. With
// retries switched on Payrexx tries 10 times over days; the sandbox tries 3 times, a
// second apart (in memory: a reset or stop drops what is pending). Every attempt is
// recorded with the bytes sent, so a late retry can be replayed as it was.
import { attemptDelivery as attemptOnce, deliverInBackground } from "../../core/deliveries";
import { transactionView } from "../objects";
import { PAYREXX_STATE, type PayrexxInstance, type PayrexxTransaction, type WebhookContentType, type WebhookDelivery } from "../state";
import type { PayrexxWorld } from "../world";
import { webhookBody } from "./body";

/** Payrexx waits 20 s for an answer. */
const TIMEOUT_MS = 20_000;
const KEPT_DELIVERIES = 10_000;

export interface Snapshot {
  instance: string;
  url: string;
  contentType: WebhookContentType;
  transactionId: number;
  reported: PayrexxTransaction["status"];
  body: string;
  type: string;
}

/** The transaction as it is now, in the body the instance's webhook settings ask for. */
export function snapshot(w: PayrexxWorld, instance: PayrexxInstance, tx: PayrexxTransaction): Snapshot | null {
  if (!instance.webhook) return null;
  const { body, type } = webhookBody(transactionView(w.state, tx), instance.webhook.contentType);
  return { instance: instance.name, url: instance.webhook.url, contentType: instance.webhook.contentType, transactionId: tx.id, reported: tx.status, body, type };
}

export function attemptDelivery(w: PayrexxWorld, s: Snapshot, attempt: number, trigger: WebhookDelivery["trigger"]): Promise<WebhookDelivery> {
  const fields = { instance: s.instance, url: s.url, transactionId: s.transactionId, reported: s.reported, attempt, trigger, contentType: s.contentType, body: s.body };
  return attemptOnce(w.rt, w.state, KEPT_DELIVERIES, fields, { url: s.url, headers: { "Content-Type": s.type, "User-Agent": "Payrexx-Sandbox-Webhook/1.0" }, body: s.body, timeoutMs: TIMEOUT_MS });
}

/**
 * Tells the instance's webhook about the transaction's status now. Deliveries of one
 * transaction leave in the order of its changes, but run on after the request that
 * caused them, so a receiver may still see them arrive in any order.
 */
export function notify(w: PayrexxWorld, tx: PayrexxTransaction): void {
  const instance = w.state.instances.get(tx.instance);
  const s = instance ? snapshot(w, instance, tx) : null;
  if (!s) return;
  deliverInBackground(w.rt, "payrexx", () => PAYREXX_STATE.of(w.rt) === w.state, (attempt) => attemptDelivery(w, s, attempt, "event"));
}
