// The event as an iCalendar file (RFC 5545) to download from the public page.
// ical-generator writes the format: escaping of commas, semicolons, backslashes
// and newlines, line folding, CRLF. Times are UTC, so every calendar shows them
// right without a VTIMEZONE block.
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { eventPageUrl, type LinkedEvent } from "./links";

export interface IcsEvent extends LinkedEvent {
  id: string;
  status: string;
  org_name: string;
  updated_at: Date;
  /** Raised by every edit of the event (lib/domain/events/service.ts). */
  version: number;
}

/**
 * RFC 5545's SEQUENCE: a calendar takes a file with the same UID as news only when
 * this is higher than the one it holds (Outlook ignores it otherwise). Every edit
 * raises the version; cancelling does not, yet must reach the calendar, and nothing
 * follows it (a cancelled event is never edited or published again).
 */
export function icsSequence(ev: Pick<IcsEvent, "version" | "status">): number {
  return ev.version - 1 + (ev.status === "cancelled" ? 1 : 0);
}

/** `now`: when this file is made, its DTSTAMP (with METHOD:PUBLISH, RFC 5545 3.8.7.2); the event's last change is its LAST-MODIFIED. */
export function eventIcs(ev: IcsEvent, now = new Date()): string {
  const cal = ical({ prodId: { company: "Switchboard", product: "events", language: "EN" }, method: ICalCalendarMethod.PUBLISH });
  const url = eventPageUrl(ev.slug);
  cal.createEvent({
    // The same UID on every download: importing the file again updates the entry instead of adding a second one.
    id: `${ev.id}@switchboard`,
    start: ev.starts_at,
    end: ev.ends_at,
    sequence: icsSequence(ev),
    stamp: now,
    lastModified: ev.updated_at,
    summary: ev.title,
    description: [ev.description.trim(), url].filter(Boolean).join("\n\n"),
    location: ev.venue || (ev.online ? "Online" : undefined),
    url,
    status: ev.status === "cancelled" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  // RFC 5545 ends every content line with CRLF, the last one too; the library leaves that one off.
  return `${cal.toString().replace(/(\r\n)?$/, "")}\r\n`;
}

/** A file name from the title that every system accepts. */
export function icsFileName(slug: string): string {
  return `${slug.replace(/[^a-z0-9-]+/gi, "-").slice(0, 80) || "event"}.ics`;
}
