// The connection a piece of sync work is for, with its connector's calendarSync
// capability and a fresh context; undefined when there is nothing to sync (the
// connection is gone, disconnected, or its connector keeps no calendar).
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { connectorContext } from "@/lib/integrations/connections/context";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import type { CalendarSyncCapability, CalendarSyncPolicy } from "@/lib/integrations/contract/calendar";
import { loadConnector } from "@/lib/integrations/registry";
import { appKeyring } from "@/lib/vault/app-keyring";

export interface SyncTarget {
  row: ConnectionRow;
  connector: Connector;
  sync: CalendarSyncCapability<ConnectorContext>;
  ctx: ConnectorContext;
  policy: CalendarSyncPolicy;
}

export async function connectionRow(db: Db, connectionId: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirst();
}

/**
 * Only a connected connection with credentials is worked on; one that needs
 * attention waits for a person to reconnect. `anyStatus`: a disabled one too,
 * to stop its channel.
 */
export async function syncTarget(db: Db, connectionId: string, opts: { anyStatus?: boolean } = {}): Promise<SyncTarget | undefined> {
  const row = await connectionRow(db, connectionId);
  if (!row || !row.credentials_sealed || (row.status !== "connected" && !opts.anyStatus)) return undefined;
  const connector = await loadConnector(row.connector_id);
  const sync = connector?.calendarSync as CalendarSyncCapability<ConnectorContext> | undefined;
  if (!connector || !sync) return undefined;
  const ctx = await connectorContext(db, appKeyring(), connector, row);
  return { row, connector, sync, ctx, policy: sync.policy(ctx) };
}
