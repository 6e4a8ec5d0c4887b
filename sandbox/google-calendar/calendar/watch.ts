// events.watch opens a push channel on a calendar's events and channels.stop closes
// one, as Google does: the channel id is the caller's (unique among live channels),
// the resource id Google's; the answer comes first, then the "sync" message.
import { sendEmpty, sendJson } from "../../core/respond";
import { simpleError } from "../errors";
import { DEFAULT_TTL_SECONDS, isLive, MAX_TTL_SECONDS, resourceIdOf, type PushChannel } from "../push/channel";
import { push } from "../push/notify";
import { isObj, type CalendarCall } from "./call";
import { resolveCalendar } from "./calendars";

const CHANNEL_ID = /^[A-Za-z0-9\-_+/=]{1,64}$/;

/** When the channel ends: what was asked (expiration in ms, or params.ttl in seconds), a week if nothing, never past the ceiling. */
function expirationOf(body: Record<string, unknown>, now: number): number | string {
  const ceiling = now + MAX_TTL_SECONDS * 1000;
  const ttl = isObj(body.params) ? body.params.ttl : undefined;
  if (body.expiration !== undefined) {
    const at = Number(body.expiration);
    if (!Number.isFinite(at) || at <= now) return "Invalid expiration: it must be a time in the future, in milliseconds since the epoch.";
    return Math.min(at, ceiling);
  }
  if (ttl !== undefined) {
    const seconds = Number(ttl);
    if (!Number.isFinite(seconds) || seconds <= 0) return "Invalid ttl: it must be a positive number of seconds.";
    return Math.min(now + seconds * 1000, ceiling);
  }
  return now + DEFAULT_TTL_SECONDS * 1000;
}

/** Why Google would refuse this channel, or null. Google requires an https address; the sandbox takes http too, since the app it calls runs locally. */
function channelProblem(call: CalendarCall): string | null {
  const { id, type, address, token } = call.body;
  if (typeof id !== "string" || !CHANNEL_ID.test(id)) return "Invalid channel id: up to 64 letters, digits and -_+/= are allowed.";
  if (type !== "web_hook" && type !== "webhook") return `Unknown channel type: ${String(type)}. Use "web_hook".`;
  if (typeof address !== "string" || !URL.canParse(address) || !/^https?:$/.test(new URL(address).protocol)) return "Invalid channel address: an absolute https URL is required.";
  if (token !== undefined && (typeof token !== "string" || token.length > 256)) return "Invalid channel token: at most 256 characters.";
  return null;
}

export function watchEvents(call: CalendarCall): void {
  const { ctx, state, body, now } = call;
  const calendar = resolveCalendar(state, call.path.calendarId);
  if (!calendar) return simpleError(ctx, 404, "Not Found", "notFound");
  const problem = channelProblem(call);
  if (problem) return simpleError(ctx, 400, problem, "invalid");
  const id = body.id as string;
  const existing = state.channels.get(id);
  if (existing && isLive(existing, now)) return simpleError(ctx, 400, `Channel id ${id} not unique`, "channelIdNotUnique");
  const expiration = expirationOf(body, now);
  if (typeof expiration === "string") return simpleError(ctx, 400, expiration, "invalid");
  const channel: PushChannel = {
    id,
    resourceId: resourceIdOf(calendar.id),
    resourceUri: `${ctx.rt.url}/google-calendar/calendar/v3/calendars/${encodeURIComponent(calendar.id)}/events?alt=json`,
    calendarId: calendar.id,
    address: body.address as string,
    token: typeof body.token === "string" ? body.token : null,
    expiration,
    clientId: call.grant.clientId,
    grantId: call.grant.id,
    lastMessage: 0,
    createdAt: new Date(now).toISOString(),
    stoppedAt: null,
  };
  state.channels.set(id, channel);
  sendJson(ctx, 200, {
    kind: "api#channel",
    id,
    resourceId: channel.resourceId,
    resourceUri: channel.resourceUri,
    ...(channel.token !== null ? { token: channel.token } : {}),
    expiration: String(expiration),
  });
  push(ctx.rt, state, channel, "sync");
}

export function stopChannel(call: CalendarCall): void {
  const { ctx, state, body, now } = call;
  const id = typeof body.id === "string" ? body.id : "";
  const channel = state.channels.get(id);
  // Only the app that opened a channel can stop it; to any other, as to a stopped or expired one, it does not exist.
  if (!channel || channel.resourceId !== body.resourceId || channel.clientId !== call.grant.clientId || !isLive(channel, now)) {
    return simpleError(ctx, 404, `Channel '${id}' not found for project '${call.grant.clientId}'`, "notFound");
  }
  channel.stoppedAt = new Date(now).toISOString();
  sendEmpty(ctx, 204);
}
