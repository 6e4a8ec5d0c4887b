// Inserting connections directly, for tests of what happens once one exists.
import type { Db } from "../../lib/db/client";
import type { ConnectionMode, ConnectionStatus } from "../../lib/db/schema";
import { sealCredentials } from "../../lib/integrations/connections/credentials";
import { appKeyring } from "../../lib/vault/app-keyring";

export async function insertConnection(
  db: Db,
  input: { orgId: string; connectorId: string; credentials?: unknown; settings?: Record<string, unknown>; status?: ConnectionStatus; mode?: ConnectionMode; externalAccountId?: string; tokenExpiresAt?: Date },
) {
  const row = await db
    .insertInto("connections")
    .values({
      org_id: input.orgId,
      connector_id: input.connectorId,
      mode: input.mode ?? "sandbox",
      status: input.status ?? "connected",
      settings: JSON.stringify(input.settings ?? {}),
      external_account_id: input.externalAccountId ?? null,
      token_expires_at: input.tokenExpiresAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.credentials === undefined) return row;
  return db
    .updateTable("connections")
    .set({ credentials_sealed: sealCredentials(appKeyring(), row.id, input.credentials) })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
