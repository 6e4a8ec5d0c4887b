// Reads for the admin and public pages. Every admin read is scoped by org_id.
import type { ExpressionBuilder } from "kysely";
import type { Db } from "@/lib/db/client";
import type { Database } from "@/lib/db/schema";
import { NotFoundError } from "../errors";
import { eventPlacesLeft } from "./places-left";

/** An event's places taken, as "taken": its pending and paid tickets (a cancelled or refunded one frees its place). */
function takenPlaces(eb: ExpressionBuilder<Database, "events">) {
  return eb
    .selectFrom("attendees")
    .select(eb.fn.countAll<string>().as("n"))
    .whereRef("attendees.event_id", "=", "events.id")
    .where("attendees.status", "in", ["pending", "paid"])
    .as("taken");
}

export async function listEvents(db: Db, orgId: string) {
  return db
    .selectFrom("events")
    .selectAll("events")
    .select(takenPlaces)
    .where("org_id", "=", orgId)
    .orderBy("starts_at", "asc")
    .execute();
}

export async function getEvent(db: Db, orgId: string, eventId: string) {
  const event = await db
    .selectFrom("events")
    .selectAll()
    .where("id", "=", eventId)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

export async function listTicketTypes(db: Db, eventId: string) {
  return countedTypes(db)
    .where("event_id", "=", eventId)
    .orderBy("created_at", "asc")
    .execute();
}

/** Ticket types with their places taken, as "taken": their pending and paid tickets. */
function countedTypes(db: Db) {
  return db
    .selectFrom("ticket_types")
    .selectAll("ticket_types")
    .select((eb) =>
      eb
        .selectFrom("attendees")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("attendees.ticket_type_id", "=", "ticket_types.id")
        .where("attendees.status", "in", ["pending", "paid"])
        .as("taken"),
    );
}

/** The organization's ticket type names, each once: types belong to events and names repeat, so a setting per type keys on the name. */
export async function ticketTypeNames(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom("ticket_types").select("name").distinct().where("org_id", "=", orgId).orderBy("name").execute();
  return rows.map((r) => r.name);
}

/** The public page: only published or cancelled events are visible by slug. */
export async function getPublicEvent(db: Db, slug: string) {
  const event = await db
    .selectFrom("events")
    .innerJoin("organizations", "organizations.id", "events.org_id")
    .selectAll("events")
    .select(["organizations.name as org_name", "organizations.slug as org_slug"])
    .where("events.slug", "=", slug)
    .where("events.status", "in", ["published", "cancelled"])
    .executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

/** Published events still to come, soonest first, with the places not yet taken (pending or paid). */
export async function listUpcomingEvents(db: Db, orgId: string, opts: { now?: Date; limit?: number } = {}) {
  const rows = await db
    .selectFrom("events")
    .select(["id", "slug", "title", "venue", "online", "starts_at", "time_zone", "capacity"])
    .select(takenPlaces)
    .where("org_id", "=", orgId)
    .where("status", "=", "published")
    .where("starts_at", ">", opts.now ?? new Date())
    .orderBy("starts_at", "asc")
    .limit(opts.limit ?? 10)
    .execute();
  // Each type's own quantity counts too, as on the event page: a sold-out only type leaves no place, whatever the capacity.
  const types = rows.length ? await countedTypes(db).where("event_id", "in", rows.map((r) => r.id)).execute() : [];
  return rows.map((r) => ({ ...r, placesLeft: eventPlacesLeft(r.capacity, types.filter((t) => t.event_id === r.id)) }));
}
