// Graph through its official SDK, for the connectors that call it. The default
// middleware chain retries on its own and sends the token only to https hosts it
// knows; our call policy retries, and the sandbox is plain http on loopback, so
// the chain here is two links: the bearer token, then fetch. A link that is its
// own credential (an upload session's URL) goes through a client with no token.
import { Client, HTTPMessageHandler, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { GRAPH_VERSION } from "./endpoints";

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

/** A client of Graph at `graphRoot`; with a null token, one that sends none. */
export function graphClientAt(graphRoot: string, accessToken: string | null): Client {
  const middleware = accessToken === null ? [new HTTPMessageHandler()] : [new BearerToken(accessToken), new HTTPMessageHandler()];
  return Client.initWithMiddleware({ baseUrl: graphRoot, defaultVersion: GRAPH_VERSION, middleware });
}

/**
 * A link Graph handed out (nextLink, deltaLink, an upload URL) as the SDK's api()
 * takes it: Graph's own https links are taken whole; the sandbox's http ones are
 * made relative to its Graph root, since the SDK only recognises an absolute
 * link by its https scheme.
 */
export function graphLinkAt(graphRoot: string, link: string): string {
  const prefix = `${graphRoot}/${GRAPH_VERSION}/`;
  return link.startsWith(prefix) ? link.slice(prefix.length) : link;
}
