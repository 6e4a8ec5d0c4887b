// LinkedIn's token formats: access tokens last 60 days; refresh tokens (given to
// apps in LinkedIn's programmatic refresh program) a year, and are not rotated.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const LINKEDIN_TOKENS = grantTokens({
  accessToken: () => `AQVsbx${randomToken(60)}`,
  refreshToken: () => `AQXsbx${randomToken(60)}`,
  accessSeconds: 60 * 86_400,
  refreshSeconds: 365 * 86_400,
});
