// Graph through its official SDK. The default middleware chain retries on its
// own and sends the token only to https hosts it knows; our call policy retries,
// and the sandbox is plain http on loopback, so the chain here is two links: the
// bearer token, then fetch.
import { Client, HTTPMessageHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { GRAPH_VERSION, microsoftEndpoints } from "./endpoints";

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

export function graphClient(baseUrl: string, accessToken: string): Client {
  return Client.initWithMiddleware({
    baseUrl: microsoftEndpoints(baseUrl, "common").graphRoot,
    defaultVersion: GRAPH_VERSION,
    middleware: [new BearerToken(accessToken), new HTTPMessageHandler()],
  });
}

/**
 * A nextLink or deltaLink as the SDK's api() takes it: Graph's own https links
 * are taken whole; the sandbox's http ones are made relative to its Graph root,
 * since the SDK only recognises an absolute link by its https scheme.
 */
export function graphLink(baseUrl: string, link: string): string {
  const root = `${microsoftEndpoints(baseUrl, "common").graphRoot}/${GRAPH_VERSION}/`;
  return link.startsWith(root) ? link.slice(root.length) : link;
}
