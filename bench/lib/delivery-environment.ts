// What the delivery bench runs against: its own embedded PostgreSQL (private port
// and data directory, deleted and made anew every run, migrated by prepareDatabase
// as `npm start` does), the receivers in their own process, and the real worker
// (startWorker with the application's task list) in this process, so
// configureWebhookDelivery and the allow-list reach it.
import type { Runner } from "graphile-worker";
import { createDb, type Db } from "@/lib/db/client";
import { ensureLocalVaultKey } from "@/lib/vault/local-key";
import { startWorker } from "@/lib/jobs/runner";
import { say, startBenchDatabase } from "./database";
import { configureWebhookDelivery, DEFAULT_SCHEDULE_MS } from "@/lib/webhooks/outbound/config";
import type { DeliveryOptions } from "./delivery-options";
import { startReceivers, type Receivers } from "./delivery-receivers";


/**
 * The real schedule is immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; a
 * bench cannot wait minutes between attempts. Same eight attempts, compressed to
 * 0, 0.5, 1, 2, 4, 8, 8, 8 s (31.5 s in all): longer than the default 10 s outage
 * even for a message whose first attempt failed at its very end.
 */
export const BENCH_SCHEDULE_MS = [0, 500, 1000, 2000, 4000, 8000, 8000, 8000];
if (BENCH_SCHEDULE_MS.length !== DEFAULT_SCHEDULE_MS.length) throw new Error("the bench's schedule should have as many attempts as the real one");

export interface DeliveryEnvironment {
  /** The bench's own pool: fixtures, domain writes and checks. The worker has its own. */
  db: Db;
  receivers: Receivers;
  runner: Runner;
  dataDir: string;
  stop: () => Promise<void>;
}

export async function startDeliveryEnvironment(opts: DeliveryOptions): Promise<DeliveryEnvironment> {
  const database = await startBenchDatabase(opts);
  const { dataDir } = database;
  const runtime = { databaseUrl: database.databaseUrl };
  const stops = { push: (fn: () => Promise<void>) => database.onStop(fn) };
  const stop = () => database.stop();
  try {
    // Endpoint secrets are sealed with the vault key; the worker opens them in this same process.
    Object.assign(process.env, await ensureLocalVaultKey(dataDir));

    const receivers = await startReceivers();
    stops.push(receivers.stop);
    // The SSRF guard refuses loopback unless the operator allow-lists it: exactly the
    // receivers' three ports, set before the worker's first attempt (the policy is read per attempt).
    process.env.SWITCHBOARD_WEBHOOK_ALLOW_HOSTS = receivers.ports.map((p) => `127.0.0.1:${p}`).join(",");
    process.env.SWITCHBOARD_WEBHOOK_REQUIRE_HTTPS = "false";
    configureWebhookDelivery({ scheduleMs: BENCH_SCHEDULE_MS });

    const db = createDb(runtime.databaseUrl, 10);
    stops.push(() => db.destroy());
    // The worker's pool, as `npm run worker` makes it (5), grown with the concurrency.
    const workerDb = createDb(runtime.databaseUrl, Math.max(5, opts.concurrency));
    stops.push(() => workerDb.destroy());
    // Everything else as production starts it: the application's tasks and subscribers
    // (the activity log included), the 1 s poll interval, the 5 s heartbeat.
    const runner = await startWorker({ connectionString: runtime.databaseUrl, db: workerDb, concurrency: opts.concurrency });
    stops.push(() => runner.stop("bench over"));
    say(`worker running (concurrency ${opts.concurrency}); receivers on 127.0.0.1:${receivers.ports.join(", ")} (pid ${receivers.pid})`);
    return { db, receivers, runner, dataDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

