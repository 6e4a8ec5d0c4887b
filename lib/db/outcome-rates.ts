// Counts, error rate and latency percentiles over a log of attempts (provider
// calls, webhook delivery attempts), grouped by a key or by time bucket. One SQL
// shape for every log: the caller hands in its rows as (key, at, outcome,
// latency_ms), so the connector page, the health table and the charts agree on
// what an error rate and a p95 are.
import { sql, type RawBuilder } from "kysely";
import type { Db } from "./client";

export interface OutcomeRates {
  /** Attempts that reached the other side (one call may make several). */
  calls: number;
  failures: number;
  /** Attempts refused on our side: circuit open, rate limit exhausted. */
  rejected: number;
  /** failures / calls, 0 when there were none. */
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export const NO_OUTCOMES: Readonly<OutcomeRates> = Object.freeze({ calls: 0, failures: 0, rejected: 0, errorRate: 0, p50Ms: null, p95Ms: null });

/**
 * A log's rows in the one shape the aggregates read: `key` text, `at` timestamptz,
 * `outcome` 'success' | 'failure' | 'rejected', `latency_ms` number.
 */
export type OutcomeRows = RawBuilder<unknown>;

const aggregates = sql`
  count(*) filter (where outcome <> 'rejected') as calls,
  count(*) filter (where outcome = 'failure') as failures,
  count(*) filter (where outcome = 'rejected') as rejected,
  percentile_cont(0.5) within group (order by latency_ms) filter (where outcome <> 'rejected') as p50,
  percentile_cont(0.95) within group (order by latency_ms) filter (where outcome <> 'rejected') as p95`;

interface AggregateRow {
  calls: string | null;
  failures: string | null;
  rejected: string | null;
  p50: number | null;
  p95: number | null;
}

function ratesOf(r: AggregateRow): OutcomeRates {
  const calls = Number(r.calls ?? 0);
  const failures = Number(r.failures ?? 0);
  return {
    calls,
    failures,
    rejected: Number(r.rejected ?? 0),
    errorRate: calls === 0 ? 0 : failures / calls,
    p50Ms: r.p50 === null ? null : Number(r.p50),
    p95Ms: r.p95 === null ? null : Number(r.p95),
  };
}

/** The rates of each key in `keys`; a key without rows gets zeros. */
export async function ratesByKey(db: Db, rows: OutcomeRows, keys: readonly string[]): Promise<Map<string, OutcomeRates>> {
  const out = new Map<string, OutcomeRates>(keys.map((k) => [k, NO_OUTCOMES]));
  if (keys.length === 0) return out;
  const result = await sql<AggregateRow & { key: string }>`select key, ${aggregates} from (${rows}) as r group by key`.execute(db);
  for (const r of result.rows) out.set(r.key, ratesOf(r));
  return out;
}

export interface Buckets {
  /** Start of the first bucket; buckets are [start, start + step). */
  first: Date;
  stepMs: number;
  count: number;
}

export interface BucketRates extends OutcomeRates {
  start: Date;
}

/**
 * The rates per time bucket, every bucket present: one without rows counts zero
 * calls and has no percentiles (null, not 0 ms: nothing was measured).
 */
export async function ratesPerBucket(db: Db, rows: OutcomeRows, b: Buckets): Promise<BucketRates[]> {
  const step = sql`(${b.stepMs}::bigint * interval '1 millisecond')`;
  const first = sql`${b.first.toISOString()}::timestamptz`;
  const result = await sql<AggregateRow & { start: Date }>`
    with agg as (
      select ${first} + floor(extract(epoch from r.at - ${first}) * 1000 / ${b.stepMs}::float8) * ${step} as start, ${aggregates}
      from (${rows}) as r
      where r.at >= ${first} and r.at < ${first} + ${b.count}::int * ${step}
      group by 1
    )
    select s.start, agg.calls, agg.failures, agg.rejected, agg.p50, agg.p95
    from generate_series(${first}, ${first} + ${b.count - 1}::int * ${step}, ${step}) as s(start)
    left join agg on agg.start = s.start
    order by s.start`.execute(db);
  return result.rows.map((r) => ({ start: new Date(r.start), ...ratesOf(r) }));
}
