// Google's side of free/busy: one freebusy.query over the chosen calendar and the
// room or resource calendars named in the settings. Google answers per calendar,
// so a room it does not know is reported on its own and the others still count.
import type { calendar_v3 } from "googleapis";
import type { BusyInterval, FreeBusyAnswer, FreeBusyCapability, UncheckedCalendar } from "../contract/calendar";
import { callOptions, calendarClient } from "./client";
import { extraCalendars } from "../calendar-settings";
import { FREE_BUSY_SCOPE, MAX_FREE_BUSY_CALENDARS } from "./free-busy-settings";
import type { CalendarContext } from "./manifest";

// Any of these lets freebusy.query answer (Google's reference for the method).
const ACCEPTED_SCOPES = [FREE_BUSY_SCOPE, "https://www.googleapis.com/auth/calendar.events.freebusy", "https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar"];

const REASONS: Record<string, string> = {
  notFound: "Google does not know this calendar, or the connected account may not see it",
  groupTooBig: "the group has too many members to check",
  tooManyCalendarsRequested: "too many calendars were asked at once",
  internalError: "Google could not work out its busy times",
};

function reasonOf(errors: calendar_v3.Schema$Error[]): string {
  const reason = errors[0]?.reason ?? "";
  return REASONS[reason] ?? `Google could not check it (${reason || "no reason given"})`;
}

export async function busyTimes(ctx: CalendarContext, range: { from: string; to: string }, signal: AbortSignal): Promise<FreeBusyAnswer> {
  const calendars = [...new Set([ctx.settings.calendarId, ...extraCalendars(ctx.settings.freeBusyCalendars)])].slice(0, MAX_FREE_BUSY_CALENDARS);
  if (!ctx.connection.scopes.some((s) => ACCEPTED_SCOPES.includes(s))) {
    // Asking would earn a 403, which the call policy reads as a refused grant and flags the whole connection.
    const reason = "the connection was made before free/busy was asked for: reconnect Google Calendar to allow it";
    return { busy: [], unchecked: calendars.map((calendar) => ({ calendar, reason })) };
  }
  const res = await ctx.call("freebusy.query", (attemptSignal) =>
    calendarClient(ctx.baseUrl, ctx.credentials.accessToken).freebusy.query(
      { requestBody: { timeMin: range.from, timeMax: range.to, items: calendars.map((id) => ({ id })) } },
      callOptions(ctx.baseUrl, AbortSignal.any([attemptSignal, signal])),
    ),
  );
  const answered = res.data.calendars ?? {};
  const busy: BusyInterval[] = [];
  const unchecked: UncheckedCalendar[] = [];
  for (const calendar of calendars) {
    const entry = answered[calendar];
    if (!entry) {
      unchecked.push({ calendar, reason: "Google did not answer for this calendar" });
    } else if (entry.errors?.length) {
      unchecked.push({ calendar, reason: reasonOf(entry.errors) });
    } else {
      for (const b of entry.busy ?? []) if (b.start && b.end) busy.push({ start: new Date(b.start).toISOString(), end: new Date(b.end).toISOString(), calendar });
    }
  }
  return { busy, unchecked };
}

export const freeBusy: FreeBusyCapability<CalendarContext> = { busy: busyTimes };
