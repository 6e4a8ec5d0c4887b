// The last step of connecting by keys, shared by the API-key form and by OAuth
// grants that stand for keys (Stripe Connect): prove the credentials work, let
// the connector finish its side (Stripe creates the webhook endpoint), and store
// them sealed. Nothing is stored when any step fails, and an account another
// organization already has connected is refused before the connector touches it.
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import { ConflictError, ValidationError } from "@/lib/domain/errors";
import { appUrl } from "@/lib/config";
import { ProviderCallError, type ConnectionMode, type Connector, type OAuthAccount } from "../contract";
import { credentialFields } from "../forms";
import type { Keyring } from "@/lib/vault";
import { connectorContext } from "./context";
import { storeConnected } from "./credentials";

/** Where a provider sends its callbacks for one connection. */
export function inboundWebhookUrl(connectorId: string, connectionId: string): string {
  return `${appUrl()}/api/webhooks/${connectorId}?connection=${connectionId}`;
}

/** Turns a provider's refusal of the credentials into an error on the field that holds them. */
export function credentialError(connector: Connector, err: unknown): Error {
  if (err instanceof ProviderCallError && (err.failure.kind === "auth" || err.failure.kind === "invalid")) {
    const fields = credentialFields(connector);
    const field = fields.find((f) => f.name === err.failure.field) ?? fields.find((f) => f.type === "secret") ?? fields[0];
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

/** Whether another organization has a live connection to this provider account. */
export async function linkedElsewhere(db: Db, q: { connectorId: string; mode: ConnectionMode; accountId: string; orgId: string }): Promise<boolean> {
  const row = await db
    .selectFrom("connections")
    .select("org_id")
    .where("connector_id", "=", q.connectorId)
    .where("mode", "=", q.mode)
    .where("external_account_id", "=", q.accountId)
    .where("status", "<>", "disconnected")
    .where("org_id", "<>", q.orgId)
    .executeTakeFirst();
  return row !== undefined;
}

export function accountLinkedMessage(connector: Connector, accountName: string): string {
  return `The ${connector.name} account "${accountName}" is already connected to another organization. Disconnect it there first, or use another account.`;
}

// The first credential field is the one that picks the account (instance name, client ID, key).
function accountLinkedError(connector: Connector, account: OAuthAccount): ValidationError {
  const message = accountLinkedMessage(connector, account.name || account.id);
  return new ValidationError({ [credentialFields(connector)[0]?.name ?? "_form"]: [message] }, message);
}

const isAccountKeyViolation = (err: unknown) =>
  (err as { code?: unknown })?.code === "23505" && (err as { constraint?: unknown }).constraint === "connections_external_account_key";

export async function establishKeyConnection(
  db: Db,
  keyring: Keyring,
  input: { connector: Connector; row: ConnectionRow; mode: ConnectionMode; credentials: unknown; userId: string; scopes?: string[] },
): Promise<{ account: OAuthAccount; detail: string }> {
  const { connector, row, mode } = input;
  // The attempt is logged against the connection even when it fails.
  const ctx = await connectorContext(db, keyring, connector, { ...row, mode }, { credentials: input.credentials });
  let tested;
  try {
    tested = await connector.testConnection(ctx);
  } catch (err) {
    throw credentialError(connector, err);
  }
  // Checked before afterConnect, which may point the account's callbacks at this connection.
  if (tested.account.id && (await linkedElsewhere(db, { connectorId: connector.id, mode, accountId: tested.account.id, orgId: row.org_id }))) {
    throw accountLinkedError(connector, tested.account);
  }
  let stored = input.credentials as Record<string, unknown>;
  if (connector.afterConnect) {
    try {
      const extra = await connector.afterConnect(ctx, { webhookUrl: inboundWebhookUrl(connector.id, row.id) });
      stored = { ...stored, ...(extra ?? {}) };
    } catch (err) {
      throw credentialError(connector, err);
    }
  }
  const secretNames = credentialFields(connector).filter((f) => f.type === "secret").map((f) => f.name);
  const secretFields = Object.fromEntries(secretNames.map((name) => [name, String(stored[name] ?? "")]));
  const secretField = secretNames[0];
  const secret = secretField ? (secretFields[secretField] ?? null) : null;
  try {
    await storeConnected(db, keyring, row.id, { mode, credentials: stored, secret, secretFields, account: tested.account, scopes: input.scopes, userId: input.userId });
  } catch (err) {
    // Another organization connected the same account between the check and now.
    if (isAccountKeyViolation(err)) throw accountLinkedError(connector, tested.account);
    throw err;
  }
  return tested;
}
