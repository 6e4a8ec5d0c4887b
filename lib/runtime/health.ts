// What GET /api/health reports: the database, the job queue and the job
// workers, each on its own, so a probe or a person sees which part is down.
// Three small queries, run together, each with a deadline: the queue's count
// reads graphile-worker's partial index of available jobs, and the workers' is
// the heartbeat table (one row per live worker process).
//
// Only a database that does not answer makes the web process "failing" (503):
// load balancers read this, and a stopped worker must not take every web
// instance out of rotation. A failing queue or worker is "degraded" (200),
// named with what to do; a strict check (?strict=1) treats it as failing.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import { livenessSettings } from "@/lib/jobs/liveness";
import { log } from "@/lib/log";

export type PartStatus = "ok" | "failing" | "unknown";

export interface PartReport {
  status: PartStatus;
  /** Why it is failing or unknown, in words an operator can act on. */
  message?: string;
  [detail: string]: unknown;
}

type Part = "database" | "queue" | "worker";

export interface HealthReport {
  status: "ok" | "degraded" | "failing";
  /** The parts that are not ok, so a probe needs not walk `checks`. */
  failingParts: Part[];
  checks: Record<Part, PartReport>;
}

/** 503 only when this process cannot serve (no database); with `strict`, whenever any part is not ok. */
export function healthStatusCode(report: HealthReport, opts: { strict?: boolean } = {}): 200 | 503 {
  if (report.status === "failing") return 503;
  return opts.strict && report.status !== "ok" ? 503 : 200;
}

const DEADLINE_MS = 2_000;

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

// within() stops waiting, not the query: the statement timeout makes the
// database end it too, so a slow database does not pile probe queries up in
// the pool (one connection held per probe until each finishes).
function bounded<T>(db: Db, ms: number, check: (tx: Tx) => Promise<T>): Promise<T> {
  return within(
    ms,
    db.transaction().execute(async (tx) => {
      await sql`select set_config('statement_timeout', ${`${ms}ms`}, true)`.execute(tx);
      return check(tx);
    }),
  );
}

async function database(db: Tx): Promise<PartReport> {
  const started = performance.now();
  await sql`select 1`.execute(db);
  return { status: "ok", latencyMs: Math.round(performance.now() - started) };
}

async function queue(db: Tx): Promise<PartReport> {
  const { rows } = await sql<{ ready: number; oldest_s: number | null }>`
    select count(*)::int as ready, extract(epoch from now() - min(run_at))::float8 as oldest_s
    from graphile_worker._private_jobs
    where is_available and run_at <= now()`.execute(db);
  const r = rows[0];
  return { status: "ok", readyJobs: r?.ready ?? 0, oldestReadyJobSeconds: Math.round(r?.oldest_s ?? 0) };
}

async function worker(db: Tx, staleMs: number): Promise<PartReport> {
  const { rows } = await sql<{ live: number; last_s: number | null }>`
    select count(*) filter (where last_seen_at >= now() - make_interval(secs => ${staleMs}::double precision / 1000))::int as live,
      extract(epoch from now() - max(last_seen_at))::float8 as last_s
    from worker_heartbeats`.execute(db);
  const live = rows[0]?.live ?? 0;
  const lastSeen = rows[0]?.last_s === null || rows[0]?.last_s === undefined ? null : Math.round(rows[0].last_s);
  if (live > 0) return { status: "ok", liveWorkers: live, lastHeartbeatSecondsAgo: lastSeen };
  return {
    status: "failing",
    liveWorkers: 0,
    lastHeartbeatSecondsAgo: lastSeen,
    message:
      lastSeen === null
        ? "No job worker has ever reported in: start one (npm start runs one in the server unless WORKER_IN_PROCESS=false; otherwise npm run worker)."
        : `No job worker has reported in for ${lastSeen} s: facts, deliveries and reminders wait until one runs (npm run worker, or WORKER_IN_PROCESS unset).`,
  };
}

// The cause goes to the server's log only: this answer is public, and a driver's
// error names hosts, ports and users.
function failing(part: string, message: string) {
  return (err: unknown): PartReport => {
    log.warn({ err, part }, "health check failed");
    return { status: "failing", message };
  };
}

export async function healthReport(db: Db, opts: { deadlineMs?: number; staleMs?: number } = {}): Promise<HealthReport> {
  const deadline = opts.deadlineMs ?? DEADLINE_MS;
  const staleMs = opts.staleMs ?? livenessSettings().staleMs;
  const [d, q, w] = await Promise.all([
    bounded(db, deadline, database).catch(failing("database", "The database does not answer; the server's log says why.")),
    bounded(db, deadline, queue).catch(failing("queue", "The job queue (graphile-worker's tables) cannot be read; the server's log says why.")),
    bounded(db, deadline, (tx) => worker(tx, staleMs)).catch(failing("worker", "The worker heartbeats cannot be read; the server's log says why.")),
  ]);
  // Without the database neither of the others can be known: say so instead of blaming them.
  const unknown: PartReport = { status: "unknown", message: "Not checked: the database does not answer." };
  const checks = d.status === "ok" ? { database: d, queue: q, worker: w } : { database: d, queue: unknown, worker: unknown };
  const failingParts = (Object.keys(checks) as Part[]).filter((p) => checks[p].status === "failing");
  const status = d.status !== "ok" ? "failing" : failingParts.length > 0 ? "degraded" : "ok";
  return { status, failingParts, checks };
}
