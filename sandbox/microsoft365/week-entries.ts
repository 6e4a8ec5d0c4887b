// The Outlook calendar for the sandbox's shared week view: its entries as week
// entries, and a person's edit "made in Outlook", which notifies the
// subscriptions watching the calendar exactly as Graph would.
import type { CalendarHook, EntryChange, WeekEntry } from "../core/calendar-week";
import type { Runtime } from "../core/context";
import { touched } from "./entries";
import type { Microsoft365State } from "./state";
import { ianaZone, instantToWall } from "./zones";

export function outlookWeekEntries(state: Microsoft365State): WeekEntry[] {
  return [...state.entries.values()].map((e) => ({
    id: e.id,
    provider: "Outlook",
    calendar: state.calendars.find((c) => c.id === e.calendarId)?.name ?? e.calendarId,
    title: e.subject,
    start: e.startsAt,
    end: e.endsAt,
    timeZone: e.start.timeZone,
    ...(e.location ? { location: e.location } : {}),
    ...(e.joinUrl ? { joinUrl: e.joinUrl } : {}),
    ...(e.deleted ? { cancelled: true } : {}),
  }));
}

/** False when there is no such entry (or it is deleted already), or a time given is not a date-time. */
export async function editOutlookEntry(rt: Runtime, state: Microsoft365State, entryId: string, change: EntryChange): Promise<boolean> {
  const e = state.entries.get(entryId);
  if (!e || e.deleted) return false;
  if (change.remove) {
    e.deleted = { at: new Date(rt.clock.now()).toISOString(), by: "hand" };
    await touched(rt, state, e, "deleted");
    return true;
  }
  for (const t of [change.startsAt, change.endsAt]) if (t !== undefined && Number.isNaN(Date.parse(t))) return false;
  const startsAt = change.startsAt ? new Date(change.startsAt).toISOString() : e.startsAt;
  const endsAt = change.endsAt ? new Date(change.endsAt).toISOString() : e.endsAt;
  if (Date.parse(endsAt) < Date.parse(startsAt)) return false;
  // Outlook keeps the entry's own zone when it is moved.
  const zone = ianaZone(e.start.timeZone) ?? "UTC";
  e.startsAt = startsAt;
  e.endsAt = endsAt;
  e.start = { dateTime: instantToWall(startsAt, zone), timeZone: e.start.timeZone };
  e.end = { dateTime: instantToWall(endsAt, ianaZone(e.end.timeZone) ?? zone), timeZone: e.end.timeZone };
  if (change.title !== undefined) e.subject = change.title;
  if (change.location !== undefined) e.location = change.location;
  await touched(rt, state, e, "updated");
  return true;
}

export const outlookWeek: CalendarHook<Microsoft365State> = { entries: outlookWeekEntries, edit: editOutlookEntry };
