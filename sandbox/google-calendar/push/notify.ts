// Google's push notifications: an empty POST whose X-Goog-* headers name the channel,
// the watched resource and what happened. The first on a channel is "sync" (message
// 1); every later change to the watched calendar's events is "exists" (a deleted
// event too: on an events collection it is a change, the event now "cancelled",
// which is how Google reports it). Sent in the background, never holding up the API
// answer that caused it; kept per attempt for the inbox and the control API.
import type { Runtime } from "../../core/context";
import { attemptDelivery, deliverInBackground } from "../../core/deliveries";
import { CALENDAR_STATE, type GoogleCalendarState } from "../state";
import { isLive, type PushChannel, type PushDelivery, type ResourceState } from "./channel";

/** How long the sandbox waits for the app's answer (Google does not publish its own). */
const TIMEOUT_MS = 10_000;
const KEPT = 500;
const USER_AGENT = "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)";

function headers(channel: PushChannel, state: ResourceState, messageNumber: number): Record<string, string> {
  return {
    "user-agent": USER_AGENT,
    "x-goog-channel-id": channel.id,
    ...(channel.token !== null ? { "x-goog-channel-token": channel.token } : {}),
    "x-goog-channel-expiration": new Date(channel.expiration).toUTCString(),
    "x-goog-resource-id": channel.resourceId,
    "x-goog-resource-uri": channel.resourceUri,
    "x-goog-resource-state": state,
    "x-goog-message-number": String(messageNumber),
  };
}

/** Whether Google would still send on this channel: live, and the grant that made it not revoked. */
function sending(state: GoogleCalendarState, channel: PushChannel, now: number): boolean {
  return isLive(channel, now) && state.grants.get(channel.grantId)?.revoked === false;
}

/** One message on one channel, numbered now, delivered (and retried) in the background. */
export function push(rt: Runtime, state: GoogleCalendarState, channel: PushChannel, resourceState: ResourceState): void {
  if (!sending(state, channel, rt.clock.now())) return;
  const messageNumber = ++channel.lastMessage;
  const owed = () => CALENDAR_STATE.of(rt) === state && channel.stoppedAt === null;
  deliverInBackground(rt, "google-calendar", owed, (attempt) =>
    attemptDelivery<PushDelivery>(
      rt,
      state.pushes,
      KEPT,
      { url: channel.address, attempt, trigger: resourceState, channelId: channel.id, resourceState, messageNumber },
      { url: channel.address, headers: headers(channel, resourceState, messageNumber), body: "", timeoutMs: TIMEOUT_MS },
    ),
  );
}

/** A change to an event of `calendarId`: "exists" on every channel watching that calendar. */
export function announceChange(rt: Runtime, state: GoogleCalendarState, calendarId: string): void {
  for (const channel of state.channels.values()) if (channel.calendarId === calendarId) push(rt, state, channel, "exists");
}
