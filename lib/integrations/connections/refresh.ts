// Access tokens are refreshed shortly before they expire. Refresh is single-flight:
// within a process concurrent callers share one promise (so they do not each hold
// a pooled connection while they wait), and across processes they queue on a
// Postgres advisory lock keyed by the connection and re-read the row after taking
// it, so whoever comes second finds fresh tokens and does not refresh again.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { ConnectionRow } from "@/lib/db/schema";
import type { Connector, OAuthTokens } from "../contract";
import { connectionInfo } from "./repository";
import { readCredentials, sealCredentials } from "./credentials";
import { createCall } from "../policy";
import { baseUrlFor } from "../sandbox-url";
import { maskSecret, type Keyring } from "@/lib/vault";
import { oauthClientFor } from "./oauth-client";

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export function needsRefresh(tokens: OAuthTokens, now = Date.now()): boolean {
  return Boolean(tokens.expiresAt) && new Date(tokens.expiresAt!).getTime() - now < REFRESH_MARGIN_MS;
}

const inFlight = new Map<string, Promise<OAuthTokens>>();

export async function freshTokens(db: Db, keyring: Keyring, connector: Connector, row: ConnectionRow): Promise<OAuthTokens> {
  const tokens = await readCredentials<OAuthTokens>(db, keyring, row, connector.name);
  if (!needsRefresh(tokens) || !connector.oauth?.refresh || !tokens.refreshToken) return tokens;
  let pending = inFlight.get(row.id);
  if (!pending) {
    pending = refreshUnderLock(db, keyring, connector, row).finally(() => inFlight.delete(row.id));
    inFlight.set(row.id, pending);
  }
  return pending;
}

/**
 * The cross-process half of freshTokens; each process calls it at most once at a
 * time per connection. `due` decides, under the lock, whether the stored tokens
 * still need refreshing (by default: the access token is about to expire).
 */
export async function refreshUnderLock(
  db: Db,
  keyring: Keyring,
  connector: Connector,
  row: ConnectionRow,
  due: (tokens: OAuthTokens) => boolean = needsRefresh,
): Promise<OAuthTokens> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtextextended(${"oauth-refresh:" + row.id}, 0))`.execute(tx);
    const current = await tx.selectFrom("connections").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    const currentTokens = await readCredentials<OAuthTokens>(tx, keyring, current, connector.name);
    if (!due(currentTokens) || !currentTokens.refreshToken) return currentTokens;

    const refreshed = await connector.oauth!.refresh!({
      refreshToken: currentTokens.refreshToken,
      client: oauthClientFor(connector, current.mode),
      baseUrl: baseUrlFor(connector, current.mode),
      call: createCall({ db, connection: connectionInfo(current), classify: connector.classifyError, secrets: [currentTokens.refreshToken] }),
    });
    // Most providers (Google among them) send no new refresh token: keep the one we have, and its lapse.
    const merged: OAuthTokens = {
      ...refreshed,
      refreshToken: refreshed.refreshToken ?? currentTokens.refreshToken,
      refreshTokenExpiresAt: refreshed.refreshTokenExpiresAt ?? (refreshed.refreshToken ? undefined : currentTokens.refreshTokenExpiresAt),
      scopes: refreshed.scopes.length ? refreshed.scopes : currentTokens.scopes,
    };
    await tx
      .updateTable("connections")
      .set({
        credentials_sealed: sealCredentials(keyring, row.id, merged),
        credentials_hint: maskSecret(merged.accessToken),
        token_expires_at: merged.expiresAt ?? null,
        refresh_token_expires_at: merged.refreshTokenExpiresAt ?? null,
        updated_at: new Date(),
      })
      .where("id", "=", row.id)
      .execute();
    return merged;
  });
}
