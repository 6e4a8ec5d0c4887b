// Deleting an event: only one that never went on sale (a draft) or was called
// off (cancelled), and never while someone still holds a paid ticket, since the
// orders go with it. The event.deleted fact and the removal of its files commit
// with the deletion; the queue then deletes the bytes wherever they are kept.
import type { Db } from "@/lib/db/client";
import { removeEventFiles } from "@/lib/files/removal";
import { ConflictError } from "../errors";
import { recordDomainEvent } from "../outbox/record";
import { lockEvent } from "./lock";
import { eventSnapshot } from "./snapshot";

export async function deleteEvent(db: Db, orgId: string, eventId: string): Promise<{ filesRemoved: number }> {
  return db.transaction().execute(async (tx) => {
    const event = await lockEvent(tx, orgId, eventId);
    if (event.status === "published") {
      throw new ConflictError("A published event cannot be deleted: people may hold tickets and links to it. Cancel it first, then delete it.");
    }
    // Free registrations go with the event; money does not disappear silently.
    const paid = await tx
      .selectFrom("attendees")
      .innerJoin("orders", "orders.id", "attendees.order_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("attendees.event_id", "=", eventId)
      .where("attendees.status", "=", "paid")
      .where("orders.total_minor", ">", 0)
      .executeTakeFirstOrThrow();
    if (Number(paid.n) > 0) {
      throw new ConflictError(`${paid.n} paid ticket${paid.n === "1" ? " is" : "s are"} still held for this event. Refund ${paid.n === "1" ? "it" : "them"} first, so no payment is left without its order.`);
    }
    await recordDomainEvent(tx, { orgId, type: "event.deleted", aggregateId: event.id, payload: { event: eventSnapshot(event) } });
    const filesRemoved = await removeEventFiles(tx, orgId, eventId);
    await tx.deleteFrom("events").where("id", "=", eventId).where("org_id", "=", orgId).execute();
    return { filesRemoved };
  });
}
