// Events as Google stores and returns them: the client's fields plus the ones only
// the server sets (id, etag, htmlLink, iCalUID, creator, organizer, sequence, times).
import { etag } from "../../core/ids";
import { calendarEventId } from "../ids";
import type { EventResource, GoogleCalendar, GoogleCalendarState } from "../state";
import { isObj, type Obj } from "./call";

/** Fields a client cannot set; Google ignores them in a request body. */
const SERVER_FIELDS = ["kind", "etag", "htmlLink", "created", "updated", "creator", "iCalUID", "hangoutLink", "privateCopy", "locked"];

export const EVENT_ID = /^[a-v0-9]{5,1024}$/;

function writable(body: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(body)) if (!SERVER_FIELDS.includes(k) && v !== null && v !== undefined) out[k] = v;
  return out;
}

function attendees(list: unknown, organizerEmail: string): unknown {
  if (!Array.isArray(list)) return undefined;
  return list.map((a) => {
    if (!isObj(a)) return a;
    const self = typeof a.email === "string" && a.email.toLowerCase() === organizerEmail.toLowerCase();
    return { ...a, responseStatus: a.responseStatus ?? (self ? "accepted" : "needsAction"), ...(self ? { organizer: true, self: true } : {}) };
  });
}

function stamp(now: number): string {
  return new Date(now).toISOString();
}

export function newEvent(state: GoogleCalendarState, calendar: GoogleCalendar, body: Obj, now: number): EventResource {
  const id = typeof body.id === "string" ? body.id : calendarEventId();
  const fields = writable(body);
  return {
    kind: "calendar#event",
    etag: etag(),
    id,
    status: "confirmed",
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${calendar.id}`).toString("base64url")}`,
    created: stamp(now),
    updated: stamp(now),
    ...fields,
    creator: { email: state.user.email, self: true },
    organizer: { email: calendar.id, ...(calendar.primary ? { self: true } : { displayName: calendar.summary, self: true }) },
    iCalUID: `${id}@google.com`,
    sequence: 0,
    reminders: fields.reminders ?? { useDefault: true },
    eventType: fields.eventType ?? "default",
    ...(fields.attendees ? { attendees: attendees(fields.attendees, state.user.email) } : {}),
  };
}

/** PUT replaces every writable field; PATCH replaces only the fields sent (null clears one). */
export function revisedEvent(state: GoogleCalendarState, existing: EventResource, body: Obj, mode: "update" | "patch", now: number): EventResource {
  const kept: Obj = {};
  for (const k of [...SERVER_FIELDS, "id", "organizer", "sequence", "eventType"]) if (existing[k] !== undefined) kept[k] = existing[k];
  const base: Obj = mode === "patch" ? { ...existing } : { ...kept, status: "confirmed" };
  for (const [k, v] of Object.entries(body)) {
    if (SERVER_FIELDS.includes(k) || k === "id") continue;
    if (v === null) delete base[k];
    else base[k] = v;
  }
  const timesChanged = JSON.stringify([base.start, base.end]) !== JSON.stringify([existing.start, existing.end]);
  return {
    ...base,
    ...(base.attendees ? { attendees: attendees(base.attendees, state.user.email) } : {}),
    reminders: base.reminders ?? { useDefault: true },
    etag: etag(),
    updated: stamp(now),
    sequence: Number(existing.sequence ?? 0) + (timesChanged ? 1 : 0),
  };
}
