// Revoking, expiring and minting Drive tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { DRIVE_SCOPES, DRIVE_TOKENS } from "./tokens";

export const driveCredentials = grantCredentials(DRIVE_TOKENS, {
  scopes: [DRIVE_SCOPES.file],
  answer: (grant, accessToken) => ({
    access_token: accessToken,
    refresh_token: grant.refreshToken,
    expires_in: DRIVE_TOKENS.accessSeconds,
    scope: grant.scopes.join(" "),
    token_type: "Bearer",
  }),
});
