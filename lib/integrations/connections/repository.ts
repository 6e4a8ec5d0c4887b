// Connection rows: one per organization and connector. Every read is scoped by org.
import type { Db, DbOrTx } from "@/lib/db/client";
import type { ConnectionMode, ConnectionRow } from "@/lib/db/schema";
import type { ConnectionInfo } from "../contract";
import { askForAlertEvaluation } from "../policy/attention";

export async function findConnection(db: DbOrTx, orgId: string, connectorId: string): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("connector_id", "=", connectorId)
    .executeTakeFirst();
}

export async function listConnections(db: Db, orgId: string): Promise<ConnectionRow[]> {
  return db.selectFrom("connections").selectAll().where("org_id", "=", orgId).execute();
}

/**
 * The row exists before any credential does, so that the first provider calls
 * (a key test, an OAuth code exchange) have a connection to be logged against.
 * Its mode may change only while nothing is connected.
 */
export async function ensureConnectionRow(
  db: Db,
  input: { orgId: string; connectorId: string; mode: ConnectionMode; userId: string },
): Promise<ConnectionRow> {
  await db
    .insertInto("connections")
    .values({ org_id: input.orgId, connector_id: input.connectorId, mode: input.mode, connected_by: input.userId })
    .onConflict((oc) =>
      oc
        .columns(["org_id", "connector_id"])
        .doUpdateSet({ mode: input.mode, updated_at: new Date() })
        .where("connections.credentials_sealed", "is", null),
    )
    .execute();
  return (await findConnection(db, input.orgId, input.connectorId))!;
}

export function connectionInfo(row: ConnectionRow): ConnectionInfo {
  return {
    id: row.id,
    orgId: row.org_id,
    connectorId: row.connector_id,
    mode: row.mode,
    externalAccountId: row.external_account_id,
    scopes: row.scopes,
    enabled: row.status !== "disabled",
  };
}

/**
 * Flags a working connection for a person to reconnect, with the reason shown on
 * its page (a provider saying the grant is gone). A disabled or disconnected one
 * keeps its status; true when the flag was set now.
 */
export async function markNeedsAttention(db: DbOrTx, connectionId: string, reason: string): Promise<boolean> {
  const res = await db
    .updateTable("connections")
    .set({ status: "needs_attention", status_reason: reason, updated_at: new Date() })
    .where("id", "=", connectionId)
    .where("status", "=", "connected")
    .returning("org_id")
    .executeTakeFirst();
  if (!res) return false;
  await askForAlertEvaluation(db, res.org_id);
  return true;
}
