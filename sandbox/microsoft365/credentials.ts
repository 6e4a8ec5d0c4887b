// Revoking (a user removing the app's consent: refresh answers invalid_grant),
// expiring and minting tokens without the consent screen, for tests.
import { bad } from "../core/control";
import type { CredentialControl } from "../core/provider-module";
import { findApp, SANDBOX_APPS } from "../oauth/apps";
import { GRANTABLE_SCOPES, grantedScopeString } from "./oauth";
import type { Microsoft365State } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, expireAll, issueAccessToken, revokeToken } from "./tokens";

export const microsoft365Credentials: CredentialControl<Microsoft365State> = {
  revoke: (state, token) => revokeToken(state, token),
  expire: (state, nowMs) => expireAll(state, nowMs),
  mint(state, scopes, input, nowMs) {
    const clientId = typeof input.clientId === "string" ? input.clientId : SANDBOX_APPS[0]!.clientId;
    if (!findApp(clientId)) return bad("unknown clientId");
    const grant = createGrant(state, clientId, scopes ?? GRANTABLE_SCOPES);
    return { status: 201, body: { access_token: issueAccessToken(state, grant, nowMs), refresh_token: grant.refreshToken, expires_in: ACCESS_TOKEN_SECONDS, scope: grantedScopeString(grant.scopes), token_type: "Bearer" } };
  },
};
