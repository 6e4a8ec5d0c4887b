// What a connector created at a provider for one of our objects, so a retried
// delivery updates or skips instead of creating a duplicate.
import type { Db } from "@/lib/db/client";

export interface ExternalRef {
  externalId: string;
  data: Record<string, unknown>;
}

export async function findExternal(db: Db, connectionId: string, kind: string, localId: string): Promise<ExternalRef | undefined> {
  const row = await db
    .selectFrom("external_objects")
    .select(["external_id", "data"])
    .where("connection_id", "=", connectionId)
    .where("kind", "=", kind)
    .where("local_id", "=", localId)
    .executeTakeFirst();
  return row ? { externalId: row.external_id, data: row.data } : undefined;
}

export async function saveExternal(
  db: Db,
  ref: { connectionId: string; orgId: string; kind: string; localId: string; externalId: string; data?: Record<string, unknown> },
): Promise<void> {
  const data = JSON.stringify(ref.data ?? {});
  await db
    .insertInto("external_objects")
    .values({ connection_id: ref.connectionId, org_id: ref.orgId, kind: ref.kind, local_id: ref.localId, external_id: ref.externalId, data })
    .onConflict((oc) => oc.columns(["connection_id", "kind", "local_id"]).doUpdateSet({ external_id: ref.externalId, data, updated_at: new Date() }))
    .execute();
}
