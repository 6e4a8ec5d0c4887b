// The identity platform's token formats for the OneDrive sandbox; access tokens
// live an hour of sandbox time and refresh tokens rotate, as Microsoft's do.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const ONEDRIVE_TOKENS = grantTokens({
  accessToken: () => `eyJ0eXAiOiJKV1Qi.sbx-onedrive-access-${randomToken(36)}`,
  refreshToken: () => `0.sbx-onedrive-refresh-${randomToken(30)}`,
});
