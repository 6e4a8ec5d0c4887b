// Creating, editing, publishing and cancelling events. Each change commits with
// its domain event (outbox) in one transaction.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import type { EventRow, TicketTypeRow } from "@/lib/db/schema";
import { ConflictError, StaleVersionError, parseOrThrow } from "../errors";
import { recordDomainEvent } from "../outbox/record";
import { minorUnitDigits } from "../money";
import { localToInstant } from "../time";
import { planReminders } from "../reminders/schedule";
import { eventInput, eventUpdateInput, ticketTypeInput } from "./input";
import { eventSnapshot } from "./snapshot";
import { lockEvent } from "./lock";

function slugFor(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  // A short random suffix keeps slugs unique across organizations without a retry loop.
  return `${base || "event"}-${randomBytes(3).toString("hex")}`;
}

/** The columns an event form sets, with wall-clock times turned into instants. */
function eventColumns(v: { title: string; description: string; venue: string; startsAt: string; endsAt: string; timeZone: string; capacity: number; language?: string; online?: boolean; hackathon?: boolean }) {
  return {
    ...(v.language ? { language: v.language } : {}),
    online: v.online ?? false,
    hackathon: v.hackathon ?? false,
    title: v.title,
    description: v.description,
    venue: v.venue,
    starts_at: localToInstant(v.startsAt, v.timeZone),
    ends_at: localToInstant(v.endsAt, v.timeZone),
    time_zone: v.timeZone,
    capacity: v.capacity,
  };
}

export async function createEvent(db: Db, orgId: string, input: unknown): Promise<EventRow> {
  const v = parseOrThrow(eventInput, input);
  return db.transaction().execute(async (tx) => {
    const event = await tx
      .insertInto("events")
      .values({
        org_id: orgId,
        slug: slugFor(v.title),
        ...eventColumns(v),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordDomainEvent(tx, {
      orgId,
      type: "event.created",
      aggregateId: event.id,
      payload: { event: eventSnapshot(event) },
    });
    return event;
  });
}

export async function updateEvent(db: Db, orgId: string, eventId: string, input: unknown): Promise<EventRow> {
  const v = parseOrThrow(eventUpdateInput, input);
  return db.transaction().execute(async (tx) => {
    const current = await lockEvent(tx, orgId, eventId);
    if (current.version !== v.version) {
      throw new StaleVersionError(
        "Someone else changed this event since you opened it. Your changes are still in the form: copy what you need, then reload to see the current version.",
      );
    }
    if (current.status === "cancelled") throw new ConflictError("A cancelled event can no longer be edited.");
    const sold = await soldCount(tx, eventId);
    if (v.capacity < sold) {
      throw new ConflictError(`Capacity cannot be lower than the ${sold} places already taken.`);
    }
    const event = await tx
      .updateTable("events")
      .set({
        ...eventColumns(v),
        version: sql<number>`version + 1`,
        updated_at: new Date(),
      })
      .where("id", "=", eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // The start may have moved: every attendee's reminders move with it, in this transaction.
    await planReminders(tx, { eventId });
    await recordDomainEvent(tx, {
      orgId,
      type: "event.updated",
      aggregateId: event.id,
      payload: { event: eventSnapshot(event) },
    });
    return event;
  });
}

const transitions = {
  published: { fact: "event.published", stamp: "published_at", refusedFrom: "cancelled", refusal: "A cancelled event cannot be published again." },
  cancelled: { fact: "event.cancelled", stamp: "cancelled_at", refusedFrom: null, refusal: "" },
} as const;

/** Publishing and cancelling are idempotent: repeating one changes nothing and emits nothing. */
async function changeStatus(db: Db, orgId: string, eventId: string, to: keyof typeof transitions): Promise<EventRow> {
  const t = transitions[to];
  return db.transaction().execute(async (tx) => {
    const current = await lockEvent(tx, orgId, eventId);
    if (current.status === to) return current;
    if (current.status === t.refusedFrom) throw new ConflictError(t.refusal);
    const event = await tx
      .updateTable("events")
      .set({
        status: to,
        [t.stamp]: new Date(),
        updated_at: new Date(),
        // The start attendees first heard of: moving far from it later is urgent news.
        ...(to === "published" && !current.published_starts_at ? { published_starts_at: current.starts_at } : {}),
      })
      .where("id", "=", eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A cancelled event keeps no reminder job (publishing finds nobody to remind yet).
    await planReminders(tx, { eventId });
    await recordDomainEvent(tx, { orgId, type: t.fact, aggregateId: event.id, payload: { event: eventSnapshot(event) } });
    return event;
  });
}

export function publishEvent(db: Db, orgId: string, eventId: string): Promise<EventRow> {
  return changeStatus(db, orgId, eventId, "published");
}

export function cancelEvent(db: Db, orgId: string, eventId: string): Promise<EventRow> {
  return changeStatus(db, orgId, eventId, "cancelled");
}

export async function addTicketType(db: Db, orgId: string, eventId: string, input: unknown): Promise<TicketTypeRow> {
  const v = parseOrThrow(ticketTypeInput, input);
  return db.transaction().execute(async (tx) => {
    const event = await lockEvent(tx, orgId, eventId);
    if (event.status === "cancelled") throw new ConflictError("Tickets cannot be added to a cancelled event.");
    const [whole, fraction = ""] = v.price.split(".");
    const digits = minorUnitDigits(v.currency);
    if (fraction.length > digits) {
      throw new ConflictError(`${v.currency} has ${digits} decimal places; enter the price with at most ${digits}.`);
    }
    const priceMinor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || 0);
    return tx
      .insertInto("ticket_types")
      .values({
        org_id: orgId,
        event_id: eventId,
        name: v.name,
        price_minor: priceMinor,
        currency: v.currency,
        quantity: v.quantity,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Places taken by orders that still hold them (pending or paid). */
export async function soldCount(q: Db | Tx, eventId: string, ticketTypeId?: string): Promise<number> {
  let query = q
    .selectFrom("attendees")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "in", ["pending", "paid"]);
  if (ticketTypeId) query = query.where("ticket_type_id", "=", ticketTypeId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
