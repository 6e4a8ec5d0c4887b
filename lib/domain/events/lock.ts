import type { Tx } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { NotFoundError } from "../errors";

/** The event row, locked for the rest of the transaction; another organization's id finds nothing. */
export async function lockEvent(tx: Tx, orgId: string, eventId: string): Promise<EventRow> {
  const event = await tx.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).forUpdate().executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}
