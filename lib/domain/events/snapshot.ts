import { appUrl } from "@/lib/config";
import type { EventRow } from "@/lib/db/schema";
import type { EventSnapshot } from "../outbox/catalog";

export function eventSnapshot(e: EventRow): EventSnapshot {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    description: e.description,
    venue: e.venue,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    timeZone: e.time_zone,
    capacity: e.capacity,
    status: e.status,
    url: `${appUrl()}/e/${e.slug}`,
    // Only online events carry these, so facts about other events read as before.
    ...(e.online ? { online: true, meetingUrl: e.meeting_url } : {}),
    ...(e.hackathon ? { hackathon: true } : {}),
    // A stable public link (lib/files): covers are public once the event is, wherever their bytes are kept.
    ...(e.cover_file_id ? { coverImageUrl: `${appUrl()}/api/public/files/${e.cover_file_id}` } : {}),
  };
}
