// The sandbox's Zoom app calling the app's event notification endpoint, signed as
// Zoom signs: x-zm-signature = "v0=" + hex HMAC-SHA256(secret token,
// "v0:<x-zm-request-timestamp>:<raw body>"). endpoint.url_validation proves a URL
// before it is saved; meeting.deleted tells of a meeting deleted (by the app or
// by hand). Each call and the answer are kept for the inbox and the control API.
import { createHmac } from "node:crypto";
import type { Runtime } from "../core/context";
import { keepLatest } from "../core/keep-latest";
import { postWebhook } from "../core/webhook-post";
import type { Meeting, Notification, SignatureKind, ZoomState } from "./state";

/** Zoom waits 3 seconds for an answer. */
const TIMEOUT_MS = 3000;
const KEPT = 200;

export function zoomSign(secret: string, timestamp: number, body: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
}

export async function notify(rt: Runtime, state: ZoomState, input: { url?: string; event: string; body: string; signature?: SignatureKind }): Promise<Notification> {
  const url = input.url ?? state.app.webhookUrl;
  if (!url) throw new Error("The app has no event notification endpoint yet");
  const signature = input.signature ?? "valid";
  // The receiver checks the timestamp against its own clock: real time, not sandbox time.
  const nowSec = Math.floor(Date.now() / 1000);
  const timestamp = signature === "stale" ? nowSec - 10 * 60 : nowSec;
  const secret = signature === "forged" ? "not-the-app-secret-token" : state.app.secretToken;
  const n: Notification = { id: state.app.nextNotificationId++, at: new Date(rt.clock.now()).toISOString(), event: input.event, url, body: input.body, signature, status: null, error: null, answer: null };
  state.app.notifications.push(n);
  keepLatest(state.app.notifications, KEPT);
  const outcome = await postWebhook(rt, {
    url,
    headers: { "content-type": "application/json", "user-agent": "Zoom Marketplace/1.0a", "x-zm-request-timestamp": String(timestamp), "x-zm-signature": zoomSign(secret, timestamp, input.body), "x-zm-trackingid": `sbx_${n.id}` },
    body: input.body,
    timeoutMs: TIMEOUT_MS,
    keepAnswer: true,
  });
  n.status = outcome.status;
  n.error = outcome.error;
  n.answer = outcome.answer ?? null;
  return n;
}

/** The body of a meeting.deleted notification, as Zoom shapes it. */
export function meetingDeletedBody(state: ZoomState, m: Meeting, eventTs: number): string {
  return JSON.stringify({
    event: "meeting.deleted",
    event_ts: eventTs,
    payload: {
      account_id: state.user.accountId,
      operator: state.user.email,
      operator_id: state.user.id,
      object: { uuid: m.uuid, id: m.id, host_id: m.hostId, topic: m.topic, type: m.type, start_time: m.startTime, duration: m.duration, timezone: m.timezone },
    },
  });
}
