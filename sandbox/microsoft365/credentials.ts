// Revoking (a user removing the app's consent: refresh answers invalid_grant),
// expiring and minting tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { GRANTABLE_SCOPES, grantedScopeString } from "./oauth";
import { MICROSOFT365_TOKENS } from "./tokens";

export const microsoft365Credentials = grantCredentials(MICROSOFT365_TOKENS, {
  scopes: GRANTABLE_SCOPES,
  answer: (grant, accessToken) => ({ access_token: accessToken, refresh_token: grant.refreshToken, expires_in: MICROSOFT365_TOKENS.accessSeconds, scope: grantedScopeString(grant.scopes), token_type: "Bearer" }),
});
