// Starts graphile-worker on the application database: inside the Next.js server
// by default (instrumentation.ts), or as its own process (`npm run worker`).
import { EventEmitter } from "node:events";
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { livenessSettings, startLiveness } from "./liveness";
import { defaultSources } from "./subscribers";
import type { SubscriberSource } from "./subscribers/types";
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
  /** Replaces the application's tasks (and its crontab), for tests. */
  taskList?: TaskList;
}

// graphile-worker's meta carries whole job rows (payloads included); the scope's
// task and job id are enough to find a job, so only those are logged.
const workerLogger = new Logger((scope) => (level, message) => {
  const child = log.child({ component: "worker", task: scope.taskIdentifier, jobId: scope.jobId });
  if (level === "error") child.error(message);
  else if (level === "warning") child.warn(message);
  else child.debug(message);
});

export async function startWorker(opts: WorkerOptions): Promise<Runner> {
  const liveness = await startLiveness(opts.connectionString, livenessSettings({ heartbeatMs: opts.heartbeatMs, staleMs: opts.staleMs }));
  // The pool's id is what graphile-worker writes into locked_by, so that is the
  // id the heartbeat vouches for. pool:create fires inside run(), before the
  // pool asks for its first job, hence our own emitter, listened to beforehand.
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => liveness.attach(workerPool.id));
  // However the pool ends (stop(), or a fatal error), its heartbeat goes with it.
  events.on("pool:release", () => void liveness.stop());

  let runner: Runner;
  try {
    runner = await run({
      connectionString: opts.connectionString,
      concurrency: opts.concurrency ?? Number(process.env.WORKER_CONCURRENCY ?? 5),
      pollInterval: opts.pollInterval ?? 1000,
      logger: workerLogger,
      noHandleSignals: true,
      events,
      crontab: opts.taskList ? undefined : CRONTAB,
      taskList:
        opts.taskList ??
        makeTaskList({
          db: opts.db,
          sources: opts.sources ?? defaultSources,
          maxAttempts: opts.maxAttempts ?? Number(process.env.DELIVERY_MAX_ATTEMPTS ?? 12),
        }),
    });
  } catch (err) {
    await liveness.stop();
    throw err;
  }

  // Stopping resolves only once the heartbeat row is gone, so callers may close
  // the database right after.
  const stop = async (reason?: string) => {
    try {
      await runner.stop(reason);
    } finally {
      await liveness.stop();
    }
  };
  return {
    ...runner,
    stop,
    async kill(reason) {
      try {
        await runner.kill(reason);
      } finally {
        await liveness.stop();
      }
    },
    [Symbol.asyncDispose]: () => stop("asyncDispose"),
  };
}
