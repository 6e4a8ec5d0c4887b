// The sandbox's Intuit app calling the app's webhook endpoint, signed as Intuit
// signs: intuit-signature = base64 HMAC-SHA256 of the raw body under the app's
// verifier token. A notification only names what changed; the app reads the
// change through CDC. Each call and its answer are kept for the inbox.
import { createHmac } from "node:crypto";
import type { Runtime } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { postWebhook } from "../core/webhook-post";
import type { Notification, QuickBooksState, SignatureKind } from "./state";

const TIMEOUT_MS = 3000;
const KEPT = 200;

export function intuitSign(verifierToken: string, body: string): string {
  return createHmac("sha256", verifierToken).update(body).digest("base64");
}

export function changeBody(state: QuickBooksState, entities: Array<{ name: string; id: string; operation: string; lastUpdated: string }>): string {
  return JSON.stringify({ eventNotifications: [{ realmId: state.company.realmId, dataChangeEvent: { entities } }] });
}

export async function notify(rt: Runtime, state: QuickBooksState, body: string, signature: SignatureKind = "valid"): Promise<Notification | null> {
  const url = state.webhooks.url;
  if (!url) return null;
  const n: Notification = { id: state.webhooks.nextId++, at: new Date(rt.clock.now()).toISOString(), url, body, signature, status: null, error: null };
  state.webhooks.sent.push(n);
  keepLatest(state.webhooks.sent, KEPT);
  const token = signature === "forged" ? "not-the-verifier-token" : state.webhooks.verifierToken;
  const outcome = await postWebhook(rt, { url, headers: { "content-type": "application/json", "intuit-signature": intuitSign(token, body), "intuit-t-id": `sbx-${n.id}` }, body, timeoutMs: TIMEOUT_MS });
  n.status = outcome.status;
  n.error = outcome.error;
  return n;
}
