// The version (etag, changeKey) of each entry as we last wrote or accepted it,
// kept on the connector's external_objects record of the entry (data.version).
// An entry still at that version is our own write coming back, not a change.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

export interface KnownEntry {
  version: string | null;
  /** We deleted it ourselves (the event was cancelled). */
  deleted: boolean;
}

export async function knownEntry(db: Db, connectionId: string, eventId: string, entryId: string): Promise<KnownEntry | undefined> {
  const r = await db
    .selectFrom("external_objects")
    .select("data")
    .where("connection_id", "=", connectionId)
    .where("local_id", "=", eventId)
    .where("external_id", "=", entryId)
    .executeTakeFirst();
  if (!r) return undefined;
  return { version: typeof r.data.version === "string" ? r.data.version : null, deleted: r.data.deleted === true };
}

export async function recordVersion(db: Db, connectionId: string, eventId: string, entryId: string, version: string): Promise<void> {
  await db
    .updateTable("external_objects")
    .set({ data: sql`data || jsonb_build_object('version', ${version}::text)`, updated_at: new Date() })
    .where("connection_id", "=", connectionId)
    .where("local_id", "=", eventId)
    .where("external_id", "=", entryId)
    .execute();
}
