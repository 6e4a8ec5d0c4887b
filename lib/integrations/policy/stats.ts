// What the connector page and the health page show of a connection's calls.
import { sql, type Selectable } from "kysely";
import type { Db } from "@/lib/db/client";
import type { BreakerState, IntegrationCallsTable } from "@/lib/db/schema";
import { loadBreaker } from "./breaker-store";

export interface BreakerStatus {
  state: BreakerState;
  openedAt: Date | null;
  /** When the next call will be let through as a test call; null unless open. */
  reopensAt: Date | null;
}

export async function breakerStatus(db: Db, connectionId: string): Promise<BreakerStatus> {
  const row = await loadBreaker(db, connectionId);
  if (!row) return { state: "closed", openedAt: null, reopensAt: null };
  const reopensAt = row.state === "open" && row.openedAt && row.snapshot ? new Date(row.openedAt.getTime() + row.snapshot.halfOpenAfterMs) : null;
  return { state: row.state, openedAt: row.openedAt, reopensAt };
}

export interface CallStats {
  /** Attempts that reached the provider (one call may make several). */
  calls: number;
  failures: number;
  /** Attempts refused on our side: circuit open, rate limit exhausted. */
  rejected: number;
  /** failures / calls, 0 when there were none. */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export async function callStats(db: Db, connectionId: string, sinceHours = 24): Promise<CallStats> {
  const result = await sql<{ calls: string; failures: string; rejected: string; p50: number | null; p95: number | null }>`
    select
      count(*) filter (where outcome <> 'rejected') as calls,
      count(*) filter (where outcome = 'failure') as failures,
      count(*) filter (where outcome = 'rejected') as rejected,
      percentile_cont(0.5) within group (order by latency_ms) filter (where outcome <> 'rejected') as p50,
      percentile_cont(0.95) within group (order by latency_ms) filter (where outcome <> 'rejected') as p95
    from integration_calls
    where connection_id = ${connectionId} and created_at > now() - ${sinceHours} * interval '1 hour'`.execute(db);
  const r = result.rows[0]!;
  const calls = Number(r.calls);
  const failures = Number(r.failures);
  return {
    calls,
    failures,
    rejected: Number(r.rejected),
    errorRate: calls === 0 ? 0 : failures / calls,
    p50Ms: r.p50 === null ? null : Number(r.p50),
    p95Ms: r.p95 === null ? null : Number(r.p95),
  };
}

/** The call log rows as stored, newest first. */
export type CallLogEntry = Pick<
  Selectable<IntegrationCallsTable>,
  "id" | "operation" | "outcome" | "http_status" | "latency_ms" | "attempt" | "error" | "created_at"
>;

export async function recentCalls(db: Db, connectionId: string, limit = 50): Promise<CallLogEntry[]> {
  return db
    .selectFrom("integration_calls")
    .select(["id", "operation", "outcome", "http_status", "latency_ms", "attempt", "error", "created_at"])
    .where("connection_id", "=", connectionId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
