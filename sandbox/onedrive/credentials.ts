// /_sandbox/revoke, /expire and /tokens for OneDrive's grants.
import { grantCredentials } from "../oauth/credentials";
import { GRANTABLE_SCOPES, grantedScopeString } from "./oauth";
import { ONEDRIVE_TOKENS } from "./tokens";

export const onedriveCredentials = grantCredentials(ONEDRIVE_TOKENS, {
  scopes: GRANTABLE_SCOPES,
  answer: (grant, accessToken) => ({ access_token: accessToken, refresh_token: grant.refreshToken, expires_in: ONEDRIVE_TOKENS.accessSeconds, scope: grantedScopeString(grant.scopes), token_type: "Bearer" }),
});
