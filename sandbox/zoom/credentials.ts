// Revoking, expiring and minting Zoom tokens without the consent screen, for tests.
import { grantCredentials } from "../oauth/credentials";
import { ZOOM_TOKENS } from "./tokens";

const ALL_SCOPES = ["user:read:user", "meeting:read:meeting", "meeting:read:list_meetings", "meeting:write:meeting", "meeting:update:meeting", "meeting:delete:meeting"];

export const zoomCredentials = grantCredentials(ZOOM_TOKENS, {
  scopes: ALL_SCOPES,
  answer: (grant, accessToken) => ({ access_token: accessToken, refresh_token: grant.refreshToken, expires_in: ZOOM_TOKENS.accessSeconds, scope: grant.scopes.join(" "), token_type: "bearer" }),
});
