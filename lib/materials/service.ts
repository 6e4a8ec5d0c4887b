// An event's materials: files an organizer shares with the event's paid
// attendees. Adding or removing one records its fact in the same transaction,
// so e-mail and shared folders (Drive, OneDrive) follow from the outbox.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import type { FileRow } from "@/lib/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/domain/errors";
import type { MaterialSnapshot } from "@/lib/domain/outbox/catalog";
import { recordDomainEvent } from "@/lib/domain/outbox/record";
import { eventSnapshot } from "@/lib/domain/events/snapshot";
import { removeFile } from "@/lib/files/removal";

export function materialSnapshot(f: FileRow): MaterialSnapshot {
  return { id: f.id, filename: f.filename, contentType: f.content_type, size: Number(f.size_bytes) };
}

async function lockMaterial(tx: Tx, orgId: string, eventId: string, fileId: string): Promise<FileRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) return undefined;
  return tx
    .selectFrom("files")
    .selectAll()
    .where("id", "=", fileId)
    .where("org_id", "=", orgId)
    .where("event_id", "=", eventId)
    .where("purpose", "=", "material")
    .forUpdate()
    .executeTakeFirst();
}

async function eventOf(tx: Tx, orgId: string, eventId: string) {
  const event = await tx.selectFrom("events").selectAll().where("id", "=", eventId).where("org_id", "=", orgId).executeTakeFirst();
  if (!event) throw new NotFoundError("Event");
  return event;
}

/**
 * Announces a finished material upload (event.material_added). Asking twice for
 * the same file announces it once, so a retried request sends no second e-mail.
 */
export async function addMaterial(db: Db, orgId: string, eventId: string, fileId: string): Promise<FileRow> {
  return db.transaction().execute(async (tx) => {
    const event = await eventOf(tx, orgId, eventId);
    if (event.status === "cancelled") throw new ConflictError("A cancelled event takes no new materials.");
    const file = await lockMaterial(tx, orgId, eventId, fileId);
    if (!file || file.status !== "stored") throw new ValidationError({ materials: ["That upload is not finished or was removed; choose the file again."] });
    const told = await tx
      .selectFrom("domain_events")
      .select("id")
      .where("org_id", "=", orgId)
      .where("aggregate_id", "=", eventId)
      .where("type", "=", "event.material_added")
      .where(sql<boolean>`payload->'material'->>'id' = ${fileId}`)
      .executeTakeFirst();
    if (!told) {
      await recordDomainEvent(tx, { orgId, type: "event.material_added", aggregateId: eventId, payload: { event: eventSnapshot(event), material: materialSnapshot(file) } });
    }
    return file;
  });
}

export async function removeMaterial(db: Db, orgId: string, eventId: string, fileId: string): Promise<{ removed: boolean }> {
  return db.transaction().execute(async (tx) => {
    const event = await eventOf(tx, orgId, eventId);
    const file = await lockMaterial(tx, orgId, eventId, fileId);
    if (!file) throw new NotFoundError("Material");
    if (!(await removeFile(tx, orgId, fileId))) return { removed: false };
    // An upload that never finished was never announced, so there is nothing to take back.
    if (file.status === "stored") {
      await recordDomainEvent(tx, { orgId, type: "event.material_removed", aggregateId: eventId, payload: { event: eventSnapshot(event), material: materialSnapshot(file) } });
    }
    return { removed: true };
  });
}

/** Who receives an event's materials: attendees holding a valid ticket (paid, or free and confirmed). */
export async function materialRecipients(db: Db, orgId: string, eventId: string) {
  return db
    .selectFrom("attendees")
    .innerJoin("events", "events.id", "attendees.event_id")
    .select(["attendees.id", "attendees.name", "attendees.email", "events.slug", "events.ends_at"])
    .where("attendees.org_id", "=", orgId)
    .where("attendees.event_id", "=", eventId)
    .where("attendees.status", "=", "paid")
    .orderBy("attendees.created_at")
    .execute();
}
