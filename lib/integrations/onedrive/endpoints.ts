// OneDrive's hosts: the shared identity platform and Graph endpoints
// (../microsoft-graph), with its own tenant variable.
import { GRAPH_LIVE_BASE, graphEndpoints, tenantFrom, type GraphEndpoints } from "../microsoft-graph/endpoints";

export { GRAPH_VERSION } from "../microsoft-graph/endpoints";
export const ONEDRIVE_LIVE_BASE = GRAPH_LIVE_BASE;

/** "common" (work, school and personal accounts) unless ONEDRIVE_TENANT names one directory. */
export function onedriveTenant(env: Record<string, string | undefined> = process.env): string {
  return tenantFrom("ONEDRIVE_TENANT", env);
}

export function onedriveEndpoints(baseUrl: string, tenant = onedriveTenant()): GraphEndpoints {
  return graphEndpoints(baseUrl, tenant);
}
