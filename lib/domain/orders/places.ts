// Whether an event still has the places an order wants, counted as every sale
// counts them (pending holds and paid tickets). The caller holds the event's row
// lock (lockEventOpenForSale), so two orders cannot both take the last places.
import type { Tx } from "@/lib/db/client";
import type { EventRow, TicketTypeRow } from "@/lib/db/schema";
import { ConflictError } from "../errors";
import { placesLeftMessage } from "../events/open-for-sale";
import { soldCount } from "../events/service";

export async function assertPlacesLeft(tx: Tx, event: EventRow, wanted: Array<{ type: Pick<TicketTypeRow, "id" | "name" | "quantity">; quantity: number }>): Promise<void> {
  const total = wanted.reduce((n, w) => n + w.quantity, 0);
  const eventLeft = event.capacity - (await soldCount(tx, event.id));
  if (eventLeft < total) throw new ConflictError(placesLeftMessage(eventLeft));
  for (const { type, quantity } of wanted) {
    const left = type.quantity - (await soldCount(tx, event.id, type.id));
    if (left < quantity) throw new ConflictError(left <= 0 ? `${type.name} is sold out.` : `Only ${left} ${type.name} ticket${left === 1 ? "" : "s"} left.`);
  }
}
