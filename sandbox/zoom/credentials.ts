// Revoking, expiring and minting Zoom tokens without the consent screen, for tests.
import { bad } from "../core/control";
import type { CredentialControl } from "../core/provider-module";
import { findApp, SANDBOX_APPS } from "../oauth/apps";
import type { ZoomState } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, expireAll, issueAccessToken, revokeAll, revokeToken } from "./tokens";

const ALL_SCOPES = ["user:read:user", "meeting:read:meeting", "meeting:read:list_meetings", "meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting"];

export const zoomCredentials: CredentialControl<ZoomState> = {
  revoke: (state, token) => (token !== undefined ? Number(revokeToken(state, token)) : revokeAll(state)),
  expire: (state, nowMs) => expireAll(state, nowMs),
  mint(state, scopes, input, nowMs) {
    const clientId = typeof input.clientId === "string" ? input.clientId : SANDBOX_APPS[0]!.clientId;
    if (!findApp(clientId)) return bad("unknown clientId");
    const grant = createGrant(state, clientId, scopes ?? ALL_SCOPES);
    return { status: 201, body: { access_token: issueAccessToken(state, grant, nowMs), refresh_token: grant.refreshToken, expires_in: ACCESS_TOKEN_SECONDS, scope: grant.scopes.join(" "), token_type: "bearer" } };
  },
};
