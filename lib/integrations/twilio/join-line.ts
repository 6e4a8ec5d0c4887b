// An online event's texts carry its join link, right after the event page's.
import type { EventSnapshot } from "@/lib/domain/outbox/catalog";

export function joinLine(ev: Pick<EventSnapshot, "meetingUrl">): string {
  return ev.meetingUrl ? ` Join online: ${ev.meetingUrl}` : "";
}
