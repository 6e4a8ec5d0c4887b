// Graph calling the app: the validation request a new subscription must answer
// (POST ?validationToken=…, echoed as text/plain within 10 seconds), change
// notifications for entries of a watched calendar, and lifecycle notifications.
// Each call and its answer are kept for the inbox and the control API.
import { randomUUID } from "node:crypto";
import type { Runtime } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { postWebhook } from "../core/webhook-post";
import type { Entry, Microsoft365State, Sent, Subscription } from "./state";

const KEPT = 200;
/** Graph waits 10 seconds for the validation answer and about 3 for a notification's. */
const VALIDATION_TIMEOUT_MS = 10_000;
const NOTIFICATION_TIMEOUT_MS = 3_000;

async function post(rt: Runtime, state: Microsoft365State, kind: Sent["kind"], url: string, body: string, contentType: string, timeoutMs: number): Promise<Sent> {
  const sent: Sent = { id: state.nextSentId++, at: new Date(rt.clock.now()).toISOString(), kind, url, body, status: null, error: null, answer: null };
  state.sent.push(sent);
  keepLatest(state.sent, KEPT);
  const outcome = await postWebhook(rt, { url, headers: { "content-type": contentType, "user-agent": "Microsoft-Graph-ChangeNotifications/1.0 (sandbox)" }, body, timeoutMs, keepAnswer: true });
  sent.status = outcome.status;
  sent.error = outcome.error;
  sent.answer = outcome.answer ?? null;
  return sent;
}

/** True when the URL answered 200 with the token as plain text, as Graph requires before it creates a subscription. */
export async function validateUrl(rt: Runtime, state: Microsoft365State, url: string): Promise<{ ok: boolean; sent: Sent }> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set("validationToken", token);
  const sent = await post(rt, state, "validation", target.toString(), "", "text/plain; charset=utf-8", VALIDATION_TIMEOUT_MS);
  return { ok: sent.status === 200 && sent.answer === token, sent };
}

const expiryOf = (s: Subscription) => new Date(s.expiresAt).toISOString().replace(/\.\d{3}Z$/, ".0000000Z");

export function changeNotificationBody(state: Microsoft365State, s: Subscription, e: Entry, changeType: string, clientState = s.clientState): string {
  const resource = `Users/${state.user.id}/Events/${e.id}`;
  return JSON.stringify({
    value: [
      {
        subscriptionId: s.id,
        subscriptionExpirationDateTime: expiryOf(s),
        changeType,
        resource,
        resourceData: { "@odata.type": "#Microsoft.Graph.Event", "@odata.id": resource, "@odata.etag": `W/"${e.changeKey}"`, id: e.id },
        clientState,
        tenantId: state.tenantId,
      },
    ],
  });
}

export function lifecycleBody(state: Microsoft365State, s: Subscription, lifecycleEvent: string, clientState = s.clientState): string {
  return JSON.stringify({ value: [{ subscriptionId: s.id, subscriptionExpirationDateTime: expiryOf(s), tenantId: state.tenantId, clientState, lifecycleEvent }] });
}

export function sendChange(rt: Runtime, state: Microsoft365State, s: Subscription, body: string): Promise<Sent> {
  return post(rt, state, "change", s.notificationUrl, body, "application/json; charset=utf-8", NOTIFICATION_TIMEOUT_MS);
}

export function sendLifecycle(rt: Runtime, state: Microsoft365State, s: Subscription, body: string): Promise<Sent> {
  return post(rt, state, "lifecycle", s.lifecycleNotificationUrl ?? s.notificationUrl, body, "application/json; charset=utf-8", NOTIFICATION_TIMEOUT_MS);
}

/** Live subscriptions on the entry's calendar that asked for this kind of change. */
function watching(rt: Runtime, state: Microsoft365State, e: Entry, changeType: string): Subscription[] {
  const now = rt.clock.now();
  return [...state.subscriptions.values()].filter((s) => s.calendarId === e.calendarId && s.expiresAt > now && s.changeType.includes(changeType) && state.grants.get(s.grantId)?.revoked === false);
}

/** Tells every subscription watching the entry's calendar; resolves once each has answered. */
export async function notifyChange(rt: Runtime, state: Microsoft365State, e: Entry, changeType: "created" | "updated" | "deleted"): Promise<Sent[]> {
  return Promise.all(watching(rt, state, e, changeType).map((s) => sendChange(rt, state, s, changeNotificationBody(state, s, e, changeType))));
}

