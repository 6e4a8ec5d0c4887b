// /api/v1 attendees: reads across the organization or for one event, filtered
// by order and ticket status; and what can happen to one ticket (cancel, check
// in and undo, transfer), each through the domain service the admin pages use.
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { AttendeeRow } from "@/lib/db/schema";
import { checkIn, undoCheckIn } from "@/lib/domain/attendees/service";
import { NotFoundError } from "@/lib/domain/errors";
import { cancelRegistration } from "@/lib/domain/registrations/cancel";
import { transferTicket } from "@/lib/domain/registrations/transfer";
import { attendeeSnapshot } from "@/lib/domain/registrations/snapshot";
import { findEvent } from "./events";
import { parseOr422, requireId } from "./route";
import { afterCursor, cursorAt, decodeCursor, toPage } from "./pagination";
import { NoBody, TransferTicketBody, type ApiAttendee, type ApiTicketTransfer, type ListAttendeesQuery, type Page } from "./schemas";

export function toApiAttendee(a: AttendeeRow, ticketTypeName: string): ApiAttendee {
  return {
    ...attendeeSnapshot(a, ticketTypeName),
    eventId: a.event_id,
    orderId: a.order_id,
    transferredTo: a.transferred_to,
    createdAt: a.created_at.toISOString(),
  };
}

function attendeesOf(db: Db, orgId: string) {
  return db
    .selectFrom("attendees")
    .innerJoin("ticket_types", "ticket_types.id", "attendees.ticket_type_id")
    .selectAll("attendees")
    .select("ticket_types.name as ticket_type_name")
    .where("attendees.org_id", "=", orgId);
}

export async function listAttendees(db: Db, orgId: string, q: z.output<typeof ListAttendeesQuery>): Promise<Page<ApiAttendee>> {
  let query = attendeesOf(db, orgId).select(cursorAt("attendees").as("cursor_at"));
  if (q.eventId) query = query.where("attendees.event_id", "=", q.eventId);
  if (q.orderId) query = query.where("attendees.order_id", "=", q.orderId);
  if (q.status) query = query.where("attendees.status", "=", q.status);
  if (q.cursor) query = query.where(afterCursor("attendees", decodeCursor(q.cursor)));
  const rows = await query.orderBy("attendees.created_at", "desc").orderBy("attendees.id", "desc").limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => toApiAttendee(r, r.ticket_type_name));
}

/** One event's attendees: 404 when the event is not the organization's. */
export async function listEventAttendees(
  db: Db,
  orgId: string,
  eventId: string,
  q: Omit<z.output<typeof ListAttendeesQuery>, "eventId">,
): Promise<Page<ApiAttendee>> {
  await findEvent(db, orgId, eventId);
  return listAttendees(db, orgId, { ...q, eventId });
}

export async function getAttendee(db: Db, orgId: string, attendeeId: string): Promise<ApiAttendee> {
  requireId(attendeeId, "Attendee");
  const row = await attendeesOf(db, orgId).where("attendees.id", "=", attendeeId).executeTakeFirst();
  if (!row) throw new NotFoundError("Attendee");
  return toApiAttendee(row, row.ticket_type_name);
}

type AttendeeChange = (db: Db, orgId: string, attendeeId: string) => Promise<unknown>;

/** A body-less change to one ticket, answered with the attendee as it is afterwards. */
async function changeAttendee(db: Db, orgId: string, attendeeId: string, body: unknown, change: AttendeeChange): Promise<ApiAttendee> {
  requireId(attendeeId, "Attendee");
  parseOr422(NoBody, body);
  await change(db, orgId, attendeeId);
  return getAttendee(db, orgId, attendeeId);
}

/** A free ticket only, as on the event page: a paid one is refunded instead (409 says so). */
export const cancelAttendee = (db: Db, orgId: string, attendeeId: string, body: unknown) =>
  changeAttendee(db, orgId, attendeeId, body, cancelRegistration);

/** Once: a repeat answers the attendee as checked in, with the first time, and tells nobody again. */
export const checkInAttendee = (db: Db, orgId: string, attendeeId: string, body: unknown) => changeAttendee(db, orgId, attendeeId, body, checkIn);

export const undoAttendeeCheckIn = (db: Db, orgId: string, attendeeId: string, body: unknown) =>
  changeAttendee(db, orgId, attendeeId, body, undoCheckIn);

export async function transferAttendee(db: Db, orgId: string, attendeeId: string, body: unknown): Promise<ApiTicketTransfer> {
  requireId(attendeeId, "Attendee");
  const v = parseOr422(TransferTicketBody, body);
  const { from, to } = await transferTicket(db, orgId, attendeeId, v);
  return { from: await getAttendee(db, orgId, from.id), to: await getAttendee(db, orgId, to.id) };
}
