// Starts graphile-worker on the application database: inside the Next.js server
// by default (instrumentation.ts), or as its own process (`npm run worker`).
import { Logger, run, type Runner } from "graphile-worker";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
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
}

// graphile-worker's meta carries whole job rows (payloads included); the scope's
// task and job id are enough to find a job, so only those are logged.
const workerLogger = new Logger((scope) => (level, message) => {
  const child = log.child({ component: "worker", task: scope.taskIdentifier, jobId: scope.jobId });
  if (level === "error") child.error(message);
  else if (level === "warning") child.warn(message);
  else child.debug(message);
});

export function startWorker(opts: WorkerOptions): Promise<Runner> {
  return run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency ?? Number(process.env.WORKER_CONCURRENCY ?? 5),
    pollInterval: opts.pollInterval ?? 1000,
    logger: workerLogger,
    noHandleSignals: true,
    crontab: CRONTAB,
    taskList: makeTaskList({
      db: opts.db,
      sources: opts.sources ?? defaultSources,
      maxAttempts: opts.maxAttempts ?? Number(process.env.DELIVERY_MAX_ATTEMPTS ?? 12),
    }),
  });
}
