// The Drive module of googleapis, not the package root: the root loads every Google API at
// start-up (about 1.2 s per process, the worker's and each test file's); this loads one.
import { auth, drive, type drive_v3 } from "googleapis/build/src/apis/drive";
import type { OAuthClient } from "../contract";
import { driveEndpoints } from "./endpoints";

export function oauthClient(baseUrl: string, app?: OAuthClient, redirectUri?: string) {
  const e = driveEndpoints(baseUrl);
  return new auth.OAuth2({
    clientId: app?.clientId,
    clientSecret: app?.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: e.authorize, oauth2TokenUrl: e.token, oauth2RevokeUrl: e.revoke },
  });
}

/** An authorized client for one access token; refreshing is the connection's (single-flight), not the SDK's. */
export function authorizedClient(baseUrl: string, accessToken: string) {
  const client = oauthClient(baseUrl);
  client.setCredentials({ access_token: accessToken });
  return client;
}

/** A Drive v3 client for one access token. */
export function driveClient(baseUrl: string, accessToken: string): drive_v3.Drive {
  return drive({ version: "v3", auth: authorizedClient(baseUrl, accessToken), rootUrl: driveEndpoints(baseUrl).rootUrl, retry: false } as never) as unknown as drive_v3.Drive;
}

/**
 * googleapis keeps only the origin of a client-wide rootUrl, so a base with a
 * path (the sandbox's /google-drive/) must be given again on every call; with
 * it, uploads go to <base>upload/drive/v3/files too.
 */
export function callOptions(baseUrl: string, signal: AbortSignal) {
  return { signal, rootUrl: driveEndpoints(baseUrl).rootUrl };
}
