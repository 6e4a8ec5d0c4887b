// X's token formats. Access tokens live two hours; X rotates the refresh token on
// every refresh (oauth.ts), so each retires the one it used.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const X_TOKENS = grantTokens({
  accessToken: () => `sbx-x-access-${randomToken(36)}`,
  refreshToken: () => `sbx-x-refresh-${randomToken(30)}`,
  accessSeconds: 7200,
});
