// X splits its consent page (x.com) from the API (api.x.com); the sandbox serves both under one base.
export const X_LIVE_BASE = "https://api.x.com/";

export interface XEndpoints {
  /** The v2 API's base, ending in /2/. */
  api: string;
  authorize: string;
  token: string;
  revoke: string;
  /** A post's public page. */
  post(id: string): string;
}

export function xEndpoints(baseUrl: string): XEndpoints {
  const authorize = baseUrl === X_LIVE_BASE ? "https://x.com/i/oauth2/authorize" : `${baseUrl}i/oauth2/authorize`;
  const site = baseUrl === X_LIVE_BASE ? "https://x.com/" : baseUrl;
  return { api: `${baseUrl}2/`, authorize, token: `${baseUrl}2/oauth2/token`, revoke: `${baseUrl}2/oauth2/revoke`, post: (id) => `${site}i/web/status/${id}` };
}
