// Fast recovery of jobs held by a worker process that died without shutting down
// (SIGKILL, OOM, a lost machine).
//
// graphile-worker locks the jobs it runs by writing its worker id into
// _private_jobs.locked_by (in 0.18 that id is the *pool's* id, "pool-…", shared
// by its concurrent workers), and only frees locks older than 4 hours: it cannot
// tell a dead worker from one running a long job. So every worker process here
// keeps a heartbeat row (worker_heartbeats) fresh, and on the same timer sweeps:
//
//   - workers whose heartbeat is older than the stale threshold are dead: their
//     rows are deleted and their jobs unlocked with graphile-worker's own
//     forceUnlockWorkers, so a live worker picks them up at once;
//   - jobs locked longer than the stale threshold by a worker with no heartbeat
//     row at all are unlocked too: a process that died before its first
//     heartbeat, or one that died between a sweeper deleting its row and
//     unlocking its jobs, or a worker from before this mechanism existed.
//
// A job that was running on the dead worker runs again, with the same job id and
// payload: delivery is at least once, and handlers are idempotent by id.
//
// The price: a live worker that cannot refresh its heartbeat for the whole stale
// threshold (event loop blocked, database unreachable from it alone) is taken
// for dead, and its running jobs may run a second time. Keep WORKER_STALE_MS
// several heartbeats long.
import { hostname } from "node:os";
import { makeWorkerUtils, type WorkerUtils } from "graphile-worker";
import { createPool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { repeatEvery, type Repeating } from "./repeat";

export interface LivenessSettings {
  /** How often a worker refreshes its heartbeat and sweeps for dead workers. */
  heartbeatMs: number;
  /** How old a heartbeat (or, with no heartbeat, a lock) must be to count as dead. */
  staleMs: number;
}

export function livenessSettings(overrides: Partial<LivenessSettings> = {}): LivenessSettings {
  const heartbeatMs = overrides.heartbeatMs ?? Number(process.env.WORKER_HEARTBEAT_MS ?? 5_000);
  const staleMs = overrides.staleMs ?? Number(process.env.WORKER_STALE_MS ?? 30_000);
  if (!(heartbeatMs > 0) || !(staleMs > 0)) throw new Error("WORKER_HEARTBEAT_MS and WORKER_STALE_MS must be positive numbers of milliseconds");
  // One late heartbeat must not make a live worker look dead.
  if (staleMs < 2 * heartbeatMs) {
    throw new Error(`WORKER_STALE_MS (${staleMs}) must be at least twice WORKER_HEARTBEAT_MS (${heartbeatMs})`);
  }
  return { heartbeatMs, staleMs };
}

export interface Liveness {
  /** Starts heartbeating for the graphile-worker id that locks this process's jobs. */
  attach(workerId: string): void;
  /** Stops the timer and removes this worker's heartbeat: call after the worker has stopped. */
  stop(): Promise<void>;
}

const WORKER_SCHEMA = "graphile_worker";

/**
 * Finds dead workers and unlocks their jobs; returns the worker ids it unlocked.
 * Safe to run from many processes at once: a stale heartbeat row is claimed with
 * FOR UPDATE SKIP LOCKED and deleted in the same statement, so only one sweeper
 * takes it, and the others also leave its jobs alone (the row still exists in
 * their snapshot). Unlocking twice would be harmless anyway: a dead worker's id
 * is never used again.
 */
export async function sweepDeadWorkers(utils: WorkerUtils, staleMs: number, exceptWorkerId: string | null = null): Promise<string[]> {
  // Every age is measured with the database's clock, never a machine's own.
  const { rows } = await utils.withPgClient((client) =>
    client.query<{ worker_id: string }>(
      `with dead as (
         delete from worker_heartbeats where worker_id in (
           select worker_id from worker_heartbeats
           where last_seen_at < now() - make_interval(secs => $1::double precision / 1000)
             and worker_id is distinct from $2::text
           for update skip locked)
         returning worker_id
       ), held as (
         select locked_by as worker_id from ${WORKER_SCHEMA}._private_jobs
         where locked_by is not null and locked_at < now() - make_interval(secs => $1::double precision / 1000)
         union
         select locked_by from ${WORKER_SCHEMA}._private_job_queues
         where locked_by is not null and locked_at < now() - make_interval(secs => $1::double precision / 1000)
       )
       select worker_id from dead
       union
       select worker_id from held
       where worker_id is distinct from $2::text
         and not exists (select 1 from worker_heartbeats h where h.worker_id = held.worker_id)`,
      [staleMs, exceptWorkerId],
    ),
  );
  const ids = rows.map((r) => r.worker_id);
  if (ids.length > 0) await utils.forceUnlockWorkers(ids);
  return ids;
}

/**
 * Heartbeat and sweeper of one worker process. They use their own two
 * connections (through WorkerUtils), not the application's pool, so a busy pool
 * cannot delay a heartbeat into looking dead.
 */
export async function startLiveness(connectionString: string, settings: LivenessSettings): Promise<Liveness> {
  // Our pool rather than one made from the connection string: graphile-worker
  // takes the 'error' listener off a pool it made before closing it, and a
  // connection dropped while it closes would then end the process.
  const pool = createPool(connectionString, 2);
  let utils: WorkerUtils;
  try {
    utils = await makeWorkerUtils({ pgPool: pool });
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const logger = log.child({ component: "worker-liveness" });
  let workerId: string | null = null;
  let beats = 0;
  let chores: Repeating | null = null;
  let stopping: Promise<void> | null = null;

  async function beat(id: string) {
    const { rows } = await utils.withPgClient((client) =>
      client.query<{ inserted: boolean }>(
        `insert into worker_heartbeats (worker_id, hostname, pid) values ($1, $2, $3)
         on conflict (worker_id) do update set last_seen_at = now()
         returning (xmax = 0) as inserted`,
        [id, hostname(), process.pid],
      ),
    );
    if (rows[0]?.inserted && beats > 0) {
      logger.warn({ workerId: id }, "this worker's heartbeat had gone stale and another worker took it for dead; jobs it was running may run twice");
    }
    beats++;
  }

  async function tick() {
    if (!workerId || stopping) return;
    try {
      await beat(workerId);
    } catch (err) {
      logger.warn({ err }, "could not refresh the worker heartbeat");
    }
    try {
      const unlocked = await sweepDeadWorkers(utils, settings.staleMs, workerId);
      if (unlocked.length > 0) logger.warn({ workerIds: unlocked }, "unlocked the jobs of dead workers");
    } catch (err) {
      logger.warn({ err }, "could not sweep for dead workers");
    }
  }

  return {
    attach(id) {
      if (workerId) return;
      workerId = id;
      // The first heartbeat at once: until it lands, this worker's jobs are
      // protected only by being younger than the stale threshold.
      chores = repeatEvery(settings.heartbeatMs, tick, { immediately: true });
    },
    stop() {
      stopping ??= (async () => {
        await chores?.stop();
        try {
          if (workerId) {
            const id = workerId;
            await utils.withPgClient((client) => client.query("delete from worker_heartbeats where worker_id = $1", [id]));
          }
        } catch (err) {
          // The row goes stale and a sweeper removes it; the worker holds no jobs now.
          logger.warn({ err }, "could not remove the worker heartbeat");
        } finally {
          try {
            await utils.release();
          } finally {
            await pool.end();
          }
        }
      })();
      return stopping;
    },
  };
}
