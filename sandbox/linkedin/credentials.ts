// Revoking, expiring and minting LinkedIn tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { LINKEDIN_TOKENS } from "./tokens";

export const LINKEDIN_SCOPES = ["openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin"];

export const linkedinCredentials = grantCredentials(LINKEDIN_TOKENS, {
  scopes: LINKEDIN_SCOPES,
  answer: (grant, accessToken) => ({ access_token: accessToken, expires_in: LINKEDIN_TOKENS.accessSeconds, refresh_token: grant.refreshToken, refresh_token_expires_in: LINKEDIN_TOKENS.refreshSeconds, scope: grant.scopes.join(",") }),
});
