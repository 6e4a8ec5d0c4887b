// Credentials are sealed with the connection id as associated data and opened
// only on the server, right before a provider call. A ciphertext sealed under an
// older key is re-sealed under the current one the first time it is read.
import type { Db, DbOrTx } from "@/lib/db/client";
import type { ConnectionMode, ConnectionRow } from "@/lib/db/schema";
import { maskSecret, openJson, sealJson, type Keyring } from "@/lib/vault";

export class MissingCredentialsError extends Error {
  constructor(connectorName: string) {
    super(`${connectorName} is not connected: set it up first.`);
    this.name = "MissingCredentialsError";
  }
}

export function sealCredentials(keyring: Keyring, connectionId: string, value: unknown): string {
  return sealJson(keyring, value, connectionId);
}

export async function readCredentials<T>(db: DbOrTx, keyring: Keyring, row: ConnectionRow, connectorName: string): Promise<T> {
  if (!row.credentials_sealed) throw new MissingCredentialsError(connectorName);
  const { value, stale } = openJson<T>(keyring, row.credentials_sealed, row.id);
  if (stale) {
    // Compare-and-set on the old ciphertext: a concurrent writer's newer value wins.
    await db
      .updateTable("connections")
      .set({ credentials_sealed: sealCredentials(keyring, row.id, value) })
      .where("id", "=", row.id)
      .where("credentials_sealed", "=", row.credentials_sealed)
      .execute();
  }
  return value;
}

/** Every string value of a credential object: the policy redacts them from logged errors. */
export function secretValues(credentials: unknown): string[] {
  if (!credentials || typeof credentials !== "object") return [];
  return Object.values(credentials as Record<string, unknown>).filter((v): v is string => typeof v === "string" && v.length >= 8);
}

export interface Connected {
  mode: ConnectionMode;
  credentials: unknown;
  /** The secret whose last characters the page may show. */
  secret: string | null;
  /** Each secret credential field's value by field name, for their masked hints. */
  secretFields?: Record<string, string>;
  account: { id: string; name: string };
  scopes?: string[];
  expiresAt?: string;
  /** When the grant itself lapses (an expiring refresh token). */
  refreshTokenExpiresAt?: string;
  userId: string;
}

function maskedHints(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v).map(([k, v]) => [k, maskSecret(v)]));
}

/** The one write that makes a connection usable: sealed credentials, account, a clean slate. */
export async function storeConnected(db: Db, keyring: Keyring, connectionId: string, c: Connected): Promise<void> {
  await db
    .updateTable("connections")
    .set({
      mode: c.mode,
      status: "connected",
      status_reason: null,
      credentials_sealed: sealCredentials(keyring, connectionId, c.credentials),
      credentials_hint: c.secret ? maskSecret(c.secret) : null,
      credential_hints: JSON.stringify(maskedHints(c.secretFields ?? {})),
      external_account_id: c.account.id || null,
      external_account_name: c.account.name,
      scopes: c.scopes ?? [],
      token_expires_at: c.expiresAt ?? null,
      refresh_token_expires_at: c.refreshTokenExpiresAt ?? null,
      grant_lapse_noticed_for: null,
      connected_by: c.userId,
      last_error: null,
      last_error_at: null,
      updated_at: new Date(),
    })
    .where("id", "=", connectionId)
    .execute();
}
