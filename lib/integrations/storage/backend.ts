// Which backend keeps an organization's new files: its connected storage
// connection that takes the file's purpose (the oldest, when there are several),
// else the local disk. A disabled connection takes nothing new, but still serves
// and removes what it holds.
import type { DbOrTx } from "@/lib/db/client";
import type { ConnectionRow, FilePurpose } from "@/lib/db/schema";
import type { Connector, ConnectorContext } from "../contract";
import type { StorageCapability } from "../contract/storage";
import { loadConnector } from "../registry";

export interface StorageConnection {
  row: ConnectionRow;
  connector: Connector;
  storage: StorageCapability<ConnectorContext>;
}

function takes(storage: StorageCapability<ConnectorContext>, purpose: FilePurpose): boolean {
  return !storage.purposes || storage.purposes.includes(purpose);
}

/** The connection new files of this purpose go to; null: the local disk. */
export async function storageFor(db: DbOrTx, orgId: string, purpose: FilePurpose): Promise<StorageConnection | null> {
  const rows = await db.selectFrom("connections").selectAll().where("org_id", "=", orgId).where("status", "=", "connected").orderBy("created_at").execute();
  for (const row of rows) {
    const connector = await loadConnector(row.connector_id);
    if (connector?.storage && takes(connector.storage, purpose)) return { row, connector, storage: connector.storage };
  }
  return null;
}

/** The connection that holds a file's bytes, whatever its status now. */
export async function storageOf(db: DbOrTx, connectionId: string): Promise<StorageConnection> {
  const row = await db.selectFrom("connections").selectAll().where("id", "=", connectionId).executeTakeFirstOrThrow();
  const connector = await loadConnector(row.connector_id);
  if (!connector?.storage) throw new Error(`${connector?.name ?? row.connector_id} does not keep files`);
  return { row, connector, storage: connector.storage };
}

/** Opens a storage connection's context (credentials, policy): given by the caller, so this file needs no context of its own. */
export type OpenStorage = (s: StorageConnection, opts?: { timeoutMs?: number }) => Promise<ConnectorContext>;
