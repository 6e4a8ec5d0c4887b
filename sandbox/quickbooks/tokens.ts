// Intuit's token formats. Access tokens live an hour of sandbox time; a refresh
// token lapses 100 days after it was issued, and each refresh issues a new one whose
// 100 days start again (Intuit's rolling expiry), so oauth.ts rotates on every refresh.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const QUICKBOOKS_TOKENS = grantTokens({
  accessToken: () => `sbx-qbo-access-${randomToken(36)}`,
  refreshToken: () => `sbx-qbo-refresh-${randomToken(30)}`,
  accessSeconds: 3600,
  refreshSeconds: 100 * 24 * 3600,
});
