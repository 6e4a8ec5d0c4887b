// Graph for OneDrive's calls, through the shared client (../microsoft-graph). An
// upload session's URL is its own credential and must be sent no token, so
// chunks go through a client without one.
import type { Client } from "@microsoft/microsoft-graph-client";
import { graphClientAt, graphLinkAt } from "../microsoft-graph/client";
import { onedriveEndpoints } from "./endpoints";
import type { OneDriveContext } from "./manifest";

const root = (baseUrl: string) => onedriveEndpoints(baseUrl, "common").graphRoot;

export function graphClient(baseUrl: string, accessToken: string): Client {
  return graphClientAt(root(baseUrl), accessToken);
}

export function graph(ctx: Pick<OneDriveContext, "baseUrl" | "credentials">): Client {
  return graphClient(ctx.baseUrl, ctx.credentials.accessToken);
}

export function uploadClient(baseUrl: string): Client {
  return graphClientAt(root(baseUrl), null);
}

/** A link Graph handed out (an upload URL) as the SDK's api() takes it. */
export function graphLink(baseUrl: string, link: string): string {
  return graphLinkAt(root(baseUrl), link);
}
