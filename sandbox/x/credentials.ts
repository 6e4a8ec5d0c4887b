// Revoking, expiring and minting X tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { X_TOKENS } from "./tokens";

export const X_SCOPES = ["tweet.read", "tweet.write", "users.read", "offline.access"];

export const xCredentials = grantCredentials(X_TOKENS, {
  scopes: X_SCOPES,
  answer: (grant, accessToken) => ({ token_type: "bearer", access_token: accessToken, refresh_token: grant.refreshToken, expires_in: X_TOKENS.accessSeconds, scope: grant.scopes.join(" ") }),
});
