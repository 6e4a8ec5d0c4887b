import { google } from "googleapis";
import type { OAuthClient } from "../contract";
import { googleEndpoints } from "./endpoints";

export function oauthClient(baseUrl: string, app?: OAuthClient, redirectUri?: string) {
  const e = googleEndpoints(baseUrl);
  return new google.auth.OAuth2({
    clientId: app?.clientId,
    clientSecret: app?.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: e.authorize, oauth2TokenUrl: e.token, oauth2RevokeUrl: e.revoke },
  });
}

/** A Calendar API client for one access token; refreshing is ours to do (single-flight), not the SDK's. */
export function calendarClient(baseUrl: string, accessToken: string) {
  const auth = oauthClient(baseUrl);
  auth.setCredentials({ access_token: accessToken });
  return google.calendar({ version: "v3", auth, rootUrl: googleEndpoints(baseUrl).rootUrl, retry: false } as never) as ReturnType<typeof google.calendar>;
}

/**
 * googleapis keeps only the origin of a client-wide rootUrl, so a base with a
 * path (the sandbox's /google/) must be given again on every call.
 */
export function callOptions(baseUrl: string, signal: AbortSignal) {
  return { signal, rootUrl: googleEndpoints(baseUrl).rootUrl };
}
