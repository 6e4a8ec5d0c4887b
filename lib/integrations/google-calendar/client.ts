// The Calendar module of googleapis, not the package root: the root loads every Google API at
// start-up (about 1.2 s per process, the worker's and each test file's); this loads one.
import { auth, calendar } from "googleapis/build/src/apis/calendar";
import type { OAuthClient } from "../contract";
import { googleEndpoints } from "./endpoints";

export function oauthClient(baseUrl: string, app?: OAuthClient, redirectUri?: string) {
  const e = googleEndpoints(baseUrl);
  return new auth.OAuth2({
    clientId: app?.clientId,
    clientSecret: app?.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: e.authorize, oauth2TokenUrl: e.token, oauth2RevokeUrl: e.revoke },
  });
}

/** A Calendar API client for one access token; refreshing is ours to do (single-flight), not the SDK's. */
export function calendarClient(baseUrl: string, accessToken: string) {
  const client = oauthClient(baseUrl);
  client.setCredentials({ access_token: accessToken });
  return calendar({ version: "v3", auth: client, rootUrl: googleEndpoints(baseUrl).rootUrl, retry: false } as never);
}

/**
 * googleapis keeps only the origin of a client-wide rootUrl, so a base with a
 * path (the sandbox's /google/) must be given again on every call.
 */
export function callOptions(baseUrl: string, signal: AbortSignal) {
  return { signal, rootUrl: googleEndpoints(baseUrl).rootUrl };
}
