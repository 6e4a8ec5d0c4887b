// Requests are labelled by the route pattern Next.js matched, from the build's
// routes-manifest.json, never by the raw path: ids and slugs make no series.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRouteLabeler, PUBLIC_FILE_ROUTE, routeLabeler, timeRequest, UNMATCHED_ROUTE } from "@/lib/metrics/http";
import { metricsRegistry } from "@/lib/metrics/registry";

function distDir() {
  const dir = mkdtempSync(path.join(tmpdir(), "routes-"));
  writeFileSync(
    path.join(dir, "routes-manifest.json"),
    JSON.stringify({
      staticRoutes: [
        { page: "/api/v1/events", regex: "^/api/v1/events(?:/)?$" },
        { page: "/api/v1/events/search", regex: "^/api/v1/events/search(?:/)?$" },
      ],
      dynamicRoutes: [
        { page: "/api/v1/events/[eventId]", regex: "^/api/v1/events/([^/]+?)(?:/)?$" },
        { page: "/e/[slug]", regex: "^/e/([^/]+?)(?:/)?$" },
      ],
    }),
  );
  return dir;
}

describe("request metrics", () => {
  const label = routeLabeler(distDir());

  it("labels a path with the pattern of the route it matched", () => {
    expect(label("/api/v1/events")).toBe("/api/v1/events");
    expect(label("/api/v1/events/search")).toBe("/api/v1/events/search");
    expect(label("/api/v1/events/8c1f3a2e-0000-4000-8000-000000000000")).toBe("/api/v1/events/[eventId]");
    expect(label("/e/summer-party")).toBe("/e/[slug]");
    expect(label("/_next/static/chunks/main.js")).toBe("/_next/static");
    expect(label("/wp-admin/setup.php")).toBe(UNMATCHED_ROUTE);
  });

  it("labels files under public/ as public, not unmatched", () => {
    const publicDir = mkdtempSync(path.join(tmpdir(), "public-"));
    mkdirSync(path.join(publicDir, "logos"));
    writeFileSync(path.join(publicDir, "logos", "zoom.svg"), "<svg/>");
    writeFileSync(path.join(publicDir, "robots.txt"), "");
    const withPublic = routeLabeler(distDir(), publicDir);
    expect(withPublic("/logos/zoom.svg")).toBe(PUBLIC_FILE_ROUTE);
    expect(withPublic("/robots.txt")).toBe(PUBLIC_FILE_ROUTE);
    expect(withPublic("/logos/nothing.svg")).toBe(UNMATCHED_ROUTE);
    expect(withPublic("/api/v1/events/")).toBe("/api/v1/events");
  });

  it("finds static routes by exact lookup, never by trying the dynamic patterns", () => {
    let tried = 0;
    const counting = { page: "/[...all]", regex: "^/(.+?)(?:/)?$" };
    const table = createRouteLabeler({ staticRoutes: [{ page: "/api/v1/events", regex: "^/api/v1/events(?:/)?$" }], dynamicRoutes: [counting] });
    // Counts the catch-all's tests (it would match every path) by watching RegExp.prototype.test.
    const source = new RegExp(counting.regex).source;
    const test = RegExp.prototype.test;
    RegExp.prototype.test = function (this: RegExp, str: string) {
      if (this.source === source) tried++;
      return test.call(this, str);
    };
    try {
      expect(table("/api/v1/events")).toBe("/api/v1/events");
      expect(table("/api/v1/events/")).toBe("/api/v1/events");
      expect(tried).toBe(0);
      expect(table("/anything/else")).toBe("/[...all]");
      expect(table("/anything/else")).toBe("/[...all]");
      expect(tried).toBe(1);
    } finally {
      RegExp.prototype.test = test;
    }
  });

  it("remembers labels up to its bound, then labels without remembering", () => {
    const bounded = createRouteLabeler({ staticRoutes: [], dynamicRoutes: [{ page: "/e/[slug]", regex: "^/e/([^/]+?)(?:/)?$" }], memoLimit: 3 });
    for (let i = 0; i < 10; i++) expect(bounded(`/e/party-${i}`)).toBe("/e/[slug]");
    expect(bounded("/wp-admin")).toBe(UNMATCHED_ROUTE);
    expect(bounded.memoised()).toBe(3);
  });

  it("labels everything outside /_next as unmatched without a build", () => {
    const none = routeLabeler(path.join(tmpdir(), "no-such-build"));
    expect(none("/api/v1/events/1")).toBe(UNMATCHED_ROUTE);
    expect(none("/_next/image")).toBe("/_next");
  });

  it("counts and times a request by method, route and status, folding odd methods into one", async () => {
    timeRequest("GET", "/api/v1/events/[eventId]")(200);
    timeRequest("BREW", "/api/v1/events/[eventId]")(405);
    const json = await metricsRegistry().getMetricsAsJSON();
    const counts = json.find((m) => m.name === "switchboard_http_requests_total")!.values;
    expect(counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: "GET", route: "/api/v1/events/[eventId]", status: "200" }, value: 1 }),
        expect.objectContaining({ labels: { method: "OTHER", route: "/api/v1/events/[eventId]", status: "405" }, value: 1 }),
      ]),
    );
    const durations = json.find((m) => m.name === "switchboard_http_request_duration_seconds")!.values;
    expect(durations.find((v) => (v as { metricName?: string }).metricName === "switchboard_http_request_duration_seconds_count" && v.labels.method === "GET")?.value).toBe(1);
  });
});
