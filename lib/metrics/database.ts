// Gauges read from the database at scrape time, so every process reports the
// same shared truth (breakers and the queue are shared by all workers): circuit
// breakers per provider and state, and graphile-worker's queue by task. Both
// read small tables: connections, and jobs not yet finished (finished jobs are
// deleted by graphile-worker).
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import type { BreakerState } from "@/lib/db/schema";
import { sharedGauge } from "./registry";

const BREAKER_STATES: BreakerState[] = ["closed", "open", "half_open", "isolated"];
export type QueueState = "ready" | "scheduled" | "running" | "failed";
const QUEUE_STATES: QueueState[] = ["ready", "scheduled", "running", "failed"];

const breakers = sharedGauge({ name: "switchboard_circuit_breakers", help: "Connections (not disconnected) by provider and circuit breaker state", labelNames: ["provider", "state"] });
const jobs = sharedGauge({
  name: "switchboard_queue_jobs",
  help: "Jobs in the queue by task and state (ready: due and waiting for a worker; scheduled: due later; running: locked by a worker; failed: attempts spent)",
  labelNames: ["task", "state"],
});
const oldest = sharedGauge({ name: "switchboard_queue_oldest_ready_job_age_seconds", help: "How long the oldest due job of each task has been waiting for a worker (0 when none waits)", labelNames: ["task"] });

async function readBreakers(db: Db) {
  const { rows } = await sql<{ provider: string; state: BreakerState; n: number }>`
    select c.connector_id as provider, coalesce(b.state, 'closed') as state, count(*)::int as n
    from connections c left join circuit_breakers b on b.connection_id = c.id
    where c.status <> 'disconnected'
    group by 1, 2`.execute(db);
  const gauge = breakers();
  gauge.reset();
  for (const provider of new Set(rows.map((r) => r.provider))) {
    for (const state of BREAKER_STATES) gauge.set({ provider, state }, rows.find((r) => r.provider === provider && r.state === state)?.n ?? 0);
  }
}

async function readQueue(db: Db) {
  const { rows } = await sql<{ task: string; ready: number; scheduled: number; running: number; failed: number; oldest_s: number | null }>`
    select t.identifier as task,
      count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now())::int as ready,
      count(*) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at > now())::int as scheduled,
      count(*) filter (where j.locked_at is not null)::int as running,
      count(*) filter (where j.locked_at is null and j.attempts >= j.max_attempts)::int as failed,
      extract(epoch from now() - min(j.run_at) filter (where j.locked_at is null and j.attempts < j.max_attempts and j.run_at <= now()))::float8 as oldest_s
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    group by t.identifier`.execute(db);
  const count = jobs();
  const age = oldest();
  count.reset();
  age.reset();
  for (const r of rows) {
    for (const state of QUEUE_STATES) count.set({ task: r.task, state }, r[state]);
    age.set({ task: r.task }, r.oldest_s ?? 0);
  }
}

/** Refreshes the database gauges; a part that cannot be read keeps its last values and says so. */
export async function refreshDatabaseGauges(db: Db): Promise<Array<{ part: string; ok: boolean }>> {
  const parts: Array<[string, (db: Db) => Promise<void>]> = [["circuit_breakers", readBreakers], ["queue", readQueue]];
  return Promise.all(
    parts.map(([part, read]) =>
      read(db).then(
        () => ({ part, ok: true }),
        () => ({ part, ok: false }),
      ),
    ),
  );
}
