// The identity platform's token formats. Access tokens live an hour of sandbox
// time; it rotates refresh tokens, so each refresh retires the one it used (oauth.ts).
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const MICROSOFT365_TOKENS = grantTokens({
  accessToken: () => `eyJ0eXAiOiJKV1Qi.sbx-m365-access-${randomToken(36)}`,
  refreshToken: () => `0.sbx-m365-refresh-${randomToken(30)}`,
});
