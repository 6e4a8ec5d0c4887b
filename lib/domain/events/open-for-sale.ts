// The first step of every registration and checkout: lock the event row (so
// concurrent buyers queue and places are counted once) and check it still sells.
import type { Tx } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "../errors";

export async function lockEventOpenForSale(tx: Tx, slug: string): Promise<EventRow> {
  const event = await tx.selectFrom("events").selectAll().where("slug", "=", slug).forUpdate().executeTakeFirst();
  if (!event || event.status === "draft") throw new NotFoundError("Event");
  if (event.status === "cancelled") throw new ConflictError("This event was cancelled; registration is closed.");
  if (event.ends_at.getTime() < Date.now()) throw new ConflictError("This event is over; registration is closed.");
  return event;
}

export function placesLeftMessage(left: number, what = "place"): string {
  return left <= 0 ? "Sold out: there are no places left." : `Only ${left} ${what}${left === 1 ? "" : "s"} left.`;
}
