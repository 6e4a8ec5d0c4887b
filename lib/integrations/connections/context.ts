// Everything a connector needs for one piece of work on one connection: opened
// credentials (OAuth tokens refreshed if they are about to expire), parsed
// settings, the API base for its mode, and the policy-wrapped call function.
import type { Db } from "@/lib/db/client";
import { consume } from "@/lib/rate-limit";
import type { ConnectionRow } from "@/lib/db/schema";
import type { Connector, ConnectorContext, OAuthTokens } from "../contract";
import { freshTokens } from "./refresh";
import { createCall, type PolicyOptions } from "../policy";
import { baseUrlFor } from "../sandbox-url";
import type { Keyring } from "@/lib/vault";
import { readCredentials, secretValues } from "./credentials";
import { connectionInfo } from "./repository";
import { connectionRateLimit } from "./rate-limit";
import { fileAccess } from "../storage/file-access";

export interface ContextOptions {
  policy?: Partial<PolicyOptions>;
  /** Credentials not yet stored (an API key being tested before it is saved). */
  credentials?: unknown;
}

export function parseSettings(connector: Connector, stored: unknown): unknown {
  const parsed = connector.settingsSchema.safeParse(stored ?? {});
  // Settings saved under an older schema fall back to defaults rather than break delivery.
  return parsed.success ? parsed.data : connector.settingsSchema.parse({});
}

export async function connectorContext(
  db: Db,
  keyring: Keyring,
  connector: Connector,
  row: ConnectionRow,
  opts: ContextOptions = {},
): Promise<ConnectorContext> {
  const credentials =
    opts.credentials ??
    (connector.auth === "oauth2"
      ? await freshTokens(db, keyring, connector, row)
      : await readCredentials(db, keyring, row, connector.name));
  const secrets =
    connector.auth === "oauth2"
      ? [(credentials as OAuthTokens).accessToken, (credentials as OAuthTokens).refreshToken ?? ""].filter(Boolean)
      : secretValues(credentials);
  return {
    connection: connectionInfo(row),
    credentials,
    settings: parseSettings(connector, row.settings),
    db,
    baseUrl: baseUrlFor(connector, row.mode),
    limit: (name) => consume(name, `${connector.id}:${row.id}`, db),
    files: fileAccess(db, row.org_id, (s, o) => connectorContext(db, keyring, s.connector, s.row, o?.timeoutMs ? { policy: { timeoutMs: o.timeoutMs, maxAttempts: 1 } } : {})),
    call: createCall({
      db,
      connection: connectionInfo(row),
      classify: connector.classifyError,
      secrets,
      options: opts.policy,
      rateLimit: connectionRateLimit(connector, row),
    }),
  };
}
