// A paid order starts pending: its attendees hold their places (capacity counts
// pending and paid) until the payment succeeds, fails or the hold expires.
import type { Db } from "@/lib/db/client";
import type { AttendeeRow, EventRow, OrderRow, TicketTypeRow } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "../errors";
import { lockEventOpenForSale, placesLeftMessage } from "../events/open-for-sale";
import { soldCount } from "../events/service";
import { checkoutInput } from "./input";
import { insertOrderWithAttendees } from "./insert";
import { NO_CONNECTOR_KINDS, prepareAnswers, rawAnswers, type QuestionEnv } from "../questions/answers";
import { findEventBySlug, parseWithAnswers } from "../questions/registration";

/** How long places are held for a buyer at checkout: just over Stripe's 30-minute minimum session lifetime. */
export const HOLD_MINUTES = 31;

export interface PendingOrder {
  order: OrderRow;
  attendees: AttendeeRow[];
  event: EventRow;
  lines: Array<{ ticketTypeId: string; name: string; unitMinor: number; quantity: number }>;
  /** True when this submit found the order an earlier identical submit created. */
  existing: boolean;
}

/** What one ticket of a type costs this buyer: its price, unless the caller knows better (a member's discount, lib/memberships). */
export type UnitPrice = (type: TicketTypeRow) => number;

/**
 * The lines of an order made earlier, as it was priced then: a repeated submit
 * (a double click, a retry) must open the checkout for the order's own total, not
 * re-price it with whatever the request carries now (a member cookie since gained or lost).
 */
function linesOf(attendees: AttendeeRow[], types: TicketTypeRow[]): PendingOrder["lines"] {
  const lines = new Map<string, PendingOrder["lines"][number]>();
  for (const a of attendees) {
    const t = types.find((x) => x.id === a.ticket_type_id);
    const unitMinor = a.price_paid_minor ?? t?.price_minor ?? 0;
    const key = `${a.ticket_type_id}:${unitMinor}`;
    const line = lines.get(key);
    if (line) line.quantity++;
    else lines.set(key, { ticketTypeId: a.ticket_type_id, name: t?.name ?? "Ticket", unitMinor, quantity: 1 });
  }
  return [...lines.values()];
}

/** The ticket types an order asks for, read leniently so answers are checked even when another field is wrong. */
export function chosenTypes(input: unknown): string[] {
  const items = (input as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.filter((i) => Number(i?.quantity) > 0 && typeof i?.ticketTypeId === "string").map((i) => i.ticketTypeId as string);
}

/**
 * `connectionId` is the gateway connection the checkout opens through; only its
 * callbacks may settle the order. The answers are kept with the order until it settles.
 */
export async function createPendingOrder(
  db: Db,
  slug: string,
  input: unknown,
  provider: string,
  connectionId: string | null = null,
  questions: QuestionEnv = NO_CONNECTOR_KINDS,
  unitPrice: UnitPrice = (t) => t.price_minor,
): Promise<PendingOrder> {
  const parsed = checkoutInput.safeParse(input);
  const found = await findEventBySlug(db, slug);
  const prepared = found ? await prepareAnswers(db, found, chosenTypes(input), rawAnswers(input), questions) : { answers: [], errors: {} };
  const v = parseWithAnswers(parsed, prepared.errors);
  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, slug);

    const types = await tx.selectFrom("ticket_types").selectAll().where("event_id", "=", event.id).execute();
    const lines = v.items.map((item, i) => {
      const t = types.find((x) => x.id === item.ticketTypeId);
      if (!t) throw new ValidationError({ [`items.${i}.ticketTypeId`]: ["This ticket type is not offered for this event"] });
      return { ticketTypeId: t.id, name: t.name, unitMinor: unitPrice(t), quantity: item.quantity, currency: t.currency.trim() };
    });
    // Free lines (a free type, or a member's price) ride along with the paid ones in the same order and hold;
    // all of it free is a registration (registerFreeOrder), which owes nothing and needs no hold.
    const priced = lines.filter((l) => l.unitMinor > 0);
    if (priced.length === 0) throw new ConflictError("These tickets are free: they are registered at once, without checkout.");
    const currencies = new Set(priced.map((l) => l.currency));
    if (currencies.size > 1) throw new ValidationError({ items: ["Tickets in one order must share a currency"] });

    const prior = await tx.selectFrom("orders").selectAll().where("event_id", "=", event.id).where("client_reference", "=", v.attempt).executeTakeFirst();
    if (prior) {
      const attendees = await tx.selectFrom("attendees").selectAll().where("order_id", "=", prior.id).execute();
      return { order: prior, attendees, event, lines: linesOf(attendees, types), existing: true };
    }

    const wanted = lines.reduce((n, l) => n + l.quantity, 0);
    const eventLeft = event.capacity - (await soldCount(tx, event.id));
    if (eventLeft < wanted) throw new ConflictError(placesLeftMessage(eventLeft));
    for (const l of lines) {
      const t = types.find((x) => x.id === l.ticketTypeId)!;
      const left = t.quantity - (await soldCount(tx, event.id, t.id));
      if (left < l.quantity) throw new ConflictError(left <= 0 ? `${t.name} is sold out.` : `Only ${left} ${t.name} ticket${left === 1 ? "" : "s"} left.`);
    }

    const { order, attendees } = await insertOrderWithAttendees(tx, {
      event,
      buyer: v,
      status: "pending",
      totalMinor: lines.reduce((n, l) => n + l.unitMinor * l.quantity, 0),
      currency: priced[0]!.currency,
      lines,
      answers: prepared.answers,
      extra: { payment_provider: provider, payment_connection_id: connectionId, client_reference: v.attempt, analytics_client_id: v.analyticsClientId ?? null, hold_expires_at: new Date(Date.now() + HOLD_MINUTES * 60_000) },
    });
    return { order, attendees, event, lines, existing: false };
  });
}
