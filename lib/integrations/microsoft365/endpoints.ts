// Microsoft 365's hosts: the shared identity platform and Graph endpoints
// (../microsoft-graph), with its own tenant variable.
import { GRAPH_LIVE_BASE, graphEndpoints, tenantFrom, type GraphEndpoints } from "../microsoft-graph/endpoints";

export { GRAPH_VERSION } from "../microsoft-graph/endpoints";
export const MICROSOFT365_LIVE_BASE = GRAPH_LIVE_BASE;
export type Microsoft365Endpoints = GraphEndpoints;

/** The directory users sign in to: "common" (any work, school or personal account) unless MICROSOFT365_TENANT names one. */
export function microsoftTenant(env: Record<string, string | undefined> = process.env): string {
  return tenantFrom("MICROSOFT365_TENANT", env);
}

export function microsoftEndpoints(baseUrl: string, tenant = microsoftTenant()): Microsoft365Endpoints {
  return graphEndpoints(baseUrl, tenant);
}
