// /api/v1 events: list, get, create a draft, change, cancel. Every query is scoped
// to the key's organization; every write goes through the domain service (its
// validation and its facts, as from the admin form).
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, StaleVersionError } from "@/lib/domain/errors";
import { cancelEvent, createEvent, updateEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { instantToLocal, isTimeZone } from "@/lib/domain/time";
import { parseOr422, requireId } from "./route";
import { afterCursor, cursorAt, decodeCursor, toPage } from "./pagination";
import { CreateEventBody, NoBody, UpdateEventBody, type ApiEvent, type ListEventsQuery, type Page } from "./schemas";

export function toApiEvent(e: EventRow): ApiEvent {
  return {
    ...eventSnapshot(e),
    publishedAt: e.published_at?.toISOString() ?? null,
    cancelledAt: e.cancelled_at?.toISOString() ?? null,
    createdAt: e.created_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
  };
}

export async function listEvents(db: Db, orgId: string, q: z.output<typeof ListEventsQuery>): Promise<Page<ApiEvent>> {
  let query = db
    .selectFrom("events")
    .selectAll("events")
    .select(cursorAt("events").as("cursor_at"))
    .where("events.org_id", "=", orgId);
  if (q.status) query = query.where("events.status", "=", q.status);
  if (q.cursor) query = query.where(afterCursor("events", decodeCursor(q.cursor)));
  const rows = await query.orderBy("events.created_at", "desc").orderBy("events.id", "desc").limit(q.limit + 1).execute();
  return toPage(rows, q.limit, toApiEvent);
}

/** The organization's event, or 404 (another organization's id is as unknown as a made-up one). */
export async function findEvent(db: Db, orgId: string, eventId: string): Promise<EventRow> {
  requireId(eventId, "Event");
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

export async function getEvent(db: Db, orgId: string, eventId: string): Promise<ApiEvent> {
  return toApiEvent(await findEvent(db, orgId, eventId));
}

/** An instant with an offset becomes wall-clock time in the event's zone, which the domain takes. */
function toLocal(value: string, timeZone: string): string {
  if (value.length === 16 || !isTimeZone(timeZone)) return value;
  return instantToLocal(new Date(value), timeZone);
}

export async function createEventDraft(db: Db, orgId: string, body: unknown): Promise<ApiEvent> {
  const v = parseOr422(CreateEventBody, body);
  const event = await createEvent(db, orgId, {
    ...v,
    startsAt: toLocal(v.startsAt, v.timeZone),
    endsAt: toLocal(v.endsAt, v.timeZone),
  });
  return toApiEvent(event);
}

/**
 * A PATCH is the event form with the fields left out filled from the event as it
 * is: the domain validates and tells the change exactly as when an admin saves.
 * Fields the API does not expose (language, online, hackathon) keep their values.
 */
export async function patchEvent(db: Db, orgId: string, eventId: string, body: unknown): Promise<ApiEvent> {
  const current = await findEvent(db, orgId, eventId);
  const v = parseOr422(UpdateEventBody, body);
  const timeZone = v.timeZone ?? current.time_zone;
  const wallClock = (sent: string | undefined, now: Date) => (sent === undefined ? instantToLocal(now, timeZone) : toLocal(sent, timeZone));
  const event = await updateEvent(db, orgId, eventId, {
    title: v.title ?? current.title,
    description: v.description ?? current.description,
    venue: v.venue ?? current.venue,
    startsAt: wallClock(v.startsAt, current.starts_at),
    endsAt: wallClock(v.endsAt, current.ends_at),
    timeZone,
    capacity: v.capacity ?? current.capacity,
    language: current.language,
    online: current.online,
    hackathon: current.hackathon,
    version: current.version,
  }).catch((err: unknown) => {
    // Read and written a moment apart: an admin (or another request) saved in between, and nothing of this one was applied.
    if (err instanceof StaleVersionError) throw new ConflictError("The event changed while this request ran; nothing was applied. Read the event again and send the change again.");
    throw err;
  });
  return toApiEvent(event);
}

/** Cancelling twice changes nothing the second time and tells nobody twice. */
export async function cancelEventByApi(db: Db, orgId: string, eventId: string, body: unknown): Promise<ApiEvent> {
  requireId(eventId, "Event");
  parseOr422(NoBody, body);
  return toApiEvent(await cancelEvent(db, orgId, eventId));
}
