// Revoking, expiring and minting Google's OAuth tokens without the consent screen, for tests.
import { bad } from "../core/control";
import type { CredentialControl } from "../core/provider-module";
import { findApp, SANDBOX_APPS } from "../oauth/apps";
import type { GoogleCalendarState } from "./state";
import { ACCESS_TOKEN_SECONDS, createGrant, expireAll, issueAccessToken, revokeAll, revokeToken } from "./tokens";

const ALL_SCOPES = ["openid", "email", "profile", "https://www.googleapis.com/auth/calendar"];

export const calendarCredentials: CredentialControl<GoogleCalendarState> = {
  revoke: (state, token) => (token !== undefined ? Number(revokeToken(state, token)) : revokeAll(state)),
  expire: (state, nowMs) => expireAll(state, nowMs),
  mint(state, scopes, input, nowMs) {
    const clientId = typeof input.clientId === "string" ? input.clientId : SANDBOX_APPS[0]!.clientId;
    if (!findApp(clientId)) return bad("unknown clientId");
    const grant = createGrant(state, { clientId, scopes: scopes ?? ALL_SCOPES, offline: true, nonce: null });
    return {
      status: 201,
      body: {
        access_token: issueAccessToken(state, grant, nowMs),
        refresh_token: grant.refreshToken,
        expires_in: ACCESS_TOKEN_SECONDS,
        scope: grant.scopes.join(" "),
        token_type: "Bearer",
      },
    };
  },
};
