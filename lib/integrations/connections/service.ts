// What an admin does with a connection: connect by API key, test, enable or
// disable, change settings, send a test, disconnect. Each is one function the
// settings pages call; provider failures come back as messages, never as crashes.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError, parseOrThrow } from "@/lib/domain/errors";
import { log } from "@/lib/log";
import { ProviderCallError, type ConnectionMode, type Connector } from "../contract";
import { findConnector } from "../registry";
import type { Keyring } from "../vault";
import { connectorContext } from "./context";
import { readCredentials, storeConnected } from "./credentials";
import { connectionInfo, ensureConnectionRow, findConnection } from "./repository";
import { createCall } from "../policy";
import { oauthClientFor } from "../oauth/client";
import { baseUrlFor } from "../sandbox-url";
import type { OAuthTokens } from "../contract";
import { appUrl } from "@/lib/config";

/** Where a provider sends its callbacks for one connection. */
export function inboundWebhookUrl(connectorId: string, connectionId: string): string {
  return `${appUrl()}/api/webhooks/${connectorId}?connection=${connectionId}`;
}

export function requireConnector(id: string): Connector {
  const c = findConnector(id);
  if (!c) throw new NotFoundError("Integration");
  return c;
}

async function requireConnection(db: Db, orgId: string, connector: Connector) {
  const row = await findConnection(db, orgId, connector.id);
  if (!row || !row.credentials_sealed) throw new ConflictError(`${connector.name} is not connected yet.`);
  return row;
}

/** Turns a provider's refusal of the typed credentials into an error on the field that holds them. */
function credentialError(connector: Connector, err: unknown): Error {
  if (err instanceof ProviderCallError && (err.failure.kind === "auth" || err.failure.kind === "invalid")) {
    const field = connector.credentialFields.find((f) => f.type === "secret") ?? connector.credentialFields[0];
    return new ValidationError(
      { [field?.name ?? "_form"]: [`${connector.name} refused this ${field?.label ?? "credential"}: ${err.failure.message}`] },
      `${connector.name} refused the credentials; nothing was saved.`,
    );
  }
  if (err instanceof ProviderCallError) {
    return new ConflictError(`${connector.name} could not be reached to check the credentials (${err.failure.message}). Nothing was saved; try again.`);
  }
  return err as Error;
}

export async function connectWithApiKey(
  db: Db,
  keyring: Keyring,
  input: { orgId: string; userId: string; connectorId: string; mode: ConnectionMode; fields: Record<string, unknown> },
) {
  const connector = requireConnector(input.connectorId);
  if (connector.auth !== "api_key") throw new ConflictError(`${connector.name} connects with OAuth: use the Connect button.`);
  const credentials = parseOrThrow(connector.credentialsSchema, input.fields);
  const row = await ensureConnectionRow(db, { orgId: input.orgId, connectorId: connector.id, mode: input.mode, userId: input.userId });
  // Prove the key works before anything is stored; the attempt is still logged.
  const ctx = await connectorContext(db, keyring, connector, { ...row, mode: input.mode }, { credentials });
  let tested;
  try {
    tested = await connector.testConnection(ctx);
  } catch (err) {
    throw credentialError(connector, err);
  }
  let stored = credentials as Record<string, unknown>;
  if (connector.afterConnect) {
    try {
      const extra = await connector.afterConnect(ctx, { webhookUrl: inboundWebhookUrl(connector.id, row.id) });
      stored = { ...stored, ...(extra ?? {}) };
    } catch (err) {
      throw credentialError(connector, err);
    }
  }
  const secretField = connector.credentialFields.find((f) => f.type === "secret");
  const secret = secretField ? String(stored[secretField.name] ?? "") : null;
  await storeConnected(db, keyring, row.id, { mode: input.mode, credentials: stored, secret, account: tested.account, userId: input.userId });
  return tested;
}

export async function testConnection(db: Db, keyring: Keyring, orgId: string, connectorId: string) {
  const connector = requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  const ctx = await connectorContext(db, keyring, connector, row);
  const result = await connector.testConnection(ctx);
  if (row.status === "needs_attention") {
    await db.updateTable("connections").set({ status: "connected", status_reason: null, updated_at: new Date() }).where("id", "=", row.id).execute();
  }
  return result;
}

export async function sendTest(db: Db, keyring: Keyring, orgId: string, connectorId: string, to: { email: string; name: string | null }) {
  const connector = requireConnector(connectorId);
  if (!connector.sendTest) throw new ConflictError(`${connector.name} has no test message.`);
  const row = await requireConnection(db, orgId, connector);
  return connector.sendTest(await connectorContext(db, keyring, connector, row), to);
}

export async function setEnabled(db: Db, orgId: string, connectorId: string, enabled: boolean) {
  const connector = requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  if (enabled && row.status !== "disabled") return;
  if (!enabled && row.status === "disabled") return;
  await db
    .updateTable("connections")
    .set({ status: enabled ? "connected" : "disabled", updated_at: new Date() })
    .where("id", "=", row.id)
    .execute();
}

export async function updateSettings(db: Db, orgId: string, connectorId: string, input: unknown) {
  const connector = requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  const settings = parseOrThrow(connector.settingsSchema, input);
  await db
    .updateTable("connections")
    .set({ settings: JSON.stringify(settings), updated_at: new Date() })
    .where("id", "=", row.id)
    .execute();
  return settings;
}

/** Revokes the grant at the provider where it allows that; a failed revoke is logged and does not block. */
export async function disconnect(db: Db, keyring: Keyring, orgId: string, connectorId: string) {
  const connector = requireConnector(connectorId);
  const row = await findConnection(db, orgId, connector.id);
  if (!row) return;
  if (row.credentials_sealed && connector.oauth?.revoke) {
    try {
      const tokens = await readCredentials<OAuthTokens>(db, keyring, row, connector.name);
      await connector.oauth.revoke({
        tokens,
        client: oauthClientFor(connector, row.mode),
        baseUrl: baseUrlFor(connector, row.mode),
        call: createCall({ db, connection: connectionInfo(row), classify: connector.classifyError, secrets: [tokens.accessToken] }),
      });
    } catch (err) {
      log.warn({ connector: connector.id, err: (err as Error).message }, "revoking the grant failed; disconnecting anyway");
    }
  }
  await db
    .updateTable("connections")
    .set({
      status: "disconnected",
      status_reason: null,
      credentials_sealed: null,
      credentials_hint: null,
      external_account_id: null,
      external_account_name: null,
      scopes: [],
      token_expires_at: null,
      updated_at: new Date(),
    })
    .where("id", "=", row.id)
    .execute();
}
