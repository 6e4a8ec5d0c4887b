// events.list with the filters a sync needs: time window, text, iCalUID, extended
// properties, deleted entries, ordering and paging.
import { first } from "../../core/context";
import { etag } from "../../core/ids";
import { sendJson } from "../../core/respond";
import { simpleError } from "../errors";
import type { EventResource } from "../state";
import type { CalendarCall } from "./call";
import { isObj } from "./call";
import { resolveCalendar } from "./calendars";
import { instant } from "./event-rules";

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function hasProperties(e: EventResource, scope: "private" | "shared", wanted: string[]): boolean {
  const props = isObj(e.extendedProperties) && isObj(e.extendedProperties[scope]) ? e.extendedProperties[scope] : {};
  return wanted.every((pair) => {
    const i = pair.indexOf("=");
    return i > 0 && props[pair.slice(0, i)] === pair.slice(i + 1);
  });
}

export function listEvents(call: CalendarCall): void {
  const { ctx, state, query } = call;
  const calendar = resolveCalendar(state, call.path.calendarId);
  if (!calendar) return simpleError(ctx, 404, "Not Found", "notFound");
  const orderBy = first(query.orderBy);
  if (orderBy === "startTime" && first(query.singleEvents) !== "true") {
    return simpleError(ctx, 400, "The requested ordering is not available for the particular query.", "badRequest");
  }
  const timeMin = first(query.timeMin) ? Date.parse(first(query.timeMin)!) : null;
  const timeMax = first(query.timeMax) ? Date.parse(first(query.timeMax)!) : null;
  const q = first(query.q)?.toLowerCase();
  const iCalUID = first(query.iCalUID);
  const showDeleted = first(query.showDeleted) === "true";
  let items = [...(state.events.get(calendar.id)?.values() ?? [])]
    .map((e) => e.resource)
    .filter((e) => showDeleted || e.status !== "cancelled")
    .filter((e) => timeMin === null || (instant(e.end) ?? Infinity) > timeMin)
    .filter((e) => timeMax === null || (instant(e.start) ?? -Infinity) < timeMax)
    .filter((e) => !q || JSON.stringify([e.summary, e.description, e.location, e.attendees]).toLowerCase().includes(q))
    .filter((e) => !iCalUID || e.iCalUID === iCalUID)
    .filter((e) => hasProperties(e, "private", all(query.privateExtendedProperty)) && hasProperties(e, "shared", all(query.sharedExtendedProperty)));
  if (orderBy === "startTime") items = items.sort((a, b) => (instant(a.start) ?? 0) - (instant(b.start) ?? 0));
  if (orderBy === "updated") items = items.sort((a, b) => String(a.updated).localeCompare(String(b.updated)));

  const max = Math.min(Number(first(query.maxResults) ?? 250), 2500);
  const start = Number(Buffer.from(first(query.pageToken) ?? "", "base64url").toString() || 0);
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  sendJson(ctx, 200, {
    kind: "calendar#events",
    etag: etag(),
    summary: calendar.summary,
    description: calendar.description,
    updated: new Date(call.now).toISOString(),
    timeZone: calendar.timeZone,
    accessRole: calendar.accessRole,
    defaultReminders: calendar.primary ? [{ method: "popup", minutes: 10 }] : [],
    ...(more ? { nextPageToken: Buffer.from(String(start + max)).toString("base64url") } : { nextSyncToken: `sandbox-sync-${call.now}` }),
    items: page,
  });
}
