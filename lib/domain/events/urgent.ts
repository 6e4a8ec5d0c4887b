// When news about an event is urgent enough for a phone call: the event was
// cancelled, or its start moved by more than an hour from the start it had
// when it was published (what attendees planned around).
import type { EventRow } from "@/lib/db/schema";

export const URGENT_MOVE_MS = 60 * 60 * 1000;

export function urgentChange(event: Pick<EventRow, "status" | "starts_at" | "published_starts_at">): boolean {
  if (event.status === "cancelled") return true;
  if (!event.published_starts_at) return false;
  return Math.abs(event.starts_at.getTime() - event.published_starts_at.getTime()) > URGENT_MOVE_MS;
}
