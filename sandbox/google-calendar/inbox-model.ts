// Google Calendar's part of inbox.json: every entry of every calendar, as stored.
import type { EventResource, GoogleCalendarState } from "./state";

export interface InboxCalendarEntry {
  calendarId: string;
  calendar: string;
  id: string;
  status: string;
  summary: string | null;
  description: string | null;
  location: string | null;
  start: unknown;
  end: unknown;
  attendees: unknown[];
  reminders: unknown;
  sendUpdates: string | null;
  updated: string | null;
  resource: EventResource;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

export function calendarInbox(state: GoogleCalendarState): { events: InboxCalendarEntry[] } {
  const events = [...state.events.values()].flatMap((byId) =>
    [...byId.values()].map((e) => {
      const r = e.resource;
      return {
        calendarId: e.calendarId,
        calendar: state.calendars.find((c) => c.id === e.calendarId)?.summary ?? e.calendarId,
        id: String(r.id),
        status: str(r.status) ?? "confirmed",
        summary: str(r.summary),
        description: str(r.description),
        location: str(r.location),
        start: r.start,
        end: r.end,
        attendees: Array.isArray(r.attendees) ? r.attendees : [],
        reminders: r.reminders,
        sendUpdates: e.sendUpdates,
        updated: str(r.updated),
        resource: r,
      };
    }),
  );
  return { events };
}
