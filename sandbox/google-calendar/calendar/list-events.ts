// events.list with the filters a sync needs: time window, text, iCalUID, extended
// properties, deleted entries, ordering and paging; and incremental sync: the last
// page carries nextSyncToken, and a list with syncToken returns only what changed
// since, deleted events included (as "cancelled").
import { first } from "../../core/context";
import { etag } from "../../core/ids";
import { sendJson } from "../../core/respond";
import { apiError, simpleError } from "../errors";
import type { EventResource, GoogleCalendar, StoredEvent } from "../state";
import type { CalendarCall } from "./call";
import { isObj } from "./call";
import { resolveCalendar } from "./calendars";
import { instant } from "./event-rules";
import { issueSyncToken, readSyncToken, syncTokenValid } from "./sync-token";

/** The parameters Google refuses beside syncToken (the discovery document lists them). */
const NOT_WITH_SYNC_TOKEN = ["iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "timeMin", "timeMax", "updatedMin"];
const FULL_SYNC_REQUIRED = "Sync token is no longer valid, a full sync is required.";

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

interface Page {
  /** Full listing: how many were shown before. Incremental: the last change shown (a change made while paging moves an event out of the window, so an index would skip one). */
  offset: number;
  /** The change count when the listing began: its nextSyncToken, so a change made while paging is not lost. */
  snapshot: number;
}

function readPage(token: string | undefined, current: number): Page {
  const [offset, snapshot] = Buffer.from(token ?? "", "base64url").toString().split(":");
  return { offset: Number(offset) || 0, snapshot: snapshot !== undefined && Number.isInteger(Number(snapshot)) ? Math.min(Number(snapshot), current) : current };
}

function pageToken(page: Page): string {
  return Buffer.from(`${page.offset}:${page.snapshot}`).toString("base64url");
}

/** A full listing's events, filtered as asked. */
function filtered(call: CalendarCall, stored: StoredEvent[]): EventResource[] {
  const { query } = call;
  const timeMin = first(query.timeMin) ? Date.parse(first(query.timeMin)!) : null;
  const timeMax = first(query.timeMax) ? Date.parse(first(query.timeMax)!) : null;
  const q = first(query.q)?.toLowerCase();
  const iCalUID = first(query.iCalUID);
  const showDeleted = first(query.showDeleted) === "true";
  let items = stored
    .map((e) => e.resource)
    .filter((e) => showDeleted || e.status !== "cancelled")
    .filter((e) => timeMin === null || (instant(e.end) ?? Infinity) > timeMin)
    .filter((e) => timeMax === null || (instant(e.start) ?? -Infinity) < timeMax)
    .filter((e) => !q || JSON.stringify([e.summary, e.description, e.location, e.attendees]).toLowerCase().includes(q))
    .filter((e) => !iCalUID || e.iCalUID === iCalUID)
    .filter((e) => hasProperties(e, "private", all(query.privateExtendedProperty)) && hasProperties(e, "shared", all(query.sharedExtendedProperty)));
  const orderBy = first(query.orderBy);
  if (orderBy === "startTime") items = items.sort((a, b) => (instant(a.start) ?? 0) - (instant(b.start) ?? 0));
  if (orderBy === "updated") items = items.sort((a, b) => String(a.updated).localeCompare(String(b.updated)));
  return items;
}

/** What changed after the token's point and up to the listing's snapshot, oldest change first, deleted ones included. */
function changedSince(call: CalendarCall, calendar: GoogleCalendar, stored: StoredEvent[], token: string, page: Page): StoredEvent[] | null {
  const { ctx, query, state } = call;
  const clashing = NOT_WITH_SYNC_TOKEN.filter((p) => query[p] !== undefined);
  if (clashing.length > 0) {
    const message = `The syncToken parameter cannot be combined with ${clashing.join(", ")}.`;
    apiError(ctx, 400, message, clashing.map((p) => ({ domain: "global", reason: "invalidParameter", message, locationType: "parameter", location: p })));
    return null;
  }
  if (first(query.showDeleted) === "false") {
    simpleError(ctx, 400, "Deleted events are always returned with a syncToken: showDeleted cannot be false.", "invalidParameter");
    return null;
  }
  const point = readSyncToken(token);
  if (!point) {
    apiError(ctx, 400, "Invalid sync token value.", [{ domain: "global", reason: "invalid", message: "Invalid sync token value.", locationType: "parameter", location: "syncToken" }]);
    return null;
  }
  if (!syncTokenValid(state, point, calendar.id)) {
    apiError(ctx, 410, FULL_SYNC_REQUIRED, [{ domain: "calendar", reason: "fullSyncRequired", message: FULL_SYNC_REQUIRED }]);
    return null;
  }
  return stored.filter((e) => e.seq > Math.max(point.seq, page.offset) && e.seq <= page.snapshot).sort((a, b) => a.seq - b.seq);
}

/** One page of a listing and where the next one starts, if there is one. */
function pageOf(call: CalendarCall, calendar: GoogleCalendar, page: Page): { items: EventResource[]; next: number | null } | null {
  const stored = [...(call.state.events.get(calendar.id)?.values() ?? [])];
  const max = Math.min(Number(first(call.query.maxResults) ?? 250), 2500);
  const syncToken = first(call.query.syncToken);
  if (syncToken !== undefined) {
    const changed = changedSince(call, calendar, stored, syncToken, page);
    if (!changed) return null;
    const shown = changed.slice(0, max);
    return { items: shown.map((e) => e.resource), next: changed.length > max ? shown.at(-1)!.seq : null };
  }
  const items = filtered(call, stored);
  return { items: items.slice(page.offset, page.offset + max), next: page.offset + max < items.length ? page.offset + max : null };
}

export function listEvents(call: CalendarCall): void {
  const { ctx, state, query } = call;
  const calendar = resolveCalendar(state, call.path.calendarId);
  if (!calendar) return simpleError(ctx, 404, "Not Found", "notFound");
  const syncToken = first(query.syncToken);
  if (first(query.orderBy) === "startTime" && first(query.singleEvents) !== "true" && syncToken === undefined) {
    return simpleError(ctx, 400, "The requested ordering is not available for the particular query.", "badRequest");
  }
  const page = readPage(first(query.pageToken), state.changeSeq);
  const listed = pageOf(call, calendar, page);
  if (!listed) return;
  sendJson(ctx, 200, {
    kind: "calendar#events",
    etag: etag(),
    summary: calendar.summary,
    description: calendar.description,
    updated: new Date(call.now).toISOString(),
    timeZone: calendar.timeZone,
    accessRole: calendar.accessRole,
    defaultReminders: calendar.primary ? [{ method: "popup", minutes: 10 }] : [],
    ...(listed.next !== null ? { nextPageToken: pageToken({ offset: listed.next, snapshot: page.snapshot }) } : { nextSyncToken: issueSyncToken(state, calendar.id, page.snapshot) }),
    items: listed.items,
  });
}
