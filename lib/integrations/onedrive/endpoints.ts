// The Microsoft identity platform (login.microsoftonline.com, per tenant) and
// Graph (graph.microsoft.com) are two hosts; the sandbox serves both under one base.
export const ONEDRIVE_LIVE_BASE = "https://graph.microsoft.com/";
export const GRAPH_VERSION = "v1.0";

/** "common" (work, school and personal accounts) unless ONEDRIVE_TENANT names one directory. */
export function onedriveTenant(env: Record<string, string | undefined> = process.env): string {
  const tenant = env.ONEDRIVE_TENANT?.trim() || "common";
  // A tenant is a GUID, a domain, or one of common/organizations/consumers: never a path.
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) throw new Error(`ONEDRIVE_TENANT must be a tenant id, a domain or "common", not "${tenant}"`);
  return tenant;
}

export function onedriveEndpoints(baseUrl: string, tenant = onedriveTenant()) {
  const login = baseUrl === ONEDRIVE_LIVE_BASE ? "https://login.microsoftonline.com/" : baseUrl;
  return {
    /** Graph's root without the version (the SDK's baseUrl). */
    graphRoot: baseUrl.replace(/\/$/, ""),
    authorize: `${login}${tenant}/oauth2/v2.0/authorize`,
    token: `${login}${tenant}/oauth2/v2.0/token`,
  };
}
