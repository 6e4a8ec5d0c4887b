// Revoking, expiring and minting QuickBooks tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { QUICKBOOKS_SCOPES } from "./oauth";
import { SANDBOX_REALM_ID } from "./state";
import { QUICKBOOKS_TOKENS } from "./tokens";

export const quickbooksCredentials = grantCredentials(QUICKBOOKS_TOKENS, {
  scopes: QUICKBOOKS_SCOPES,
  answer: (grant, accessToken) => ({ access_token: accessToken, refresh_token: grant.refreshToken, expires_in: QUICKBOOKS_TOKENS.accessSeconds, realmId: SANDBOX_REALM_ID, token_type: "bearer" }),
});
