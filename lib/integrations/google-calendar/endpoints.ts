// Google splits its OAuth endpoints across hosts; the sandbox serves them all under one base.
const LIVE_BASE = "https://www.googleapis.com/";

export interface GoogleEndpoints {
  rootUrl: string;
  authorize: string;
  token: string;
  revoke: string;
  userinfo: string;
}

export function googleEndpoints(baseUrl: string): GoogleEndpoints {
  if (baseUrl === LIVE_BASE) {
    return {
      rootUrl: LIVE_BASE,
      authorize: "https://accounts.google.com/o/oauth2/v2/auth",
      token: "https://oauth2.googleapis.com/token",
      revoke: "https://oauth2.googleapis.com/revoke",
      userinfo: "https://openidconnect.googleapis.com/v1/userinfo",
    };
  }
  return {
    rootUrl: baseUrl,
    authorize: `${baseUrl}o/oauth2/v2/auth`,
    token: `${baseUrl}token`,
    revoke: `${baseUrl}revoke`,
    userinfo: `${baseUrl}oauth2/v3/userinfo`,
  };
}

export const GOOGLE_LIVE_BASE = LIVE_BASE;
