// Entries of the user's calendars as Graph keeps them: created (a repeated
// transactionId answers the entry it made first), changed, deleted; each change
// moves the entry in the change feed, gives it a new changeKey and tells the
// subscriptions watching its calendar.
import { randomBytes } from "node:crypto";
import type { Runtime } from "../core/context";
import { notifyChange } from "./notify";
import type { DateTimeTimeZone, Entry, Microsoft365State } from "./state";
import { ianaZone, instantToWall, wallToInstant } from "./zones";

const b64 = (bytes: number) => randomBytes(bytes).toString("base64").replace(/\//g, "_").replace(/\+/g, "-");

export function newEntryId(): string {
  return `AAMkAGSbx${b64(33).replace(/=+$/, "")}=`;
}

const newChangeKey = () => b64(12);

/** The instant a dateTimeTimeZone names, or a message saying why Graph would refuse it. */
export function instantOf(t: DateTimeTimeZone | undefined, field: string): string | { error: string; code: string } {
  if (!t || typeof t.dateTime !== "string") return { code: "ErrorInvalidRequest", error: `${field} is required and needs a dateTime.` };
  const zone = ianaZone(t.timeZone);
  if (!zone) return { code: "TimeZoneNotSupportedException", error: `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${t.timeZone}'.` };
  const instant = wallToInstant(t.dateTime.replace(/(Z|[+-]\d\d:\d\d)$/, ""), zone);
  if (!instant) return { code: "ErrorInvalidRequest", error: `Cannot convert the literal '${t.dateTime}' to the expected type 'Edm.DateTime'.` };
  // A dateTime with an offset names the instant itself; Graph reads it so too.
  return /(Z|[+-]\d\d:\d\d)$/.test(t.dateTime) ? new Date(t.dateTime).toISOString() : instant;
}

export interface EntryFields {
  subject?: string;
  body?: { contentType?: string; content?: string };
  start?: DateTimeTimeZone;
  end?: DateTimeTimeZone;
  location?: { displayName?: string };
  attendees?: Array<{ emailAddress: { address: string; name?: string }; type?: string }>;
  isReminderOn?: boolean;
  reminderMinutesBeforeStart?: number;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  transactionId?: string;
}

/** Applies fields to an entry (new or existing); returns an error Graph would answer, or null. */
export function applyFields(e: Entry, f: EntryFields): { code: string; error: string } | null {
  if (f.start !== undefined) {
    const at = instantOf(f.start, "start");
    if (typeof at !== "string") return at;
    e.start = { dateTime: f.start.dateTime, timeZone: f.start.timeZone ?? "UTC" };
    e.startsAt = at;
  }
  if (f.end !== undefined) {
    const at = instantOf(f.end, "end");
    if (typeof at !== "string") return at;
    e.end = { dateTime: f.end.dateTime, timeZone: f.end.timeZone ?? "UTC" };
    e.endsAt = at;
  }
  if (Date.parse(e.endsAt) < Date.parse(e.startsAt)) return { code: "ErrorInvalidRequest", error: "Your request can't be completed. The end date must be after the start date." };
  if (f.subject !== undefined) e.subject = f.subject;
  if (f.body !== undefined) e.body = { contentType: f.body.contentType ?? "text", content: f.body.content ?? "" };
  if (f.location !== undefined) e.location = f.location?.displayName ?? "";
  if (f.attendees !== undefined) e.attendees = f.attendees.map((a) => ({ emailAddress: { address: a.emailAddress.address, name: a.emailAddress.name ?? a.emailAddress.address }, type: a.type ?? "required" }));
  if (f.isReminderOn !== undefined) e.isReminderOn = f.isReminderOn;
  if (f.reminderMinutesBeforeStart !== undefined) e.reminderMinutesBeforeStart = f.reminderMinutesBeforeStart;
  if (f.onlineMeetingProvider !== undefined) e.onlineMeetingProvider = f.onlineMeetingProvider;
  if (f.isOnlineMeeting !== undefined) {
    e.isOnlineMeeting = f.isOnlineMeeting;
    if (!f.isOnlineMeeting) e.joinUrl = null;
  }
  if (e.isOnlineMeeting && !e.joinUrl && e.onlineMeetingProvider === "teamsForBusiness") {
    const thread = `19%3ameeting_${b64(36).replace(/[=_-]/g, "x")}%40thread.v2`;
    e.joinUrl = `https://teams.microsoft.com/l/meetup-join/${thread}/0?context=%7b%22Tid%22%3a%22sandbox%22%7d`;
  }
  return null;
}

export function blankEntry(calendarId: string, now: number): Entry {
  const at = new Date(now).toISOString();
  return {
    id: newEntryId(),
    calendarId,
    changeKey: newChangeKey(),
    transactionId: null,
    subject: "",
    body: { contentType: "text", content: "" },
    start: { dateTime: instantToWall(at, "UTC"), timeZone: "UTC" },
    end: { dateTime: instantToWall(at, "UTC"), timeZone: "UTC" },
    startsAt: at,
    endsAt: at,
    location: "",
    attendees: [],
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    joinUrl: null,
    createdAt: at,
    modifiedAt: at,
    seq: 0,
    deleted: null,
  };
}

/** Marks the entry changed: a new changeKey, a new place in the change feed, and the notifications. */
export function touched(rt: Runtime, state: Microsoft365State, e: Entry, changeType: "created" | "updated" | "deleted"): Promise<unknown> {
  e.changeKey = newChangeKey();
  e.modifiedAt = new Date(rt.clock.now()).toISOString();
  e.seq = ++state.seq;
  return notifyChange(rt, state, e, changeType);
}

/** An entry as Graph answers it, its times in `zone` (Prefer: outlook.timezone; UTC by default). */
export function entryView(rt: Runtime, state: Microsoft365State, e: Entry, zone = "UTC") {
  const z = ianaZone(zone) ?? "UTC";
  return {
    "@odata.etag": `W/"${e.changeKey}"`,
    id: e.id,
    createdDateTime: e.createdAt,
    lastModifiedDateTime: e.modifiedAt,
    changeKey: e.changeKey,
    categories: [],
    transactionId: e.transactionId,
    originalStartTimeZone: e.start.timeZone,
    originalEndTimeZone: e.end.timeZone,
    iCalUId: `040000008200E00074C5B7101A82E008${e.id.slice(9, 41)}`,
    reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
    isReminderOn: e.isReminderOn,
    subject: e.subject,
    isCancelled: false,
    isOrganizer: true,
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.onlineMeetingProvider,
    showAs: "busy",
    type: "singleInstance",
    webLink: `${rt.url}/microsoft365/owa/calendar/item/${encodeURIComponent(e.id)}`,
    body: e.body,
    start: { dateTime: instantToWall(e.startsAt, z), timeZone: zone },
    end: { dateTime: instantToWall(e.endsAt, z), timeZone: zone },
    location: { displayName: e.location, locationType: "default" },
    attendees: e.attendees.map((a) => ({ ...a, status: { response: "none", time: "0001-01-01T00:00:00Z" } })),
    organizer: { emailAddress: { name: state.user.displayName, address: state.user.mail } },
    onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
  };
}
