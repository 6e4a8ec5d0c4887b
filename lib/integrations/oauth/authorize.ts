// Starting an OAuth connection: the state is random, stored server-side (hashed)
// with its PKCE verifier (sealed), bound to the user who started it, valid for
// ten minutes and usable once.
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/domain/errors";
import type { ConnectionMode, Connector } from "../contract";
import { ensureConnectionRow } from "../connections/repository";
import { assertModeAvailable, baseUrlFor } from "../sandbox-url";
import { seal, type Keyring } from "@/lib/vault";
import { oauthClientFor } from "../connections/oauth-client";
import { pkceChallenge, randomToken, sha256 } from "./pkce";
import { oauthRedirectUri } from "./redirect";

export const STATE_TTL_MS = 10 * 60 * 1000;

export async function startAuthorization(
  db: Db,
  keyring: Keyring,
  input: { orgId: string; userId: string; connector: Connector; mode: ConnectionMode },
): Promise<string> {
  const { connector, mode } = input;
  const oauth = connector.oauth;
  if (!oauth) throw new ConflictError(`${connector.name} connects with an API key, not OAuth.`);
  assertModeAvailable(mode);
  const client = oauthClientFor(connector, mode);
  await ensureConnectionRow(db, { orgId: input.orgId, connectorId: connector.id, mode, userId: input.userId });

  const state = randomToken();
  const stateHash = sha256(state);
  const verifier = oauth.pkce ? randomToken() : null;
  const redirectUri = oauthRedirectUri(connector.id);
  await db
    .insertInto("oauth_states")
    .values({
      state_hash: stateHash,
      org_id: input.orgId,
      user_id: input.userId,
      connector_id: connector.id,
      mode,
      code_verifier_sealed: verifier ? seal(keyring, verifier, stateHash) : null,
      redirect_uri: redirectUri,
      expires_at: new Date(Date.now() + STATE_TTL_MS),
    })
    .execute();

  const url = new URL(oauth.authorizeUrl(baseUrlFor(connector, mode)));
  // An install page knows its app already and sends people to the setup URL set on the app: it reads the state
  // alone. redirect_uri says which setup URL the app must have (the sandbox's app takes it from here).
  if (oauth.answer === "install") {
    url.searchParams.set("state", state);
    url.searchParams.set("redirect_uri", redirectUri);
    return url.toString();
  }
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", oauth.scopes.join(oauth.scopeSeparator));
  url.searchParams.set("state", state);
  if (verifier) {
    url.searchParams.set("code_challenge", pkceChallenge(verifier));
    url.searchParams.set("code_challenge_method", "S256");
  }
  for (const [k, v] of Object.entries(oauth.authorizeParams ?? {})) url.searchParams.set(k, v);
  return url.toString();
}
