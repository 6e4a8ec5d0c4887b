// What the Health page and the catalog's summary line read: every connection and
// endpoint of the organization over one window, the charts' series over the same
// window, and the counts a person scans first.
import type { Db } from "@/lib/db/client";
import { ratesPerBucket, type BucketRates } from "@/lib/db/outcome-rates";
import { callRows } from "@/lib/integrations/policy";
import { connectionsHealth, type ConnectionHealth } from "./connections";
import { attemptRows, endpointsHealth, type EndpointHealth } from "./endpoints";
import { bucketsFor, windows, type HealthWindow } from "./windows";

export interface HealthSummary {
  connections: number;
  endpoints: number;
  /** Connections and endpoints whose status is "Needs attention". */
  needAttention: number;
  degraded: number;
  /** Connections whose circuit breaker is open or isolated (calls paused). */
  breakersOpen: number;
  /** Deliveries to connections and messages to endpoints that failed and wait to be retried. */
  deliveriesFailing: number;
}

export function summarize(connections: ConnectionHealth[], endpoints: EndpointHealth[]): HealthSummary {
  const all = [...connections, ...endpoints];
  return {
    connections: connections.length,
    endpoints: endpoints.length,
    needAttention: all.filter((x) => x.verdict.level === "attention").length,
    degraded: all.filter((x) => x.verdict.level === "degraded").length,
    breakersOpen: connections.filter((c) => c.breaker.state === "open" || c.breaker.state === "isolated").length,
    deliveriesFailing: connections.reduce((n, c) => n + c.deliveriesWaiting, 0) + endpoints.reduce((n, e) => n + e.messagesWaiting, 0),
  };
}

export interface HealthOverview {
  window: HealthWindow;
  connections: ConnectionHealth[];
  endpoints: EndpointHealth[];
  /** Per bucket, oldest first, every bucket present; null when there is nothing of that kind. */
  series: { calls: BucketRates[] | null; deliveries: BucketRates[] | null };
  summary: HealthSummary;
}

export async function healthOverview(db: Db, orgId: string, window: HealthWindow, now = new Date()): Promise<HealthOverview> {
  const [connections, endpoints] = await Promise.all([connectionsHealth(db, orgId, window, now), endpointsHealth(db, orgId, window)]);
  const buckets = bucketsFor(window, now);
  // The first bucket starts before the window's hours ago (buckets are aligned), so the rows reach back one step more.
  const reach = windows[window].hours + windows[window].stepHours;
  const [calls, deliveries] = await Promise.all([
    connections.length ? ratesPerBucket(db, callRows(connections.map((c) => c.id), reach), buckets) : null,
    endpoints.length ? ratesPerBucket(db, attemptRows(endpoints.map((e) => e.id), reach), buckets) : null,
  ]);
  return { window, connections, endpoints, series: { calls, deliveries }, summary: summarize(connections, endpoints) };
}

/** The catalog's one line: the last 24 hours. */
export async function healthSummary(db: Db, orgId: string, now = new Date()): Promise<HealthSummary> {
  const [connections, endpoints] = await Promise.all([connectionsHealth(db, orgId, "24h", now), endpointsHealth(db, orgId, "24h")]);
  return summarize(connections, endpoints);
}
