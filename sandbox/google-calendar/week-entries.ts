// Google's entries on the inbox's shared week view, and a person's edit of one in
// Google Calendar: the same write as an API patch or delete (new etag, updated,
// sequence, the change counter) and the same push notifications.
import type { CalendarHook, EntryChange, WeekEntry } from "../core/calendar-week";
import type { Runtime } from "../core/context";
import { recordChange } from "./calendar/changes";
import { isObj, type Obj } from "./calendar/call";
import { revisedEvent } from "./calendar/event-resource";
import { cancelledEvent } from "./calendar/events";
import type { GoogleCalendarState, StoredEvent } from "./state";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function when(t: unknown): { at: string; timeZone?: string } {
  if (!isObj(t)) return { at: "" };
  return { at: str(t.dateTime) ?? str(t.date) ?? "", timeZone: str(t.timeZone) };
}

function joinUrl(r: Obj): string | undefined {
  const video = isObj(r.conferenceData) && Array.isArray(r.conferenceData.entryPoints) ? r.conferenceData.entryPoints.find((p) => isObj(p) && p.entryPointType === "video") : undefined;
  return str(r.hangoutLink) ?? (isObj(video) ? str(video.uri) : undefined);
}

function entries(state: GoogleCalendarState): WeekEntry[] {
  return state.calendars.flatMap((calendar) =>
    [...(state.events.get(calendar.id)?.values() ?? [])].map(({ resource: r }) => {
      const start = when(r.start);
      return {
        id: String(r.id),
        provider: "Google Calendar",
        calendar: calendar.summary,
        title: str(r.summary) ?? "(no title)",
        start: start.at,
        end: when(r.end).at,
        ...(start.timeZone ? { timeZone: start.timeZone } : {}),
        ...(str(r.location) ? { location: str(r.location) } : {}),
        ...(joinUrl(r) ? { joinUrl: joinUrl(r) } : {}),
        ...(r.status === "cancelled" ? { cancelled: true } : {}),
      };
    }),
  );
}

/** The event a person would open: a live one before a deleted one with the same id, in the order the calendars are listed. */
function find(state: GoogleCalendarState, id: string): StoredEvent | undefined {
  const all = state.calendars.flatMap((c) => {
    const e = state.events.get(c.id)?.get(id);
    return e ? [e] : [];
  });
  return all.find((e) => e.resource.status !== "cancelled") ?? all[0];
}

/** A new time keeps the entry's time zone and drops an all-day date. */
function moved(t: unknown, dateTime: string | undefined): Obj | undefined {
  if (dateTime === undefined) return undefined;
  const timeZone = isObj(t) ? str(t.timeZone) : undefined;
  return { dateTime, ...(timeZone ? { timeZone } : {}) };
}

function patchOf(event: StoredEvent, change: EntryChange): Obj {
  const body: Obj = {};
  if (change.title !== undefined) body.summary = change.title;
  if (change.location !== undefined) body.location = change.location === "" ? null : change.location;
  const start = moved(event.resource.start, change.startsAt);
  const end = moved(event.resource.end, change.endsAt);
  if (start) body.start = start;
  if (end) body.end = end;
  return body;
}

function edit(rt: Runtime, state: GoogleCalendarState, entryId: string, change: EntryChange): boolean {
  const event = find(state, entryId);
  if (!event) return false;
  const now = rt.clock.now();
  event.resource = change.remove ? cancelledEvent(event.resource, now) : revisedEvent(state, event.resource, patchOf(event, change), "patch", now);
  recordChange(rt, state, event);
  return true;
}

export const googleWeek: CalendarHook<GoogleCalendarState> = { entries, edit };
