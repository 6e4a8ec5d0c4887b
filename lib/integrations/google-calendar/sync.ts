// Google's side of two-way sync: a watch channel on the chosen calendar's events
// (Google cannot extend one: the engine opens a new one before the old ends),
// incremental reads with syncToken (a 410 means the token is no longer accepted:
// a full read without one), and putting an entry back as the event has it.
import type { calendar_v3 } from "googleapis";
import { ProviderCallError } from "../contract";
import { SyncCursorExpiredError, type CalendarEntryState, type CalendarSyncCapability } from "../contract/calendar";
import { callOptions, calendarClient } from "./client";
import { upsertEntry } from "./entries";
import type { CalendarContext } from "./manifest";

/** Google's longest lifetime for an events channel is a week; asking for it means fewer renewals. */
const CHANNEL_TTL_SECONDS = 7 * 24 * 3600;
const ENTRY_ID = /^sb([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

/** The event an entry id of ours stands for (entryIdFor reversed); undefined for anyone else's entry. */
export function eventIdOf(entryId: string | null | undefined): string | undefined {
  const m = entryId ? ENTRY_ID.exec(entryId) : null;
  return m ? m.slice(1).join("-") : undefined;
}

const instant = (t: calendar_v3.Schema$EventDateTime | undefined) => (t?.dateTime ? new Date(t.dateTime).toISOString() : undefined);

export function entryState(e: calendar_v3.Schema$Event): CalendarEntryState | undefined {
  const eventId = eventIdOf(e.id);
  if (!eventId || !e.id || !e.etag) return undefined;
  if (e.status === "cancelled") return { eventId, entryId: e.id, version: e.etag, removed: true };
  return { eventId, entryId: e.id, version: e.etag, removed: false, title: e.summary ?? "", startsAt: instant(e.start), endsAt: instant(e.end), location: e.location ?? "" };
}

function events(ctx: CalendarContext) {
  return calendarClient(ctx.baseUrl, ctx.credentials.accessToken).events;
}

async function changes(ctx: CalendarContext, cursor: string | null) {
  const calendarId = ctx.settings.calendarId;
  const entries: CalendarEntryState[] = [];
  let pageToken: string | undefined;
  for (;;) {
    let page;
    try {
      // With a syncToken Google refuses a time window; deleted entries come back as "cancelled".
      page = await ctx.call("events.list", (signal) =>
        events(ctx).list({ calendarId, syncToken: cursor ?? undefined, pageToken, showDeleted: true, singleEvents: false, maxResults: 250 }, callOptions(ctx.baseUrl, signal)),
      );
    } catch (err) {
      if (cursor && err instanceof ProviderCallError && err.failure.status === 410) throw new SyncCursorExpiredError();
      throw err;
    }
    for (const item of page.data.items ?? []) {
      const state = entryState(item);
      if (state) entries.push(state);
    }
    if (page.data.nextPageToken) {
      pageToken = page.data.nextPageToken;
      continue;
    }
    if (!page.data.nextSyncToken) throw new Error("Google listed the calendar's events without a nextSyncToken");
    return { entries, cursor: page.data.nextSyncToken };
  }
}

export const calendarSync: CalendarSyncCapability<CalendarContext> = {
  policy: (ctx) => ctx.settings.twoWaySync,
  async watch(ctx, { notificationUrl, secret, channelId }) {
    const res = await ctx.call("events.watch", (signal) =>
      events(ctx).watch(
        { calendarId: ctx.settings.calendarId, requestBody: { id: channelId, type: "web_hook", address: notificationUrl, token: secret, params: { ttl: String(CHANNEL_TTL_SECONDS) } } },
        callOptions(ctx.baseUrl, signal),
      ),
    );
    const expiration = Number(res.data.expiration);
    return {
      id: res.data.id ?? channelId,
      resourceId: res.data.resourceId ?? undefined,
      expiresAt: new Date(Number.isFinite(expiration) && expiration > 0 ? expiration : Date.now() + CHANNEL_TTL_SECONDS * 1000).toISOString(),
    };
  },
  async stop(ctx, channel) {
    try {
      await ctx.call("channels.stop", (signal) =>
        calendarClient(ctx.baseUrl, ctx.credentials.accessToken).channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }, callOptions(ctx.baseUrl, signal)),
      );
    } catch (err) {
      // Already stopped or expired at Google: the goal is reached.
      if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
    }
  },
  changes,
  async restore(ctx, event) {
    return { version: await upsertEntry(ctx, event) };
  },
};
