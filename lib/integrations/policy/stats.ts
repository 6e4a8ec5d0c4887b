// What the connector page and the health page show of connections' calls: each
// reader takes many connections at once, so a page over every connection of an
// organization costs a few grouped queries, not a few per connection.
import { sql, type Selectable } from "kysely";
import type { Db } from "@/lib/db/client";
import type { BreakerState, IntegrationCallsTable } from "@/lib/db/schema";
import { ratesByKey, type OutcomeRates } from "@/lib/db/outcome-rates";
import { loadBreakers, type StoredBreaker } from "./breaker-store";

export interface BreakerStatus {
  state: BreakerState;
  /** When the current open spell began (moves on each failed half-open test): what the next test call counts from. */
  openedAt: Date | null;
  /** When the breaker first tripped, kept through half-open retests until it closes: how long calls have been failing. */
  trippedAt: Date | null;
  /** When the next call will be let through as a test call; null unless open. */
  reopensAt: Date | null;
}

const CLOSED: BreakerStatus = { state: "closed", openedAt: null, trippedAt: null, reopensAt: null };

function statusOf(row: StoredBreaker | undefined): BreakerStatus {
  if (!row) return CLOSED;
  const reopensAt = row.state === "open" && row.openedAt && row.snapshot ? new Date(row.openedAt.getTime() + row.snapshot.halfOpenAfterMs) : null;
  return { state: row.state, openedAt: row.openedAt, trippedAt: row.state === "closed" ? null : row.trippedAt, reopensAt };
}

export async function breakerStatus(db: Db, connectionId: string): Promise<BreakerStatus> {
  return (await breakerStatuses(db, [connectionId])).get(connectionId)!;
}

/** Every given connection's breaker; one without a stored breaker is closed. */
export async function breakerStatuses(db: Db, connectionIds: readonly string[]): Promise<Map<string, BreakerStatus>> {
  const rows = await loadBreakers(db, connectionIds);
  return new Map(connectionIds.map((id) => [id, statusOf(rows.get(id))]));
}

export type CallStats = OutcomeRates;

/** A connection's call log in the shape the shared aggregates read. */
export function callRows(connectionIds: readonly string[], sinceHours: number) {
  return sql`
    select connection_id::text as key, created_at as at, outcome, latency_ms
    from integration_calls
    where connection_id = any(${connectionIds}::uuid[]) and created_at > now() - ${sinceHours} * interval '1 hour'`;
}

export async function callStats(db: Db, connectionId: string, sinceHours = 24): Promise<CallStats> {
  return (await callStatsByConnection(db, [connectionId], sinceHours)).get(connectionId)!;
}

/** Each given connection's calls over the last `sinceHours`, in one grouped query; none is all zeros. */
export function callStatsByConnection(db: Db, connectionIds: readonly string[], sinceHours = 24): Promise<Map<string, CallStats>> {
  return ratesByKey(db, callRows(connectionIds, sinceHours), connectionIds);
}

/** The call log rows as stored, newest first. */
export type CallLogEntry = Pick<
  Selectable<IntegrationCallsTable>,
  "id" | "operation" | "outcome" | "http_status" | "latency_ms" | "attempt" | "error" | "created_at"
>;

/** Which rows of the call log to show: all, or only the attempts that failed or were refused. */
export type CallLogFilter = "all" | "errors";

export async function recentCalls(db: Db, connectionId: string, limit = 50, filter: CallLogFilter = "all"): Promise<CallLogEntry[]> {
  let q = db
    .selectFrom("integration_calls")
    .select(["id", "operation", "outcome", "http_status", "latency_ms", "attempt", "error", "created_at"])
    .where("connection_id", "=", connectionId);
  if (filter === "errors") q = q.where("outcome", "<>", "success");
  return q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit).execute();
}
