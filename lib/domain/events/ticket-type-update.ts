// Changing a ticket type after it was added: its name, how many are offered, and
// its price while no ticket of it was issued. A ticket's refund is worked out from
// its type's price, so once one exists the price and currency stay; selling at
// another price is a new ticket type.
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { TicketTypeRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError, parseOrThrow } from "../errors";
import { formatMoney, minorUnitDigits } from "../money";
import { ticketTypeInput } from "./input";
import { lockEvent } from "./lock";
import { soldCount } from "./service";

const tt = ticketTypeInput.shape;
export const ticketTypeUpdateInput = z.object({
  name: tt.name.optional(),
  priceMinor: z
    .number({ error: "Enter the price in minor units, such as 2550 for 25.50" })
    .int("The price is a whole number of minor units, such as 2550 for 25.50")
    .min(0, "The price cannot be negative")
    .max(100_000_000, "The price must be at most 100,000,000 minor units (1,000,000.00)")
    .optional(),
  currency: tt.currency.optional(),
  quantity: tt.quantity.optional(),
});
export type TicketTypeUpdateInput = z.input<typeof ticketTypeUpdateInput>;

export async function updateTicketType(db: Db, orgId: string, eventId: string, ticketTypeId: string, input: unknown): Promise<TicketTypeRow> {
  const v = parseOrThrow(ticketTypeUpdateInput, input);
  if (v.currency !== undefined && v.priceMinor === undefined) {
    throw new ValidationError({ priceMinor: ["Give the price in the new currency as well"] });
  }
  if (v.currency !== undefined && minorUnitDigits(v.currency) > 2) {
    throw new ValidationError({ currency: [`${v.currency} has ${minorUnitDigits(v.currency)} decimal places; only currencies with up to 2 are supported`] });
  }
  return db.transaction().execute(async (tx) => {
    // The event's lock is the one checkout takes to count places: no sale slips in between the count and the change.
    const event = await lockEvent(tx, orgId, eventId);
    const current = await tx.selectFrom("ticket_types").selectAll().where("id", "=", ticketTypeId).where("event_id", "=", eventId).executeTakeFirst();
    if (!current) throw new NotFoundError("Ticket type");
    if (event.status === "cancelled") throw new ConflictError("The event is cancelled; its ticket types can no longer change.");

    const currency = v.currency ?? current.currency.trim();
    const priceMinor = v.priceMinor ?? current.price_minor;
    // The same ceiling as adding a ticket type (1,000,000 in the currency), so an order of the most tickets still fits its total.
    const ceiling = 1_000_000 * 10 ** minorUnitDigits(currency);
    if (priceMinor > ceiling) throw new ValidationError({ priceMinor: [`The price must be at most ${formatMoney(ceiling, currency)}`] });
    if (priceMinor !== current.price_minor || currency !== current.currency.trim()) {
      const issued = await tx.selectFrom("attendees").select("id").where("ticket_type_id", "=", ticketTypeId).limit(1).executeTakeFirst();
      if (issued) {
        throw new ConflictError(
          `Tickets of this type were already issued at ${formatMoney(current.price_minor, current.currency.trim())}, and refunds are worked out from that price. To sell at another price, add a new ticket type.`,
        );
      }
    }
    if (v.quantity !== undefined) {
      const sold = await soldCount(tx, eventId, ticketTypeId);
      if (v.quantity < sold) throw new ConflictError(`The quantity cannot be lower than the ${sold} tickets of this type already taken.`);
    }
    return tx
      .updateTable("ticket_types")
      .set({ name: v.name ?? current.name, price_minor: priceMinor, currency, quantity: v.quantity ?? current.quantity })
      .where("id", "=", ticketTypeId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}
