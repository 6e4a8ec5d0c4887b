// /api/v1 events: list, get, create a draft. Every query is scoped to the key's
// organization; creating goes through the domain service (outbox included).
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/domain/errors";
import { createEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { instantToLocal, isTimeZone } from "@/lib/domain/time";
import { parseOr422, requireId } from "./route";
import { afterCursor, cursorAt, decodeCursor, toPage } from "./pagination";
import { CreateEventBody, type ApiEvent, type ListEventsQuery, type Page } from "./schemas";

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
