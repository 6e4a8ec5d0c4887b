// The event's cover image. Setting or clearing it is an edit like any other (the
// form's version guards against two editors), so connectors hear event.updated
// and refresh what they show; the cover it replaces is removed in the same
// transaction, its bytes by the queue.
import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { EventRow } from "@/lib/db/schema";
import { findFile } from "@/lib/files/records";
import { removeFile } from "@/lib/files/removal";
import { ConflictError, parseOrThrow, ValidationError } from "../errors";
import { recordDomainEvent } from "../outbox/record";
import { lockEvent } from "./lock";
import { eventSnapshot } from "./snapshot";

const coverInput = z.object({
  fileId: z.uuid("Choose an image").nullable(),
  version: z.coerce.number().int().min(1, "Missing version: reload the page"),
});

export async function setEventCover(db: Db, orgId: string, eventId: string, input: unknown): Promise<EventRow> {
  const v = parseOrThrow(coverInput, input);
  return db.transaction().execute(async (tx) => {
    const current = await lockEvent(tx, orgId, eventId);
    if (current.version !== v.version) {
      throw new ConflictError("Someone else changed this event since you opened it. Reload the page, then choose the cover again.");
    }
    if (current.status === "cancelled") throw new ConflictError("A cancelled event can no longer be edited.");
    if (current.cover_file_id === v.fileId) return current;
    if (v.fileId) {
      const file = await findFile(tx, orgId, v.fileId);
      if (!file || file.purpose !== "cover" || file.event_id !== eventId || file.status !== "stored") {
        throw new ValidationError({ cover: ["That image was not uploaded for this event's cover; choose it again."] });
      }
    }
    const event = await tx
      .updateTable("events")
      .set({ cover_file_id: v.fileId, version: sql<number>`version + 1`, updated_at: new Date() })
      .where("id", "=", eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (current.cover_file_id) await removeFile(tx, orgId, current.cover_file_id);
    await recordDomainEvent(tx, { orgId, type: "event.updated", aggregateId: event.id, payload: { event: eventSnapshot(event) } });
    return event;
  });
}
