// The four Zapier actions. Each takes the snake_case fields Zapier sends,
// checks them with zod, and calls the same domain functions the admin pages and
// the public page use, so a registration from Zapier is counted, locked and
// announced (outbox) exactly like one from the public page.
//
// "Contact" means an attendee's details at one event: the person is found by
// (event, e-mail). Updating changes the name (and the phone, when sent) on every
// ticket that e-mail holds for that event; when the e-mail holds none yet, the
// contact is created by registering one free ticket of the given ticket type,
// which is the only way a person becomes an attendee (with an order and a
// registration.created fact like any other).
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { AttendeeRow, EventRow } from "@/lib/db/schema";
import { checkIn } from "@/lib/domain/attendees/service";
import { buyerFields } from "@/lib/domain/buyer";
import { NotFoundError, ValidationError } from "@/lib/domain/errors";
import { createEvent } from "@/lib/domain/events/service";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import type { AttendeeSnapshot, EventSnapshot, OrderSnapshot } from "@/lib/domain/outbox/catalog";
import { registerFree } from "@/lib/domain/registrations/register-free";
import { attendeeSnapshot, orderSnapshot } from "@/lib/domain/registrations/snapshot";
import { instantToLocal, isTimeZone } from "@/lib/domain/time";
import type { ApiContext } from "@/lib/http/api-auth";
import { parseZapier, uuidField } from "./responses";

async function orgEvent(db: Db, orgId: string, eventId: string): Promise<EventRow> {
  const event = await db.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

async function ticketTypeNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("ticket_types").select(["id", "name"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function attendeesOut(db: Db, rows: AttendeeRow[]): Promise<AttendeeSnapshot[]> {
  const names = await ticketTypeNames(db, rows.map((a) => a.ticket_type_id));
  return rows.map((a) => attendeeSnapshot(a, names.get(a.ticket_type_id) ?? ""));
}

// ---------------------------------------------------------------- registration

export const registrationAction = z.object({
  event_id: uuidField("event"),
  ticket_type_id: uuidField("ticket type"),
  quantity: z.coerce
    .number({ error: "Enter how many tickets" })
    .int("Enter a whole number of tickets")
    .min(1, "At least 1 ticket")
    .max(10, "At most 10 tickets per registration")
    .default(1),
  ...buyerFields,
});

export interface RegistrationOut {
  id: string;
  order: OrderSnapshot;
  event: EventSnapshot;
  attendees: AttendeeSnapshot[];
}

export async function createRegistration(db: Db, api: ApiContext, input: unknown): Promise<RegistrationOut> {
  const v = parseZapier(registrationAction, input);
  const event = await orgEvent(db, api.orgId, v.event_id);
  const { order, attendees } = await registerFree(db, event.slug, {
    ticketTypeId: v.ticket_type_id,
    quantity: v.quantity,
    name: v.name,
    email: v.email,
    phone: v.phone ?? undefined,
  });
  return { id: order.id, order: orderSnapshot(order), event: eventSnapshot(event), attendees: await attendeesOut(db, attendees) };
}

// ---------------------------------------------------------------- contact

export const contactAction = z.object({
  event_id: uuidField("event"),
  email: buyerFields.email,
  name: buyerFields.name,
  phone: buyerFields.phone,
  ticket_type_id: uuidField("ticket type").optional(),
});

export interface ContactOut {
  id: string;
  action: "created" | "updated";
  event_id: string;
  email: string;
  name: string;
  phone: string | null;
  attendees: AttendeeSnapshot[];
}

export async function upsertContact(db: Db, api: ApiContext, input: unknown): Promise<ContactOut> {
  const v = parseZapier(contactAction, input);
  const event = await orgEvent(db, api.orgId, v.event_id);
  const updated = await db.transaction().execute(async (tx) => {
    // Lock the person's rows so two updates of one contact apply one after the other.
    const existing = await tx
      .selectFrom("attendees")
      .select("id")
      .where("org_id", "=", api.orgId)
      .where("event_id", "=", event.id)
      .where(sql<string>`lower(email)`, "=", v.email)
      .forUpdate()
      .execute();
    if (existing.length === 0) return null;
    return tx
      .updateTable("attendees")
      .set({ name: v.name, ...(v.phone ? { phone: v.phone } : {}) })
      .where("id", "in", existing.map((e) => e.id))
      .returningAll()
      .execute();
  });
  if (updated) {
    updated.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    const first = updated[0]!;
    return { id: first.id, action: "updated", event_id: event.id, email: v.email, name: first.name, phone: first.phone, attendees: await attendeesOut(db, updated) };
  }
  if (!v.ticket_type_id) {
    throw new ValidationError(
      { ticket_type_id: ["Nobody with this e-mail is registered for the event yet; choose a free ticket type to register them with"] },
      "The contact does not exist yet and cannot be created without a ticket type",
    );
  }
  const { attendees } = await registerFree(db, event.slug, { ticketTypeId: v.ticket_type_id, quantity: 1, name: v.name, email: v.email, phone: v.phone ?? undefined });
  const first = attendees[0]!;
  return { id: first.id, action: "created", event_id: event.id, email: first.email, name: first.name, phone: first.phone, attendees: await attendeesOut(db, attendees) };
}

// ---------------------------------------------------------------- check-in

export const checkInAction = z
  .object({
    attendee_id: uuidField("attendee").optional(),
    event_id: uuidField("event").optional(),
    email: buyerFields.email.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.attendee_id) return;
    if (!v.event_id) ctx.addIssue({ code: "custom", path: ["event_id"], message: "Send attendee_id, or event_id with email" });
    if (!v.email) ctx.addIssue({ code: "custom", path: ["email"], message: "Send attendee_id, or event_id with email" });
  });

export interface CheckInOut {
  id: string;
  already_checked_in: boolean;
  checked_in_at: string;
  event_id: string;
  attendee: AttendeeSnapshot;
}

export async function checkInAttendee(db: Db, api: ApiContext, input: unknown): Promise<CheckInOut> {
  const v = parseZapier(checkInAction, input);
  let attendeeId = v.attendee_id;
  if (!attendeeId) {
    const event = await orgEvent(db, api.orgId, v.event_id!);
    // Of the tickets this e-mail holds, the first valid one not yet used; else the first used one (checking in again is harmless).
    const candidate = await db
      .selectFrom("attendees")
      .select("id")
      .where("org_id", "=", api.orgId)
      .where("event_id", "=", event.id)
      .where(sql<string>`lower(email)`, "=", v.email!)
      .orderBy(sql`checked_in_at is not null`)
      .orderBy(sql`status = 'paid'`, "desc")
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst();
    if (!candidate) throw new NotFoundError("Attendee");
    attendeeId = candidate.id;
  }
  const before = await db.selectFrom("attendees").select("checked_in_at").where("id", "=", attendeeId).where("org_id", "=", api.orgId).executeTakeFirst();
  const row = await checkIn(db, api.orgId, attendeeId);
  const [snapshot] = await attendeesOut(db, [row]);
  return {
    id: row.id,
    already_checked_in: Boolean(before?.checked_in_at),
    checked_in_at: row.checked_in_at!.toISOString(),
    event_id: row.event_id,
    attendee: snapshot!,
  };
}

// ---------------------------------------------------------------- event draft

const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Zapier hands dates over in many shapes. A wall-clock time ("2030-06-01 09:00",
 * seconds allowed) is read in the event's time zone; one with an offset or Z
 * names an instant, shown on the event's wall clock.
 */
export function toWallClock(value: string, timeZone: string): string {
  const s = value.trim();
  const local = WALL_CLOCK.exec(s);
  if (local) return `${local[1]}T${local[2]}`;
  if (WITH_OFFSET.test(s) && isTimeZone(timeZone)) {
    const d = new Date(s.replace(" ", "T"));
    if (!Number.isNaN(d.getTime())) return instantToLocal(d, timeZone);
  }
  return s;
}

export const eventDraftAction = z.object({
  title: z.string({ error: "Give the event a title" }),
  description: z.string().optional(),
  venue: z.string().optional(),
  starts_at: z.string({ error: "Enter when the event starts" }),
  ends_at: z.string({ error: "Enter when the event ends" }),
  time_zone: z.string({ error: "Choose a time zone, such as Europe/Zurich" }),
  capacity: z.union([z.number(), z.string()], { error: "Enter the number of places" }),
});

export interface EventOut extends EventSnapshot {
  admin_url: string;
}

export async function createEventDraft(db: Db, api: ApiContext, input: unknown, appUrl: string): Promise<EventOut> {
  const v = parseZapier(eventDraftAction, input);
  // The domain's own schema checks the values (title length, times, capacity) with its own messages.
  const event = await createEvent(db, api.orgId, {
    title: v.title,
    description: v.description ?? "",
    venue: v.venue ?? "",
    startsAt: toWallClock(v.starts_at, v.time_zone),
    endsAt: toWallClock(v.ends_at, v.time_zone),
    timeZone: v.time_zone,
    capacity: v.capacity,
  });
  return { ...eventSnapshot(event), admin_url: `${appUrl}/events/${event.id}` };
}
