// Graph for Microsoft 365's calls, through the shared client (../microsoft-graph).
import type { Client } from "@microsoft/microsoft-graph-client";
import { graphClientAt, graphLinkAt } from "../microsoft-graph/client";
import { microsoftEndpoints } from "./endpoints";

export function graphClient(baseUrl: string, accessToken: string): Client {
  return graphClientAt(microsoftEndpoints(baseUrl, "common").graphRoot, accessToken);
}

/** A nextLink or deltaLink as the SDK's api() takes it. */
export function graphLink(baseUrl: string, link: string): string {
  return graphLinkAt(microsoftEndpoints(baseUrl, "common").graphRoot, link);
}
