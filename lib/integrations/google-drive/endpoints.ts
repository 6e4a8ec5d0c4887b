// Google splits its OAuth endpoints across hosts; the sandbox serves them all under one base.
const LIVE_BASE = "https://www.googleapis.com/";

export interface DriveEndpoints {
  rootUrl: string;
  authorize: string;
  token: string;
  revoke: string;
  /** Where resumable uploads start (googleapis' own uploads use the same path). */
  upload: string;
}

export function driveEndpoints(baseUrl: string): DriveEndpoints {
  const oauth =
    baseUrl === LIVE_BASE
      ? { authorize: "https://accounts.google.com/o/oauth2/v2/auth", token: "https://oauth2.googleapis.com/token", revoke: "https://oauth2.googleapis.com/revoke" }
      : { authorize: `${baseUrl}o/oauth2/v2/auth`, token: `${baseUrl}token`, revoke: `${baseUrl}revoke` };
  return { rootUrl: baseUrl, upload: `${baseUrl}upload/drive/v3/files`, ...oauth };
}

export const DRIVE_LIVE_BASE = LIVE_BASE;
