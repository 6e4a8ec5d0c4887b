// PostgreSQL stopped for a whole minute in the middle of outbound deliveries.
// A worker process runs the real task list against its own embedded PostgreSQL;
// facts fan out to webhook messages (a connector-style subscriber delivery each,
// then one message per endpoint); the database is stopped while attempts are in
// flight and started again 60 s later. The worker process survives the outage,
// and every message reaches the receiver (once, after dedupe by webhook-id) and
// every delivery finishes without anyone pressing Resend: whatever lost its job
// during the outage is re-armed by the worker's sweep.
import type { ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { insertEndpoint } from "@/lib/webhooks/outbound/endpoint-store";
import { makeOrg, makePublishedEvent } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver";
import { killLeftovers, spawnWorkerProcess } from "../helpers/worker-process";

// The requirement: the database is gone for a full minute, not a blip.
const OUTAGE_MS = 60_000;
// Its own server, beside the one the other test files share, on a port below Linux's
// ephemeral range (32768-60999): a port in that range can be taken at any moment by
// another test's outgoing connection or listen(0), and this server starts twice.
const PORT = Number(process.env.TEST_PG_PORT ?? 54330) - 23_000;
const DATA_DIR = path.resolve(`.data/test-outage-${PORT}`);
const EVENTS = 12;
const ENDPOINTS = 3;
const N = EVENTS * ENDPOINTS;
const RECEIVER_MS = 250;

let pg: EmbeddedDatabase | undefined;
let db: Db;
let orgId: string;
let receiver: Receiver;
const children: ChildProcess[] = [];

const startPg = () => startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, database: "outage" });

beforeAll(async () => {
  await rm(DATA_DIR, { recursive: true, force: true });
  pg = await startPg();
  await migrate(pg.url);
  db = createDb(pg.url, 4);
  orgId = (await makeOrg(db)).id;
  receiver = await startReceiver();
}, 120_000);
afterAll(async () => {
  killLeftovers(children);
  await db?.destroy().catch(() => {});
  await receiver?.stop();
  await pg?.stop().catch(() => {});
  await rm(DATA_DIR, { recursive: true, force: true });
});

const paths = Array.from({ length: ENDPOINTS }, (_, i) => `/outage-${i}`);
const receivedIds = () => new Set(paths.flatMap((p) => receiver.received(p)).map((r) => r.headers["webhook-id"]));
// A fatal error's first lines say what it is; its last ones, where it came from.
const headAndTail = (s: string) => (s.length <= 3000 ? s : `${s.slice(0, 1500)}\n[… ${s.length - 3000} characters …]\n${s.slice(-1500)}`);
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(db)).rows[0]!.n;

describe("a database outage of 60 seconds in the middle of deliveries", () => {
  it(
    "leaves nothing stuck: every message is delivered once after dedupe, every delivery finishes",
    async () => {
      for (const p of paths) {
        receiver.on(p, () => ({ status: 200, body: "ok", delayMs: RECEIVER_MS }));
        await insertEndpoint(db, { orgId, url: receiver.url(p), eventTypes: ["event.published"], source: "admin" });
      }
      for (let i = 0; i < EVENTS; i++) await makePublishedEvent(db, orgId);

      let workerExit: string | null = null;
      const worker = await spawnWorkerProcess("tests/fixtures/outage-worker.ts", {
        DATABASE_URL: pg!.url,
        SWITCHBOARD_WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${receiver.port}`,
        WEBHOOK_RETRY_SCHEDULE_MS: "0,200,500,1000,2000",
        WEBHOOK_TIMEOUT_MS: "5000",
        WORKER_CONCURRENCY: "4",
        WORKER_HEARTBEAT_MS: "500",
        WORKER_STALE_MS: "2000",
        WORKER_SWEEP_MS: "1000",
        // OUTAGE_LOG_LEVEL=info shows the worker's own account when this test fails.
        LOG_LEVEL: process.env.OUTAGE_LOG_LEVEL ?? "silent",
      }, children);
      let workerErr = "";
      worker.stderr!.on("data", (d: Buffer) => (workerErr += d.toString()));
      worker.stdout!.on("data", (d: Buffer) => (workerErr += d.toString()));
      worker.once("exit", (code, signal) => (workerExit = String(signal ?? code)));

      // Mid-batch: some messages delivered, most not, and attempts in flight.
      await waitFor(async () => receivedIds().size >= N / 4 && receivedIds().size < N - 8, { what: "the deliveries to be under way", timeoutMs: 30_000 });
      await pg!.stop();
      const stoppedAt = Date.now();
      const receivedBefore = receivedIds().size;
      // The outage itself, of the length the requirement names.
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      expect(workerExit, `the worker process died during the outage: ${headAndTail(workerErr)}`).toBeNull();
      pg = await startPg();
      const restartedAt = Date.now();

      await waitFor(
        async () =>
          (await count(sql`select count(*)::int as n from webhook_messages where status = 'succeeded'`)) === N &&
          (await count(sql`select count(*)::int as n from subscriber_deliveries where status not in ('succeeded', 'skipped')`)) === 0,
        { what: `all ${N} messages delivered and every delivery finished`, timeoutMs: 60_000 },
      ).catch(async (err) => {
        const state = await sql`select (select json_agg(x) from (select status, count(*) from webhook_messages group by status) x) as messages,
          (select json_agg(x) from (select subscriber, status, count(*) from subscriber_deliveries group by 1, 2) x) as deliveries,
          (select json_agg(x) from (select task_identifier, key, attempts, max_attempts, locked_by, run_at, last_error from graphile_worker.jobs) x) as jobs`.execute(db);
        throw new Error(`${(err as Error).message}\n${JSON.stringify(state.rows[0], null, 1)}\nworker: ${workerErr.slice(-12000)}`);
      });
      expect(workerExit, `the worker process died: ${headAndTail(workerErr)}`).toBeNull();

      const messages = await db.selectFrom("webhook_messages").select(["msg_id", "status"]).execute();
      expect(messages).toHaveLength(N);
      // None missing, none foreign: the receiver saw exactly the stored messages' ids.
      expect([...receivedIds()].sort()).toEqual(messages.map((m) => m.msg_id).sort());
      const all = paths.flatMap((p) => receiver.received(p));
      console.log(
        `[outage-recovery] ${receivedBefore} of ${N} messages received before the stop; ${all.length} requests for ${N} messages in all; ` +
          `all delivered ${Date.now() - restartedAt} ms after PostgreSQL came back (${restartedAt - stoppedAt} ms down)`,
      );
      worker.kill("SIGTERM");
    },
    240_000,
  );
});
