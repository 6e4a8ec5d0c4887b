// What a metrics scrape answers, on /api/metrics and on a worker's own port:
// who may read it (a bearer token from the environment), and the text
// exposition of this process's registry with the database gauges freshly read.
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { sameSignature } from "@/lib/vault/same-signature";
import { refreshDatabaseGauges } from "./database";
import { metricsRegistry, sharedGauge } from "./registry";

export type MetricsAccess = "off" | "denied" | "granted";

export function metricsAccess(authorization: string | null, token = process.env.METRICS_TOKEN): MetricsAccess {
  if (!token) return "off";
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  // Compared in constant time whatever the lengths (lib/vault/same-signature.ts).
  return sameSignature(given, token) && given.length > 0 ? "granted" : "denied";
}

const readable = sharedGauge({ name: "switchboard_metrics_database_readable", help: "1 when this scrape could read the part's gauges from the database, 0 when they are stale", labelNames: ["part"] });

export async function scrapeMetrics(db: Db): Promise<{ contentType: string; body: string }> {
  const parts = await refreshDatabaseGauges(db);
  for (const { part, ok } of parts) readable().set({ part }, ok ? 1 : 0);
  const failed = parts.filter((p) => !p.ok).map((p) => p.part);
  if (failed.length > 0) log.warn({ parts: failed }, "metrics: could not read some gauges from the database");
  const registry = metricsRegistry();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

export interface MetricsAnswer {
  status: 200 | 401 | 404;
  headers: Record<string, string>;
  body: string;
}

/** The whole answer to one scrape, for the route handler and the worker's metrics server alike. */
export async function answerScrape(authorization: string | null, db: Db): Promise<MetricsAnswer> {
  const access = metricsAccess(authorization);
  const json = { "content-type": "application/json" };
  if (access === "off") {
    return { status: 404, headers: json, body: JSON.stringify({ error: "Metrics are turned off on this server: set METRICS_TOKEN to turn them on (see README, Operations)." }) };
  }
  if (access === "denied") {
    return { status: 401, headers: { ...json, "www-authenticate": 'Bearer realm="metrics"' }, body: JSON.stringify({ error: "Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`." }) };
  }
  const { contentType, body } = await scrapeMetrics(db);
  return { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" }, body };
}
