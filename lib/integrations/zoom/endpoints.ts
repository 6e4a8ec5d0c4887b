// Zoom splits OAuth (zoom.us) and the REST API (api.zoom.us); the sandbox serves both under one base.
export const ZOOM_LIVE_BASE = "https://api.zoom.us/";

export interface ZoomEndpoints {
  /** The REST API's base, ending in /v2/. */
  api: string;
  authorize: string;
  token: string;
  revoke: string;
}

export function zoomEndpoints(baseUrl: string): ZoomEndpoints {
  if (baseUrl === ZOOM_LIVE_BASE) {
    return { api: `${ZOOM_LIVE_BASE}v2/`, authorize: "https://zoom.us/oauth/authorize", token: "https://zoom.us/oauth/token", revoke: "https://zoom.us/oauth/revoke" };
  }
  return { api: `${baseUrl}v2/`, authorize: `${baseUrl}oauth/authorize`, token: `${baseUrl}oauth/token`, revoke: `${baseUrl}oauth/revoke` };
}
