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

/**
 * Claims `localId` for one caller among many racing deliveries (a marker written
 * before the provider call): true for the caller whose `owner` holds the claim,
 * whether it wrote it now or on an earlier attempt of the same delivery.
 */
export async function claimExternal(db: Db, ref: { connectionId: string; orgId: string; kind: string; localId: string; owner: string }): Promise<{ mine: boolean; externalId: string }> {
  await db
    .insertInto("external_objects")
    .values({ connection_id: ref.connectionId, org_id: ref.orgId, kind: ref.kind, local_id: ref.localId, external_id: "", data: JSON.stringify({ owner: ref.owner }) })
    .onConflict((oc) => oc.columns(["connection_id", "kind", "local_id"]).doNothing())
    .execute();
  const held = (await findExternal(db, ref.connectionId, ref.kind, ref.localId))!;
  return { mine: held.data.owner === ref.owner, externalId: held.externalId };
}
