// Every connection of an organization with what the Health page shows of it, in
// a fixed handful of queries whatever the number of connections: the rows, their
// calls (grouped), their breakers, their rate-limit buckets and the deliveries
// waiting on them.
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { ConnectionMode, ConnectionRow, ConnectionStatus } from "@/lib/db/schema";
import type { OutcomeRates } from "@/lib/db/outcome-rates";
import { bucketLevels } from "@/lib/net/token-bucket";
import { connectionRateLimit } from "@/lib/integrations/connections/rate-limit";
import { breakerStatuses, callStatsByConnection, type BreakerStatus } from "@/lib/integrations/policy";
import { findManifest } from "@/lib/integrations/registry";
import { connectionVerdict, type Verdict } from "./verdict";
import { windows, type HealthWindow } from "./windows";

export interface RateLimitUsage {
  /** The provider's quota as the manifest declares it: a burst of `capacity`, refilled at `refillPerSecond`. */
  capacity: number;
  refillPerSecond: number;
  /** Tokens taken and not yet refilled, now: 0 when idle, `capacity` when the next call has to wait. */
  inUse: number;
}

export interface ConnectionHealth {
  kind: "connection";
  id: string;
  connectorId: string;
  name: string;
  mode: ConnectionMode;
  connectionStatus: ConnectionStatus;
  verdict: Verdict;
  lastSuccessAt: Date | null;
  rates: OutcomeRates;
  breaker: BreakerStatus;
  /** Null when the provider declares no quota. */
  rateLimit: RateLimitUsage | null;
  /** Facts for this connection that failed and wait for their next attempt. */
  deliveriesWaiting: number;
  /** The access token's end; null for keys that do not expire. */
  tokenExpiresAt: Date | null;
  /** When the grant itself (the refresh token) ends; null when it does not. */
  grantEndsAt: Date | null;
  /** Its connector page's call log, filtered to failures. */
  href: string;
}

/** The organization's connections that hold credentials (connected, needing attention or disabled). */
async function liveConnections(db: Db, orgId: string): Promise<ConnectionRow[]> {
  return db
    .selectFrom("connections")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("status", "<>", "disconnected")
    .where("credentials_sealed", "is not", null)
    .orderBy("connector_id")
    .execute();
}

/** Deliveries to connection subscribers ("connection:<id>") that failed and are scheduled to retry. */
async function waitingDeliveries(db: Db, orgId: string, connectionIds: readonly string[]): Promise<Map<string, number>> {
  if (connectionIds.length === 0) return new Map();
  const rows = await sql<{ connection_id: string; n: string }>`
    select substr(subscriber, length('connection:') + 1) as connection_id, count(*) as n
    from subscriber_deliveries
    where org_id = ${orgId} and status = 'retrying' and subscriber = any(${connectionIds.map((id) => `connection:${id}`)}::text[])
    group by subscriber`.execute(db);
  return new Map(rows.rows.map((r) => [r.connection_id, Number(r.n)]));
}

export async function connectionsHealth(db: Db, orgId: string, window: HealthWindow, now = new Date()): Promise<ConnectionHealth[]> {
  const rows = await liveConnections(db, orgId);
  const ids = rows.map((r) => r.id);
  const limits = new Map(rows.map((r) => [r.id, connectionRateLimit(findManifest(r.connector_id) ?? { id: r.connector_id }, r)]));
  const keys = [...limits.values()].flatMap((l) => (l ? [l.key] : []));
  const [rates, breakers, levels, waiting] = await Promise.all([
    callStatsByConnection(db, ids, windows[window].hours),
    breakerStatuses(db, ids),
    bucketLevels(db, keys),
    waitingDeliveries(db, orgId, ids),
  ]);
  return rows.map((row) => {
    const limit = limits.get(row.id);
    const level = limit ? levels.get(limit.key) : undefined;
    const facts = {
      status: row.status,
      statusReason: row.status_reason,
      breaker: breakers.get(row.id)!,
      rates: rates.get(row.id)!,
      deliveriesWaiting: waiting.get(row.id) ?? 0,
      grantEndsAt: row.refresh_token_expires_at,
    };
    return {
      kind: "connection" as const,
      id: row.id,
      connectorId: row.connector_id,
      name: findManifest(row.connector_id)?.name ?? row.connector_id,
      mode: row.mode,
      connectionStatus: row.status,
      verdict: connectionVerdict(facts, now),
      lastSuccessAt: row.last_success_at,
      rates: facts.rates,
      breaker: facts.breaker,
      // A bucket never taken from has no row yet: it is full.
      rateLimit: limit ? { capacity: limit.capacity, refillPerSecond: limit.refillPerSecond, inUse: level ? Math.max(0, limit.capacity - level.available) : 0 } : null,
      deliveriesWaiting: facts.deliveriesWaiting,
      tokenExpiresAt: row.token_expires_at,
      grantEndsAt: row.refresh_token_expires_at,
      href: `/settings/integrations/${row.connector_id}?log=errors#health`,
    };
  });
}
