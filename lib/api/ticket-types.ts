// /api/v1 ticket types of an event: list, create and change. Prices are integer
// minor units on the wire; adding a type goes through the admin form's service,
// which takes a decimal string, so the amount is written out exactly in the
// currency's own digits.
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { TicketTypeRow } from "@/lib/db/schema";
import { addTicketType, soldCount } from "@/lib/domain/events/service";
import { updateTicketType } from "@/lib/domain/events/ticket-type-update";
import { ValidationError } from "@/lib/domain/errors";
import { minorUnitDigits } from "@/lib/domain/money";
import { findEvent } from "./events";
import { parseOr422, requireId } from "./route";
import { afterCursor, cursorAt, decodeCursor, toPage } from "./pagination";
import { CreateTicketTypeBody, UpdateTicketTypeBody, type ApiTicketType, type ListTicketTypesQuery, type Page } from "./schemas";

export function toApiTicketType(t: TicketTypeRow, sold: number): ApiTicketType {
  return {
    id: t.id,
    eventId: t.event_id,
    name: t.name,
    priceMinor: t.price_minor,
    currency: t.currency.trim(),
    quantity: t.quantity,
    sold,
    createdAt: t.created_at.toISOString(),
  };
}

export async function listTicketTypes(
  db: Db,
  orgId: string,
  eventId: string,
  q: z.output<typeof ListTicketTypesQuery>,
): Promise<Page<ApiTicketType>> {
  await findEvent(db, orgId, eventId);
  let query = db
    .selectFrom("ticket_types")
    .selectAll("ticket_types")
    .select(cursorAt("ticket_types").as("cursor_at"))
    .select((eb) =>
      eb
        .selectFrom("attendees")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("attendees.ticket_type_id", "=", "ticket_types.id")
        .where("attendees.status", "in", ["pending", "paid"])
        .as("sold"),
    )
    .where("ticket_types.org_id", "=", orgId)
    .where("ticket_types.event_id", "=", eventId);
  if (q.cursor) query = query.where(afterCursor("ticket_types", decodeCursor(q.cursor)));
  const rows = await query.orderBy("ticket_types.created_at", "desc").orderBy("ticket_types.id", "desc").limit(q.limit + 1).execute();
  return toPage(rows, q.limit, (r) => toApiTicketType(r, Number(r.sold ?? 0)));
}

/** 2550 EUR → "25.50"; 500 JPY → "500". */
export function minorToDecimal(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export async function createTicketType(db: Db, orgId: string, eventId: string, body: unknown): Promise<ApiTicketType> {
  await findEvent(db, orgId, eventId);
  const v = parseOr422(CreateTicketTypeBody, body);
  const digits = minorUnitDigits(v.currency);
  if (digits > 2) throw new ValidationError({ currency: [`${v.currency} has ${digits} decimal places; only currencies with up to 2 are supported`] });
  const row = await addTicketType(db, orgId, eventId, {
    name: v.name,
    price: minorToDecimal(v.priceMinor, digits),
    currency: v.currency,
    quantity: v.quantity,
  });
  return toApiTicketType(row, 0);
}

export async function patchTicketType(db: Db, orgId: string, eventId: string, ticketTypeId: string, body: unknown): Promise<ApiTicketType> {
  await findEvent(db, orgId, eventId);
  requireId(ticketTypeId, "Ticket type");
  const v = parseOr422(UpdateTicketTypeBody, body);
  const row = await updateTicketType(db, orgId, eventId, ticketTypeId, v);
  return toApiTicketType(row, await soldCount(db, eventId, ticketTypeId));
}
