// Zoom's token formats. Access tokens live an hour of sandbox time; Zoom rotates
// refresh tokens, so each refresh retires the one it used (oauth.ts).
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const ZOOM_TOKENS = grantTokens({
  accessToken: () => `sbx-zoom-access-${randomToken(36)}`,
  refreshToken: () => `sbx-zoom-refresh-${randomToken(30)}`,
});
