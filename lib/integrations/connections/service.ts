// What an admin does with a connection: connect by API key, test, enable or
// disable, change settings, send a test, disconnect. Each is one function the
// settings pages call; provider failures come back as messages, never as crashes.
import type { Db } from "@/lib/db/client";
import { ConflictError, NotFoundError, parseOrThrow } from "@/lib/domain/errors";
import { log } from "@/lib/log";
import type { ConnectionMode, Connector } from "../contract";
import { loadConnector } from "../registry";
import type { Keyring } from "@/lib/vault";
import { connectorContext } from "./context";
import { assertMapChoices } from "./map-choices";
import { appKeyring } from "@/lib/vault/app-keyring";
import { requestCalendarChannel, stopCalendarChannel } from "./calendar-channel";
import { readCredentials, secretValues } from "./credentials";
import { establishKeyConnection, inboundWebhookUrl } from "./establish";
import { connectionInfo, ensureConnectionRow, findConnection } from "./repository";
import { createCall } from "../policy";
import { oauthClientFor } from "./oauth-client";
import { assertModeAvailable, baseUrlFor } from "../sandbox-url";
import { templateInput } from "../templates";
import type { OAuthTokens } from "../contract";

export { inboundWebhookUrl };

export async function requireConnector(id: string): Promise<Connector> {
  const c = await loadConnector(id);
  if (!c) throw new NotFoundError("Integration");
  return c;
}

async function requireConnection(db: Db, orgId: string, connector: Connector) {
  const row = await findConnection(db, orgId, connector.id);
  if (!row || !row.credentials_sealed) throw new ConflictError(`${connector.name} is not connected yet.`);
  return row;
}

export async function connectWithApiKey(
  db: Db,
  keyring: Keyring,
  input: { orgId: string; userId: string; connectorId: string; mode: ConnectionMode; fields: Record<string, unknown> },
) {
  const connector = await requireConnector(input.connectorId);
  if (connector.auth !== "api_key") throw new ConflictError(`${connector.name} connects with OAuth: use the Connect button.`);
  assertModeAvailable(input.mode);
  const credentials = parseOrThrow(connector.credentialsSchema, input.fields);
  const row = await ensureConnectionRow(db, { orgId: input.orgId, connectorId: connector.id, mode: input.mode, userId: input.userId });
  return establishKeyConnection(db, keyring, { connector, row, mode: input.mode, credentials, userId: input.userId });
}

export async function testConnection(db: Db, keyring: Keyring, orgId: string, connectorId: string) {
  const connector = await requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  const ctx = await connectorContext(db, keyring, connector, row);
  const result = await connector.testConnection(ctx);
  if (row.status === "needs_attention") {
    await db.updateTable("connections").set({ status: "connected", status_reason: null, updated_at: new Date() }).where("id", "=", row.id).execute();
  }
  return result;
}

export async function sendTest(db: Db, keyring: Keyring, orgId: string, connectorId: string, to: { email: string; name: string | null }) {
  const connector = await requireConnector(connectorId);
  if (!connector.sendTest) throw new ConflictError(`${connector.name} has no test message.`);
  const row = await requireConnection(db, orgId, connector);
  return connector.sendTest(await connectorContext(db, keyring, connector, row), to);
}

export async function setEnabled(db: Db, orgId: string, connectorId: string, enabled: boolean) {
  const connector = await requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  if (enabled && row.status !== "disabled") return;
  if (!enabled && row.status === "disabled") return;
  await db
    .updateTable("connections")
    .set({ status: enabled ? "connected" : "disabled", updated_at: new Date() })
    .where("id", "=", row.id)
    .execute();
  // A disabled calendar's channel is stopped; enabled again, it listens on a new one.
  await requestCalendarChannel(db, connector, row.id);
}

export async function updateSettings(db: Db, orgId: string, connectorId: string, input: unknown, keyring: Keyring = appKeyring()) {
  const connector = await requireConnector(connectorId);
  const row = await requireConnection(db, orgId, connector);
  const settings = parseOrThrow(connector.settingsSchema, input);
  await assertMapChoices(db, keyring, connector, row, settings as Record<string, unknown>);
  await db
    .updateTable("connections")
    .set({ settings: JSON.stringify(settings), updated_at: new Date() })
    .where("id", "=", row.id)
    .execute();
  // The channel may watch another calendar now, or two-way sync was turned on or off.
  if (JSON.stringify(settings) !== JSON.stringify(row.settings)) await requestCalendarChannel(db, connector, row.id);
  return settings;
}

/** Saves an admin's edit of one of the connector's messages, refusing placeholders it does not fill. */
export async function saveTemplate(db: Db, orgId: string, connectorId: string, key: string, input: unknown) {
  const connector = await requireConnector(connectorId);
  const templates = connector.templates;
  const message = templates?.messages.find((m) => m.key === key);
  if (!templates || !message) throw new NotFoundError("Template");
  await templates.save(db, orgId, key, parseOrThrow(templateInput(message.placeholders ?? templates.placeholders), input));
}

/** Revokes the grant at the provider where it allows that; a failed revoke is logged and does not block. */
export async function disconnect(db: Db, keyring: Keyring, orgId: string, connectorId: string) {
  const connector = await requireConnector(connectorId);
  const row = await findConnection(db, orgId, connector.id);
  if (!row) return;
  if (row.credentials_sealed) await stopCalendarChannel(db, keyring, connector, row);
  if (row.credentials_sealed && connector.oauth?.revoke) {
    try {
      const tokens = await readCredentials<OAuthTokens>(db, keyring, row, connector.name);
      await connector.oauth.revoke({
        tokens,
        client: oauthClientFor(connector, row.mode),
        baseUrl: baseUrlFor(connector, row.mode),
        call: createCall({ db, connection: connectionInfo(row), classify: connector.classifyError, secrets: secretValues(tokens) }),
        accountId: row.external_account_id,
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
      credential_hints: "{}",
      external_account_id: null,
      external_account_name: null,
      scopes: [],
      token_expires_at: null,
      updated_at: new Date(),
    })
    .where("id", "=", row.id)
    .execute();
}
