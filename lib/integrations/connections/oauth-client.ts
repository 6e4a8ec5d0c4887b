import { ConflictError } from "@/lib/domain/errors";
import type { ConnectionMode, Connector, OAuthClient } from "../contract";

/** The sandbox's OAuth apps accept these; they are not secrets. */
export const SANDBOX_OAUTH_CLIENT: OAuthClient = { clientId: "switchboard-sandbox", clientSecret: "sandbox-client-secret" };

export function oauthClientFor(connector: Connector, mode: ConnectionMode): OAuthClient {
  if (mode === "sandbox") return SANDBOX_OAUTH_CLIENT;
  const client = connector.oauth?.liveClient(process.env);
  if (!client) {
    throw new ConflictError(
      `${connector.name} in live mode needs its OAuth app's client id and secret in the server's environment; see the README's configuration table.`,
    );
  }
  return client;
}
