// Two-way sync in Graph's terms (the engine in lib/calendar-sync decides what to
// do): a subscription on the chosen calendar's events is the push channel, and
// the calendar view's delta query is the change feed, its deltaLink the cursor.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";
import { ProviderCallError } from "../contract";
import { SyncCursorExpiredError, type CalendarChannel, type CalendarEntryState, type CalendarSyncCapability } from "../contract/calendar";
import { chosenCalendarId, graph } from "./calendars";
import { graphLink } from "./client";
import { ENTRY_KIND, upsertEntry } from "./entries";
import type { DateTimeTimeZone, GraphEvent, GraphPage } from "./graph-types";
import type { Microsoft365Context } from "./manifest";

type Ctx = Microsoft365Context;

/** Graph keeps a subscription on Outlook events at most 4230 minutes; we ask for 70 hours and renew before. */
export const SUBSCRIPTION_MINUTES = 70 * 60;
/** What a full sync reads: entries from a month back to a year and a bit ahead. */
const WINDOW_BACK_DAYS = 30;
const WINDOW_AHEAD_DAYS = 400;
const DAY = 86_400_000;

interface Subscription {
  id: string;
  expirationDateTime: string;
}

const expiry = () => new Date(Date.now() + SUBSCRIPTION_MINUTES * 60_000).toISOString();

/** Answers are asked for in UTC (Prefer: outlook.timezone), so each time is an instant. */
function instant(t: DateTimeTimeZone | undefined): string | undefined {
  if (!t) return undefined;
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(t.dateTime) ? t.dateTime : `${t.dateTime}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

async function page(ctx: Ctx, link: string): Promise<GraphPage<GraphEvent>> {
  try {
    return await ctx.call("events.delta", (signal) =>
      graph(ctx).api(graphLink(ctx.baseUrl, link)).header("Prefer", 'outlook.timezone="UTC", odata.maxpagesize=100').option("signal", signal).get() as Promise<GraphPage<GraphEvent>>,
    );
  } catch (err) {
    // Graph answers 410 Gone (SyncStateNotFound / resyncRequired) for a delta token it no longer keeps.
    if (err instanceof ProviderCallError && (err.failure.status === 410 || /SyncState|resyncRequired/i.test(err.failure.message))) throw new SyncCursorExpiredError(err.message);
    throw err;
  }
}

/** The entries we made, by their Graph id: only these are reported. */
async function ourEntries(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.selectFrom("external_objects").select(["external_id", "local_id"]).where("connection_id", "=", ctx.connection.id).where("kind", "=", ENTRY_KIND).where("external_id", "in", ids).execute();
  return new Map(rows.map((r) => [r.external_id, r.local_id]));
}

function state(eventId: string, e: GraphEvent): CalendarEntryState {
  if (e["@removed"] || e.isCancelled) return { eventId, entryId: e.id, version: e.changeKey ?? "", removed: true };
  return { eventId, entryId: e.id, version: e.changeKey ?? "", removed: false, title: e.subject, startsAt: instant(e.start), endsAt: instant(e.end), location: e.location?.displayName };
}

export const calendarSync: CalendarSyncCapability<Ctx> = {
  policy: (ctx) => ctx.settings.twoWaySync,

  async watch(ctx, { notificationUrl, secret }) {
    const calendarId = await chosenCalendarId(ctx);
    const body = {
      changeType: "created,updated,deleted",
      notificationUrl,
      // Lifecycle notifications (reauthorizationRequired, subscriptionRemoved, missed) come to the same route.
      lifecycleNotificationUrl: notificationUrl,
      resource: `me/calendars/${calendarId}/events`,
      expirationDateTime: expiry(),
      clientState: secret,
    };
    const sub = await ctx.call("subscriptions.create", (signal) => graph(ctx).api("subscriptions").option("signal", signal).post(body) as Promise<Subscription>);
    // The watched resource names the calendar, so a later subscription on another calendar never reads on from this one's delta link.
    return { id: sub.id, resourceId: body.resource, expiresAt: sub.expirationDateTime };
  },

  async renew(ctx, channel) {
    const sub = await ctx.call("subscriptions.renew", (signal) =>
      graph(ctx).api(`subscriptions/${encodeURIComponent(channel.id)}`).option("signal", signal).patch({ expirationDateTime: expiry() }) as Promise<Subscription>,
    );
    return { id: sub.id, resourceId: channel.resourceId, expiresAt: sub.expirationDateTime } satisfies CalendarChannel;
  },

  async stop(ctx, channel) {
    try {
      await ctx.call("subscriptions.delete", (signal) => graph(ctx).api(`subscriptions/${encodeURIComponent(channel.id)}`).option("signal", signal).delete() as Promise<void>);
    } catch (err) {
      if (!(err instanceof ProviderCallError && err.failure.kind === "not_found")) throw err;
    }
  },

  async changes(ctx, cursor) {
    let link = cursor;
    if (!link) {
      const calendarId = await chosenCalendarId(ctx);
      const from = new Date(Date.now() - WINDOW_BACK_DAYS * DAY).toISOString();
      const to = new Date(Date.now() + WINDOW_AHEAD_DAYS * DAY).toISOString();
      link = `me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta?startDateTime=${encodeURIComponent(from)}&endDateTime=${encodeURIComponent(to)}`;
    }
    const seen = new Map<string, GraphEvent>();
    for (;;) {
      const p = await page(ctx, link);
      // A later page knows an entry's latest state.
      for (const e of p.value) seen.set(e.id, e);
      if (p["@odata.nextLink"]) {
        link = p["@odata.nextLink"];
        continue;
      }
      if (!p["@odata.deltaLink"]) throw new Error("Graph's delta answer ended without a deltaLink");
      const ours = await ourEntries(ctx, [...seen.keys()]);
      const entries = [...seen.values()].flatMap((e) => (ours.has(e.id) ? [state(ours.get(e.id)!, e)] : []));
      return { entries, cursor: p["@odata.deltaLink"] };
    }
  },

  async restore(ctx: Ctx, event: EventSnapshot) {
    const version = await upsertEntry(ctx, event, { force: true });
    return { version: version ?? "" };
  },
};
