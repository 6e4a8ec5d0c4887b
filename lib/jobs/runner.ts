// Starts graphile-worker on the application database: inside the Next.js server
// by default (instrumentation.ts), or as its own process (`npm run worker`).
import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import { createPool, type Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { TaskName } from "@/lib/queue/tasks";
import { livenessSettings, startLiveness } from "./liveness";
import { defaultSources } from "./subscribers";
import type { SubscriberSource } from "@/lib/domain/outbox/subscribers";
import { startSweeper, sweepIntervalMs } from "./sweeper";
import { CRONTAB, makeTaskList } from "./tasks";

export interface WorkerOptions {
  connectionString: string;
  db: Db;
  sources?: SubscriberSource[];
  concurrency?: number;
  pollInterval?: number;
  maxAttempts?: number;
  /** Heartbeat and dead-worker sweep interval; default WORKER_HEARTBEAT_MS or 5 s. */
  heartbeatMs?: number;
  /** A worker silent this long is dead and its jobs are unlocked; default WORKER_STALE_MS or 30 s. */
  staleMs?: number;
  /** How often the sweeper re-arms work whose job is gone; default WORKER_SWEEP_MS or 60 s. */
  sweepMs?: number;
  /** Replaces the application's tasks (and its crontab and sweeper), for tests. */
  taskList?: TaskList;
  /** Tasks this worker leaves queued for other workers (a worker that must not touch calendars, a test that drives them itself). */
  skipTasks?: TaskName[];
}

function applicationTasks(opts: WorkerOptions): TaskList {
  const list = makeTaskList({ db: opts.db, sources: opts.sources ?? defaultSources, maxAttempts: maxAttempts(opts) });
  for (const task of opts.skipTasks ?? []) delete list[task];
  return list;
}

// graphile-worker's meta carries whole job rows (payloads included); the scope's
// task and job id are enough to find a job, so only those are logged.
const workerLogger = new Logger((scope) => (level, message) => {
  const child = log.child({ component: "worker", task: scope.taskIdentifier, jobId: scope.jobId });
  if (level === "error") child.error(message);
  else if (level === "warning") child.warn(message);
  else child.debug(message);
});

interface Pool extends Runner {
  /**
   * Settles when the pool gives up without being asked to: graphile-worker shuts
   * a pool down when it cannot record a job's end (the database went away
   * mid-job), and that shutdown can itself wait forever on the database, so the
   * pool's own promise is not a signal to wait for.
   */
  gaveUp: Promise<string>;
  /** Lets go of a pool that gave up: stops its heartbeat, kills it in the background. */
  abandon(): void;
}

/** One graphile-worker pool with its heartbeat. */
async function startPool(opts: WorkerOptions): Promise<Pool> {
  const liveness = await startLiveness(opts.connectionString, livenessSettings({ heartbeatMs: opts.heartbeatMs, staleMs: opts.staleMs }));
  // Our pool, not one graphile-worker makes from the connection string: when
  // graphile-worker releases its own pool it first takes the pool's 'error'
  // listener away, yet a connection still out (a job's end being recorded as
  // the database goes away) comes back and errors afterwards, and that unheard
  // 'error' ends the process. This pool keeps its listeners until we end it,
  // once the runner is done with it.
  const pgPool = createPool(opts.connectionString, GRAPHILE_POOL_SIZE);
  // Not awaited by stop(): graphile-worker's own shutdown can leave a connection
  // out, and ending waits for every one to come back.
  let ending: Promise<void> | null = null;
  const endPgPool = () => void (ending ??= pgPool.end().catch((err: Error) => log.warn({ err: err.message }, "could not close the job worker's database pool")));
  let asked = false;
  let giveUp!: (reason: string) => void;
  const gaveUp = new Promise<string>((resolve) => (giveUp = (reason) => !asked && resolve(reason)));
  // The pool's id is what graphile-worker writes into locked_by, so that is the
  // id the heartbeat vouches for. pool:create fires inside run(), before the
  // pool asks for its first job, hence our own emitter, listened to beforehand.
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => liveness.attach(workerPool.id));
  // However the pool ends (stop(), or a fatal error), its heartbeat goes with it.
  events.on("pool:release", () => void liveness.stop().catch(() => {}));
  events.on("pool:gracefulShutdown", ({ message }) => giveUp(message));
  events.on("pool:forcefulShutdown", ({ message }) => giveUp(message));

  let runner: Runner;
  try {
    runner = await run({
      pgPool,
      concurrency: opts.concurrency ?? Number(process.env.WORKER_CONCURRENCY ?? 5),
      pollInterval: opts.pollInterval ?? 1000,
      logger: workerLogger,
      noHandleSignals: true,
      events,
      // Unbatched, a job's end that cannot be recorded (the database went away
      // mid-job) is a rejection nobody handles, which ends the process; batched
      // (with no wait), graphile-worker shuts the pool down instead, and
      // startWorker starts a new one.
      preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
      crontab: opts.taskList ? undefined : CRONTAB,
      taskList: opts.taskList ?? applicationTasks(opts),
    });
  } catch (err) {
    await liveness.stop().catch(() => {});
    endPgPool();
    throw err;
  }
  runner.promise.then(
    () => giveUp("the worker pool ended"),
    (err: Error) => giveUp(err.message),
  );
  // Stopping resolves only once the heartbeat row is gone, so callers may close
  // the database right after.
  const end = (how: "stop" | "kill") => async (reason?: string) => {
    asked = true;
    try {
      await runner[how](reason);
    } finally {
      endPgPool();
      await liveness.stop();
    }
  };
  const stop = end("stop");
  return {
    ...runner,
    stop,
    kill: end("kill"),
    [Symbol.asyncDispose]: () => stop("asyncDispose"),
    gaveUp,
    abandon() {
      asked = true;
      // Its heartbeat stops, so the liveness sweep frees the jobs it still holds.
      void liveness.stop().catch(() => {});
      // Its connections are closed once graphile-worker lets go of them.
      void runner
        .kill("abandoned after giving up")
        .catch(() => {})
        .then(endPgPool);
    },
  };
}

function maxAttempts(opts: WorkerOptions): number {
  return opts.maxAttempts ?? Number(process.env.DELIVERY_MAX_ATTEMPTS ?? 12);
}

// graphile-worker's own default pool size.
const GRAPHILE_POOL_SIZE = 10;
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 10_000;

/**
 * Starts the worker, and keeps it running: a pool that gives up without being
 * asked to (the database went away mid-job) is let go and a new one started,
 * retried with backoff while the database stays away. The jobs the old pool held
 * are freed by the liveness sweep once its heartbeat is stale, and work whose job
 * was spent or lost is re-armed by the sweeper. The first start fails as before,
 * so a misconfigured worker says so at once.
 */
export async function startWorker(opts: WorkerOptions): Promise<Runner> {
  let current = await startPool(opts);
  // Tests that bring their own task list own their queue too.
  const sweeper = opts.taskList ? null : startSweeper(opts.db, { intervalMs: sweepIntervalMs(opts.sweepMs), maxAttempts: maxAttempts(opts) });
  const stopping = new AbortController();
  let abandoned = false;

  async function restart(): Promise<Pool | null> {
    let delay = RESTART_FIRST_MS;
    while (!stopping.signal.aborted) {
      try {
        await sleep(delay, undefined, { signal: stopping.signal });
      } catch {
        return null;
      }
      try {
        const pool = await startPool(opts);
        log.info("job worker running again");
        return pool;
      } catch (err) {
        delay = Math.min(delay * 2, RESTART_MAX_MS);
        log.warn({ err: (err as Error).message, retryInMs: delay }, "job worker could not start again yet");
      }
    }
    return null;
  }

  const supervised = (async () => {
    for (;;) {
      const reason = await Promise.race([current.gaveUp, new Promise<null>((r) => stopping.signal.addEventListener("abort", () => r(null)))]);
      if (reason === null || stopping.signal.aborted) return;
      log.warn({ reason }, "job worker pool gave up; starting a new one");
      current.abandon();
      abandoned = true;
      const next = await restart();
      if (!next) return;
      if (stopping.signal.aborted) {
        // Asked to stop while it was starting again.
        await next.stop().catch(() => {});
        return;
      }
      current = next;
      abandoned = false;
    }
  })();

  const end = async (how: "stop" | "kill", reason?: string) => {
    stopping.abort();
    try {
      if (!abandoned) await current[how](reason);
    } finally {
      await supervised;
      await sweeper?.stop();
    }
  };
  return {
    get events() {
      return current.events;
    },
    addJob: (...args) => current.addJob(...args),
    promise: supervised,
    stop: (reason) => end("stop", reason),
    kill: (reason) => end("kill", reason),
    [Symbol.asyncDispose]: () => end("stop", "asyncDispose"),
  };
}
