// Graph through its official SDK. The default middleware chain retries on its
// own and sends the token only to https hosts it knows; our call policy retries,
// and the sandbox is plain http on loopback, so the chain here is two links: the
// bearer token, then fetch. An upload session's URL is its own credential and
// must be sent no token, so chunks go through a client without that link.
import { Client, HTTPMessageHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { GRAPH_VERSION, onedriveEndpoints } from "./endpoints";
import type { OneDriveContext } from "./manifest";

class BearerToken implements Middleware {
  private next?: Middleware;
  constructor(private readonly accessToken: string) {}
  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const headers = new Headers(options.headers as HeadersInit | undefined);
    headers.set("authorization", `Bearer ${this.accessToken}`);
    options.headers = Object.fromEntries(headers.entries());
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

const root = (baseUrl: string) => onedriveEndpoints(baseUrl, "common").graphRoot;

export function graphClient(baseUrl: string, accessToken: string): Client {
  return Client.initWithMiddleware({ baseUrl: root(baseUrl), defaultVersion: GRAPH_VERSION, middleware: [new BearerToken(accessToken), new HTTPMessageHandler()] });
}

export function graph(ctx: Pick<OneDriveContext, "baseUrl" | "credentials">): Client {
  return graphClient(ctx.baseUrl, ctx.credentials.accessToken);
}

export function uploadClient(baseUrl: string): Client {
  return Client.initWithMiddleware({ baseUrl: root(baseUrl), defaultVersion: GRAPH_VERSION, middleware: [new HTTPMessageHandler()] });
}

/**
 * A link Graph handed out (an upload URL) as the SDK's api() takes it: https
 * links are taken whole; the sandbox's http ones are made relative to its Graph
 * root, since the SDK only recognises an absolute link by its https scheme.
 */
export function graphLink(baseUrl: string, link: string): string {
  const prefix = `${root(baseUrl)}/${GRAPH_VERSION}/`;
  return link.startsWith(prefix) ? link.slice(prefix.length) : link;
}
