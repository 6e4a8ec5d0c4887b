// Calendars the account can see, and "primary" as the alias Google accepts for its own.
import { first } from "../../core/context";
import { etag } from "../../core/ids";
import { sendJson } from "../../core/respond";
import { simpleError } from "../errors";
import type { GoogleCalendar, GoogleCalendarState } from "../state";
import type { CalendarCall } from "./call";

const ROLE_RANK = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 } as const;

export function resolveCalendar(state: GoogleCalendarState, id: string | undefined): GoogleCalendar | undefined {
  if (id === "primary") return state.calendars.find((c) => c.primary);
  return state.calendars.find((c) => c.id === id);
}

export function calendarListEntry(c: GoogleCalendar): Record<string, unknown> {
  return {
    kind: "calendar#calendarListEntry",
    etag: `"${c.id.length}${c.colorId}0000000"`,
    id: c.id,
    summary: c.summary,
    ...(c.description ? { description: c.description } : {}),
    timeZone: c.timeZone,
    colorId: c.colorId,
    backgroundColor: c.backgroundColor,
    foregroundColor: c.foregroundColor,
    selected: true,
    accessRole: c.accessRole,
    defaultReminders: c.primary ? [{ method: "popup", minutes: 10 }] : [],
    ...(c.primary ? { primary: true, notificationSettings: { notifications: [{ type: "eventCreation", method: "email" }] } } : {}),
    conferenceProperties: { allowedConferenceSolutionTypes: ["hangoutsMeet"] },
  };
}

export function listCalendars({ ctx, state, query }: CalendarCall): void {
  const minRole = first(query.minAccessRole) as keyof typeof ROLE_RANK | undefined;
  const visible = state.calendars.filter((c) => !minRole || ROLE_RANK[c.accessRole] >= (ROLE_RANK[minRole] ?? 0));
  const max = Math.min(Number(first(query.maxResults) ?? 100), 250);
  const start = Number(Buffer.from(first(query.pageToken) ?? "", "base64url").toString() || 0);
  const page = visible.slice(start, start + max);
  const more = start + max < visible.length;
  sendJson(ctx, 200, {
    kind: "calendar#calendarList",
    etag: etag(),
    ...(more ? { nextPageToken: Buffer.from(String(start + max)).toString("base64url") } : { nextSyncToken: "sandbox-calendarlist-sync" }),
    items: page.map(calendarListEntry),
  });
}

export function getCalendar({ ctx, state, path }: CalendarCall): void {
  const c = resolveCalendar(state, path.calendarId);
  if (!c) return simpleError(ctx, 404, "Not Found", "notFound");
  sendJson(ctx, 200, calendarListEntry(c));
}
