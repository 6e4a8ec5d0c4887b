// Revoking, expiring and minting QuickBooks tokens without the consent screen, for tests.
import { bad } from "../core/control";
import type { CredentialControl } from "../core/provider-module";
import { findApp, SANDBOX_APPS } from "../oauth/apps";
import { QUICKBOOKS_SCOPES } from "./oauth";
import type { QuickBooksState } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, expireAll, issueAccessToken, revokeAll, revokeToken } from "./tokens";

export const quickbooksCredentials: CredentialControl<QuickBooksState> = {
  revoke: (state, token) => (token !== undefined ? Number(revokeToken(state, token)) : revokeAll(state)),
  expire: (state, nowMs) => expireAll(state, nowMs),
  mint(state, scopes, input, nowMs) {
    const clientId = typeof input.clientId === "string" ? input.clientId : SANDBOX_APPS[0]!.clientId;
    if (!findApp(clientId)) return bad("unknown clientId");
    const grant = createGrant(state, clientId, scopes ?? QUICKBOOKS_SCOPES, nowMs);
    return { status: 201, body: { access_token: issueAccessToken(state, grant, nowMs), refresh_token: grant.refreshToken, expires_in: ACCESS_TOKEN_SECONDS, realmId: state.company.realmId, token_type: "bearer" } };
  },
};
