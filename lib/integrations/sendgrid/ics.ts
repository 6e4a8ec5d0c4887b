// The calendar file attached to a confirmation, so the attendee's calendar gets the event.
import ical from "ical-generator";
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";

export function eventIcs(ev: EventSnapshot, organizer: { name: string; email: string }): string {
  const cal = ical({ name: ev.title, prodId: { company: "Switchboard", product: "events", language: "EN" } });
  cal.createEvent({
    id: `${ev.id}@switchboard`,
    start: new Date(ev.startsAt),
    end: new Date(ev.endsAt),
    timezone: ev.timeZone,
    summary: ev.title,
    description: ev.description || undefined,
    location: ev.venue || undefined,
    url: ev.url,
    organizer,
  });
  return cal.toString();
}
