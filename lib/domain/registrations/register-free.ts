// Registration for free tickets, straight from the public page. The event row is
// locked for the whole check-and-insert so concurrent registrations queue and
// the last place cannot be given out twice.
import type { Db } from "@/lib/db/client";
import type { OrderRow, AttendeeRow } from "@/lib/db/schema";
import { ConflictError, parseOrThrow, ValidationError } from "../errors";
import { lockEventOpenForSale, placesLeftMessage } from "../events/open-for-sale";
import { recordDomainEvent } from "../outbox/record";
import { eventSnapshot } from "../events/snapshot";
import { soldCount } from "../events/service";
import { registrationInput } from "./input";
import { planReminders } from "../reminders/schedule";
import { insertOrderWithAttendees } from "../orders/insert";
import { attendeeSnapshot, orderSnapshot } from "./snapshot";

export interface Registration {
  order: OrderRow;
  attendees: AttendeeRow[];
}

export async function registerFree(db: Db, slug: string, input: unknown): Promise<Registration> {
  const v = parseOrThrow(registrationInput, input);
  return db.transaction().execute(async (tx) => {
    const event = await lockEventOpenForSale(tx, slug);
    const ticketType = await tx
      .selectFrom("ticket_types")
      .selectAll()
      .where("id", "=", v.ticketTypeId)
      .where("event_id", "=", event.id)
      .executeTakeFirst();
    if (!ticketType) throw new ValidationError({ ticketTypeId: ["This ticket type is not offered for this event"] });
    if (ticketType.price_minor > 0) {
      throw new ConflictError("This ticket has a price; paid tickets are bought through checkout.");
    }
    const [eventTaken, typeTaken] = await Promise.all([
      soldCount(tx, event.id),
      soldCount(tx, event.id, ticketType.id),
    ]);
    const left = Math.min(event.capacity - eventTaken, ticketType.quantity - typeTaken);
    if (left < v.quantity) {
      throw new ConflictError(placesLeftMessage(left));
    }
    // Nothing is owed on a free ticket, so the order is settled at once.
    const { order, attendees } = await insertOrderWithAttendees(tx, {
      event,
      buyer: v,
      status: "paid",
      totalMinor: 0,
      currency: ticketType.currency,
      lines: [{ ticketTypeId: ticketType.id, quantity: v.quantity }],
    });
    await planReminders(tx, { attendeeIds: attendees.map((a) => a.id) });
    await recordDomainEvent(tx, {
      orgId: event.org_id,
      type: "registration.created",
      aggregateId: order.id,
      payload: {
        event: eventSnapshot(event),
        order: orderSnapshot(order),
        attendees: attendees.map((a) => attendeeSnapshot(a, ticketType.name)),
      },
    });
    return { order, attendees };
  });
}
