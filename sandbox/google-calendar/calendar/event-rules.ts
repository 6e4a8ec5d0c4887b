// What Google refuses in an event beyond the discovery document's types: time
// ranges, time zones, reminders. Messages and reasons are Google's own.
import type { GoogleErrorItem } from "../errors";
import { isObj, type Obj } from "./call";

const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;
const MAX_REMINDER_MINUTES = 40320;

function err(reason: string, message: string): GoogleErrorItem {
  return { domain: "global", reason, message };
}

/** Milliseconds since the epoch of a start or end, for ordering; all-day dates count from midnight UTC. */
export function instant(t: unknown): number | null {
  if (!isObj(t)) return null;
  if (typeof t.dateTime === "string") return Date.parse(t.dateTime);
  if (typeof t.date === "string") return Date.parse(`${t.date}T00:00:00Z`);
  return null;
}

export function eventProblems(event: Obj): GoogleErrorItem[] {
  const out: GoogleErrorItem[] = [];
  const { start, end } = event;
  for (const [name, t] of [["start", start], ["end", end]] as const) {
    if (!isObj(t)) continue;
    if (t.date === undefined && t.dateTime === undefined) out.push(err("required", `Missing ${name} time.`));
    if (typeof t.dateTime === "string" && !HAS_OFFSET.test(t.dateTime) && typeof t.timeZone !== "string") {
      out.push(err("required", `Missing time zone definition for ${name} time.`));
    }
  }
  if (isObj(start) && isObj(end)) {
    if ((start.date !== undefined) !== (end.date !== undefined)) {
      out.push(err("invalid", "Start and end times must either both be date or both be dateTime."));
    } else {
      const s = instant(start);
      const e = instant(end);
      // An all-day end date is exclusive, so it must come after the start; a timed event may last zero minutes.
      const empty = start.date !== undefined ? e !== null && s !== null && e <= s : e !== null && s !== null && e < s;
      if (empty) out.push(err("timeRangeEmpty", "The specified time range is empty."));
    }
  }
  const reminders = event.reminders;
  if (isObj(reminders)) {
    const overrides = Array.isArray(reminders.overrides) ? reminders.overrides : [];
    if (reminders.useDefault === true && overrides.length > 0) {
      out.push(err("cannotUseDefaultRemindersAndSpecifyOverride", "Cannot specify both default reminders and overrides at the same time."));
    }
    if (overrides.length > 5) out.push(err("tooManyReminders", "Too many reminders: at most 5 overrides are allowed."));
    for (const o of overrides) {
      const minutes = isObj(o) ? Number(o.minutes) : NaN;
      if (!isObj(o) || !["email", "popup"].includes(String(o.method))) out.push(err("required", "Missing reminder method."));
      else if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_REMINDER_MINUTES) out.push(err("invalid", "Invalid reminder minutes."));
    }
  }
  if (Array.isArray(event.attendees)) {
    for (const a of event.attendees) {
      if (!isObj(a) || typeof a.email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(a.email)) out.push(err("invalid", "Invalid attendee email."));
    }
  }
  return out;
}
