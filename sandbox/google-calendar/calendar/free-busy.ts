// freebusy.query: the busy times of each calendar asked, from the events the
// sandbox holds. As Google does, only events that block time count (not
// cancelled, not "show as available"), overlapping periods are merged and cut to
// the window asked, and a calendar it cannot answer for gets errors of its own
// rather than failing the whole query.
//
// Rooms: Google's meeting rooms are resource calendars (…@resource.calendar.google.com)
// that are in nobody's calendar list; a room is busy when an event invites it and
// the room has not declined. The sandbox knows a few rooms, so a test or a person
// books one by adding it as a guest of an event.
import { sendJson } from "../../core/respond";
import { simpleError } from "../errors";
import type { GoogleCalendarState, StoredEvent } from "../state";
import type { CalendarCall } from "./call";
import { isObj } from "./call";
import { resolveCalendar } from "./calendars";
import { instant } from "./event-rules";

export const SANDBOX_ROOMS = [
  { id: "room-atrium@resource.calendar.google.com", name: "Atrium (12)" },
  { id: "room-library@resource.calendar.google.com", name: "Library (6)" },
] as const;

/** Any one of these lets an app ask (Google's reference for the method; the discovery file lists only the first two). */
export const FREE_BUSY_SCOPES = ["calendar", "calendar.readonly", "calendar.freebusy", "calendar.events.freebusy"].map((s) => `https://www.googleapis.com/auth/${s}`);

const MAX_CALENDARS = 50;

type Period = { start: number; end: number };

function blocksTime(e: StoredEvent): boolean {
  return e.resource.status !== "cancelled" && e.resource.transparency !== "transparent";
}

function periodOf(e: StoredEvent): Period | null {
  const start = instant(e.resource.start);
  const end = instant(e.resource.end);
  return start === null || end === null ? null : { start, end };
}

function invitesRoom(e: StoredEvent, roomId: string): boolean {
  const attendees = Array.isArray(e.resource.attendees) ? e.resource.attendees : [];
  return attendees.some((a) => isObj(a) && String(a.email ?? "").toLowerCase() === roomId && a.responseStatus !== "declined");
}

function allEvents(state: GoogleCalendarState): StoredEvent[] {
  return [...state.events.values()].flatMap((byId) => [...byId.values()]);
}

/** The events that make a calendar (or a room) busy, or null when the sandbox does not know it. */
function eventsOf(state: GoogleCalendarState, id: string): StoredEvent[] | null {
  const calendar = resolveCalendar(state, id);
  if (calendar) return [...(state.events.get(calendar.id)?.values() ?? [])];
  const room = SANDBOX_ROOMS.find((r) => r.id === id.toLowerCase());
  if (room) return allEvents(state).filter((e) => invitesRoom(e, room.id));
  return null;
}

function busyPeriods(events: StoredEvent[], window: Period): Period[] {
  const periods = events
    .filter(blocksTime)
    .map(periodOf)
    .filter((p): p is Period => p !== null && p.end > window.start && p.start < window.end)
    .map((p) => ({ start: Math.max(p.start, window.start), end: Math.min(p.end, window.end) }))
    .sort((a, b) => a.start - b.start);
  const merged: Period[] = [];
  for (const p of periods) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export function freeBusyQuery({ ctx, state, body }: CalendarCall): void {
  const timeMin = typeof body.timeMin === "string" ? Date.parse(body.timeMin) : NaN;
  const timeMax = typeof body.timeMax === "string" ? Date.parse(body.timeMax) : NaN;
  if (body.timeMin === undefined) return simpleError(ctx, 400, "Missing timeMin.", "required");
  if (body.timeMax === undefined) return simpleError(ctx, 400, "Missing timeMax.", "required");
  if (Number.isNaN(timeMin) || Number.isNaN(timeMax)) return simpleError(ctx, 400, "Bad Request", "badRequest");
  if (timeMax <= timeMin) return simpleError(ctx, 400, "The specified time range is empty.", "timeRangeEmpty");
  const items = Array.isArray(body.items) ? body.items : [];
  const ids = items.map((i) => (isObj(i) && typeof i.id === "string" ? i.id : "")).filter(Boolean);
  if (ids.length > MAX_CALENDARS) return simpleError(ctx, 400, "Too many calendars requested.", "tooManyCalendarsRequested");
  const window = { start: timeMin, end: timeMax };
  const calendars: Record<string, unknown> = {};
  for (const id of ids) {
    const events = eventsOf(state, id);
    calendars[id] = events
      ? { busy: busyPeriods(events, window).map((p) => ({ start: iso(p.start), end: iso(p.end) })) }
      : { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
  }
  sendJson(ctx, 200, { kind: "calendar#freeBusy", timeMin: iso(timeMin), timeMax: iso(timeMax), calendars });
}
