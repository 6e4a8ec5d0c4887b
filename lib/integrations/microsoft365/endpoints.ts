// The Microsoft identity platform (login.microsoftonline.com, per tenant) and
// Graph (graph.microsoft.com) are two hosts; the sandbox serves both under one base.
export const MICROSOFT365_LIVE_BASE = "https://graph.microsoft.com/";
export const GRAPH_VERSION = "v1.0";

export interface Microsoft365Endpoints {
  /** Graph's root without the version (the SDK's baseUrl). */
  graphRoot: string;
  authorize: string;
  token: string;
}

/** The directory users sign in to: "common" (any work, school or personal account) unless MICROSOFT365_TENANT names one. */
export function microsoftTenant(env: Record<string, string | undefined> = process.env): string {
  const tenant = env.MICROSOFT365_TENANT?.trim() || "common";
  // A tenant is a GUID, a domain, or one of common/organizations/consumers: never a path.
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) throw new Error(`MICROSOFT365_TENANT must be a tenant id, a domain or "common", not "${tenant}"`);
  return tenant;
}

export function microsoftEndpoints(baseUrl: string, tenant = microsoftTenant()): Microsoft365Endpoints {
  const login = baseUrl === MICROSOFT365_LIVE_BASE ? "https://login.microsoftonline.com/" : baseUrl;
  return {
    graphRoot: baseUrl.replace(/\/$/, ""),
    authorize: `${login}${tenant}/oauth2/v2.0/authorize`,
    token: `${login}${tenant}/oauth2/v2.0/token`,
  };
}
