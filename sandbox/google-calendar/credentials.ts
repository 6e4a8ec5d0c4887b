// Revoking, expiring and minting Google's OAuth tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import type { GoogleGrant } from "./state";
import { GOOGLE_TOKENS, normalizeScope } from "./tokens";

const ALL_SCOPES = ["openid", "email", "profile", "https://www.googleapis.com/auth/calendar"];

export const calendarCredentials = grantCredentials<GoogleGrant>(GOOGLE_TOKENS, {
  scopes: ALL_SCOPES,
  grant: (clientId, scopes) => ({ clientId, scopes: scopes.map(normalizeScope), nonce: null, sub: "" }),
  answer: (grant, accessToken) => ({
    access_token: accessToken,
    refresh_token: grant.refreshToken,
    expires_in: GOOGLE_TOKENS.accessSeconds,
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  }),
});
