// Where the Microsoft identity platform and Graph are, for the connectors that
// use them. They are two hosts (login.microsoftonline.com, per tenant, and
// graph.microsoft.com); the sandbox serves both under one base.
export const GRAPH_LIVE_BASE = "https://graph.microsoft.com/";
export const GRAPH_VERSION = "v1.0";

export interface GraphEndpoints {
  /** Graph's root without the version (the SDK's baseUrl). */
  graphRoot: string;
  authorize: string;
  token: string;
}

/** The directory users sign in to, from the connector's own variable: "common" (any work, school or personal account) unless it names one. */
export function tenantFrom(variable: string, env: Record<string, string | undefined> = process.env): string {
  const tenant = env[variable]?.trim() || "common";
  // A tenant is a GUID, a domain, or one of common/organizations/consumers: never a path.
  if (!/^[A-Za-z0-9.-]+$/.test(tenant)) throw new Error(`${variable} must be a tenant id, a domain or "common", not "${tenant}"`);
  return tenant;
}

export function graphEndpoints(baseUrl: string, tenant: string): GraphEndpoints {
  const login = baseUrl === GRAPH_LIVE_BASE ? "https://login.microsoftonline.com/" : baseUrl;
  return {
    graphRoot: baseUrl.replace(/\/$/, ""),
    authorize: `${login}${tenant}/oauth2/v2.0/authorize`,
    token: `${login}${tenant}/oauth2/v2.0/token`,
  };
}
