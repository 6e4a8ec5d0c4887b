// Requests by route: counted by the node:http front (scripts/serve.ts), so every
// page, route handler and static file is measured, and labelled with the route
// pattern Next.js matched ("/api/v1/events/[eventId]"), never the raw path, so
// ids and slugs do not become series.
import { readdirSync, readFileSync, type Dirent } from "node:fs";
import path from "node:path";
import { LATENCY_BUCKETS, sharedCounter, sharedHistogram } from "./registry";

const requests = sharedCounter({ name: "switchboard_http_requests_total", help: "HTTP requests answered, by method, route pattern and status code", labelNames: ["method", "route", "status"] });
const duration = sharedHistogram({ name: "switchboard_http_request_duration_seconds", help: "Time to answer an HTTP request, by method and route pattern", labelNames: ["method", "route"], buckets: LATENCY_BUCKETS });

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Paths no route matched (404s, probes for /wp-admin) share one label. */
export const UNMATCHED_ROUTE = "unmatched";
/** Files served from public/ (logos and the like) share one label: each is no route of its own. */
export const PUBLIC_FILE_ROUTE = "public";
/** Paths labelled once and remembered; past this, new paths are labelled each time instead (ids and scanners would grow it without end). */
export const ROUTE_MEMO_LIMIT = 5_000;

interface ManifestRoute {
  page: string;
  regex: string;
}

export type RouteLabeler = ((pathname: string) => string) & { readonly memoised: () => number };

export interface RouteTable {
  staticRoutes: ManifestRoute[];
  dynamicRoutes: ManifestRoute[];
  /** Paths of the files under public/, as requested ("/logos/zoom.svg"). */
  publicFiles?: Iterable<string>;
  memoLimit?: number;
}

// Next.js matches a static route with or without one trailing slash.
const withoutTrailingSlash = (p: string) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);

/**
 * Every request is labelled, so the common case is one Map lookup: static
 * routes and public files exactly, dynamic patterns tried only on a miss, and
 * each answer remembered up to a bound.
 */
export function createRouteLabeler(table: RouteTable): RouteLabeler {
  const exact = new Map<string, string>();
  for (const file of table.publicFiles ?? []) exact.set(file, PUBLIC_FILE_ROUTE);
  // Routes after files: Next.js serves a route before a public file of the same path.
  for (const r of table.staticRoutes) exact.set(withoutTrailingSlash(r.page), r.page);
  const dynamic = table.dynamicRoutes.map((r) => ({ page: r.page, re: new RegExp(r.regex) }));
  const limit = table.memoLimit ?? ROUTE_MEMO_LIMIT;
  const memo = new Map<string, string>();

  const label = (pathname: string): string => {
    if (pathname.startsWith("/_next/")) return pathname.startsWith("/_next/static/") ? "/_next/static" : "/_next";
    const known = exact.get(withoutTrailingSlash(pathname)) ?? memo.get(pathname);
    if (known) return known;
    const page = dynamic.find((r) => r.re.test(pathname))?.page ?? UNMATCHED_ROUTE;
    if (memo.size < limit) memo.set(pathname, page);
    return page;
  };
  return Object.assign(label, { memoised: () => memo.size });
}

function filesUnder(dir: string): string[] {
  try {
    return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((e) => e.isFile())
      .map((e) => "/" + path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
  } catch {
    return [];
  }
}

/**
 * Route patterns from the build's routes-manifest.json, the table Next.js itself
 * matches against, and the files under `publicDir`. Without a manifest (no
 * build yet, some dev states) every other path outside /_next is "unmatched"
 * rather than a guess.
 */
export function routeLabeler(distDir: string, publicDir?: string): RouteLabeler {
  let manifest: { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] } = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(distDir, "routes-manifest.json"), "utf8")) as typeof manifest;
  } catch {
    manifest = {};
  }
  return createRouteLabeler({
    staticRoutes: manifest.staticRoutes ?? [],
    dynamicRoutes: manifest.dynamicRoutes ?? [],
    publicFiles: publicDir ? filesUnder(publicDir) : [],
  });
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
