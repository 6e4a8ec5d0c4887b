// The channel a connection is listening on now, and the record of stopping it:
// shared by the sync engine and by disconnecting, which stops the channel at the
// provider while the credentials to do so still exist.
import type { Db, DbOrTx } from "@/lib/db/client";
import type { StoredChannel } from "./channels";

const COLUMNS = ["id", "connection_id", "org_id", "channel_id", "resource_id", "expires_at", "status", "cursor"] as const;

export async function activeChannel(db: DbOrTx, connectionId: string): Promise<StoredChannel | undefined> {
  const r = await db.selectFrom("calendar_channels").select(COLUMNS).where("connection_id", "=", connectionId).where("status", "=", "active").executeTakeFirst();
  return r
    ? { id: r.id, connectionId: r.connection_id, orgId: r.org_id, channelId: r.channel_id, resourceId: r.resource_id, expiresAt: r.expires_at, status: r.status, cursor: r.cursor }
    : undefined;
}

/** From now on its notifications are refused (channelSecretMatches looks at active channels only). */
export async function markChannelStopped(db: DbOrTx, id: string): Promise<void> {
  await db.updateTable("calendar_channels").set({ status: "stopped", updated_at: new Date() }).where("id", "=", id).execute();
}

/**
 * The last cursor a channel of the connection on the same resource reached (the
 * provider's resourceId: the calendar it watches), so a reopened channel carries
 * on from there; a channel on another calendar starts afresh.
 */
export async function lastCursor(db: Db, connectionId: string, resourceId: string | null): Promise<string | null> {
  const r = await db
    .selectFrom("calendar_channels")
    .select("cursor")
    .where("connection_id", "=", connectionId)
    .where("cursor", "is not", null)
    .where("resource_id", resourceId === null ? "is" : "=", resourceId)
    .orderBy("updated_at", "desc")
    .executeTakeFirst();
  return r?.cursor ?? null;
}
