// Requests by route: counted by the node:http front (scripts/serve.ts), so every
// page, route handler and static file is measured, and labelled with the route
// pattern Next.js matched ("/api/v1/events/[eventId]"), never the raw path, so
// ids and slugs do not become series.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LATENCY_BUCKETS, sharedCounter, sharedHistogram } from "./registry";

const requests = sharedCounter({ name: "switchboard_http_requests_total", help: "HTTP requests answered, by method, route pattern and status code", labelNames: ["method", "route", "status"] });
const duration = sharedHistogram({ name: "switchboard_http_request_duration_seconds", help: "Time to answer an HTTP request, by method and route pattern", labelNames: ["method", "route"], buckets: LATENCY_BUCKETS });

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Paths no route matched (404s, probes for /wp-admin) share one label. */
export const UNMATCHED_ROUTE = "unmatched";

interface ManifestRoute {
  page: string;
  regex: string;
}

export type RouteLabeler = (pathname: string) => string;

/**
 * Route patterns from the build's routes-manifest.json, the table Next.js itself
 * matches against. Without a manifest (no build yet, some dev states) every
 * path outside /_next is "unmatched" rather than a guess.
 */
export function routeLabeler(distDir: string): RouteLabeler {
  let routes: Array<{ page: string; re: RegExp }> = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] };
    // Static routes first: "/api/v1/events" must not be taken by a dynamic "/api/v1/[x]".
    routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  } catch {
    routes = [];
  }
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next";
    return routes.find((r) => r.re.test(pathname))?.page ?? UNMATCHED_ROUTE;
  };
}

/** Starts timing one request; call the result with the status code once the answer is sent. */
export function timeRequest(method: string | undefined, route: string): (status: number) => void {
  const m = method && METHODS.has(method) ? method : "OTHER";
  const stop = duration().startTimer({ method: m, route });
  return (status) => {
    stop();
    requests().inc({ method: m, route, status: String(status) });
  };
}
