// Google's token formats for the Drive emulation: access tokens live 3599 s of
// sandbox time; a refresh token is never rotated; a revoked grant takes its tokens with it.
import { randomToken } from "../core/ids";
import { grantTokens } from "../oauth/grants";

export const DRIVE_TOKENS = grantTokens({
  accessToken: () => `ya29.sandbox-drive-${randomToken(36)}`,
  refreshToken: () => `1//sandbox-drive-${randomToken(30)}`,
});

export const DRIVE_SCOPES = {
  /** Files the app created or was given: all Switchboard needs. */
  file: "https://www.googleapis.com/auth/drive.file",
  full: "https://www.googleapis.com/auth/drive",
  readonly: "https://www.googleapis.com/auth/drive.readonly",
} as const;

export const KNOWN_SCOPES: Record<string, string> = {
  [DRIVE_SCOPES.file]: "See, edit, create, and delete only the specific Google Drive files you use with this app",
  [DRIVE_SCOPES.full]: "See, edit, create, and delete all of your Google Drive files",
  [DRIVE_SCOPES.readonly]: "See and download all your Google Drive files",
  openid: "Associate you with your personal info on Google",
  email: "See your primary Google Account email address",
  profile: "See your personal info",
  "https://www.googleapis.com/auth/userinfo.email": "See your primary Google Account email address",
  "https://www.googleapis.com/auth/userinfo.profile": "See your personal info",
};
