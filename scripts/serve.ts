// The web server `npm start` and `npm run dev` run: Next.js (its custom-server
// API) behind a plain node:http server of ours. Route handlers cannot see the
// socket and `next start` keeps any X-Forwarded-* a client sends, so before
// Next.js sees a request we write those headers from the socket (or, behind
// TRUST_PROXY_HOPS proxies, append to what they wrote). The per-address rate
// limits, and anything that asks for the scheme or host, then read facts, not
// claims. The job worker still starts inside this process (instrumentation.ts).
//
//   tsx scripts/serve.ts [--dev] [--port 3000] [--hostname 0.0.0.0]
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { trustedProxyHops, withForwardedFromSocket } from "../lib/headers/forwarded";
import { browserFileOrigins, browserPaymentFormOrigins, browserTagOrigins } from "../lib/integrations/browser-origins";
import { routeLabeler, timeRequest } from "../lib/metrics/http";

const say = (line: string) => console.log(`[switchboard] ${line}`);

async function main() {
  const { values } = parseArgs({
    options: { dev: { type: "boolean", default: false }, port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
  });
  const dev = values.dev;
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const hostname = values.hostname ?? process.env.HOST ?? "0.0.0.0";
  const hops = trustedProxyHops();
  // As `next start` / `next dev` would: React and Next.js pick their builds from it when loaded.
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
  // The pages' CSP admits the storage providers' origins (lib/integrations/browser-origins.ts);
  // the middleware reads them from here, since it cannot load the providers' manifests.
  process.env.SWITCHBOARD_FILE_ORIGINS = browserFileOrigins().join(" ");
  process.env.SWITCHBOARD_TAG_ORIGINS = browserTagOrigins().join(" ");
  process.env.SWITCHBOARD_PAYMENT_FORM_ORIGINS = JSON.stringify(browserPaymentFormOrigins());

  const { default: next } = await import("next");
  const app = next({ dev, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Requests are measured here, in front of every route, labelled by the route Next.js matches (lib/metrics/http.ts).
  const routeOf = routeLabeler(path.resolve(dev ? ".next/dev" : ".next"), path.resolve("public"));

  const server = createServer((req, res) => {
    req.headers = withForwardedFromSocket(req.headers, req.socket as { remoteAddress?: string; encrypted?: boolean }, hops);
    const measured = timeRequest(req.method, routeOf((req.url ?? "/").split("?")[0]!));
    res.once("close", () => measured(res.statusCode));
    handle(req, res).catch((err: unknown) => {
      console.error(`[switchboard] request failed: ${(err as Error)?.stack ?? err}`);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  say(`web server on ${hostname}:${port}${dev ? " (development)" : ""}; client address from ${hops === 0 ? "the connection" : `X-Forwarded-For behind ${hops} prox${hops === 1 ? "y" : "ies"}`}`);

  // Stop taking requests, let those in flight finish (briefly), then close Next.js.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    void closed
      .then(() => app.close())
      .catch((err: unknown) => console.error(`[switchboard] while stopping: ${(err as Error).message}`))
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(`[switchboard] the web server could not start: ${(err as Error).message}`);
  process.exit(1);
});
