// A worker process killed in the middle of a batch (SIGKILL: no shutdown code
// runs): no message is lost, its jobs run again within seconds rather than after
// graphile-worker's 4-hour lock expiry, and anything that runs twice is the same
// message with the same job id. And the other side: a live worker's jobs are
// never taken from it, however long they run.
import type { ChildProcess } from "node:child_process";
import { sql } from "kysely";
import { makeWorkerUtils, type Runner, type WorkerUtils } from "graphile-worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sweepDeadWorkers } from "@/lib/jobs/liveness";
import { startWorker } from "@/lib/jobs/runner";
import { freshDatabase, type TestDatabase } from "../helpers/db";
import { createRecordingTable, RECORD_TASK, recordingTaskList } from "../helpers/recording-task";
import { waitFor } from "../helpers/wait";
import { exited, killLeftovers, spawnWorkerProcess } from "../helpers/worker-process";

// Short settings so the test takes seconds; production defaults are 5 s and 30 s.
const HEARTBEAT_MS = 250;
const STALE_MS = 1_500;
const JOB_SLEEP_MS = 400;

let t: TestDatabase;
let utils: WorkerUtils;
const runners: Runner[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  await createRecordingTable(t.db);
  utils = await makeWorkerUtils({ connectionString: t.url, maxPoolSize: 2 });
});
// A test that fails half-way leaves its workers running; they would take the next test's jobs.
afterEach(async () => {
  for (const r of runners.splice(0)) await r.stop().catch(() => {});
});
afterAll(async () => {
  killLeftovers(children);
  for (const r of runners) await r.stop().catch(() => {});
  await utils?.release();
  await t?.drop();
});

interface RunRow {
  message_id: string;
  job_id: string;
  event: "started" | "done";
  pid: number;
}
async function runs(): Promise<RunRow[]> {
  const { rows } = await sql<RunRow>`select message_id, job_id, event, pid from job_runs order by seq`.execute(t.db);
  return rows;
}

async function addJobs(prefix: string, n: number) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await utils.addJobs(ids.map((id) => ({ identifier: RECORD_TASK, payload: { id } })));
  return ids;
}

function spawnWorker(): Promise<ChildProcess> {
  return spawnWorkerProcess("tests/fixtures/killable-worker.ts", {
    DATABASE_URL: t.url,
    WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
    WORKER_STALE_MS: String(STALE_MS),
    WORKER_CONCURRENCY: "5",
    JOB_SLEEP_MS: String(JOB_SLEEP_MS),
  }, children);
}

async function lockedBy(): Promise<Array<{ locked_by: string; n: number }>> {
  const { rows } = await sql<{ locked_by: string; n: number }>`
    select locked_by, count(*)::int as n from graphile_worker._private_jobs where locked_by is not null group by locked_by`.execute(t.db);
  return rows;
}

describe("a worker process killed in the middle of a batch", () => {
  it("loses no message, reruns only what the dead worker held, with the same ids, within seconds", async () => {
    const N = 30;
    const ids = await addJobs("m", N);
    const child = await spawnWorker();

    // Its heartbeat names the pool id that graphile-worker writes into locked_by.
    const beat = await waitFor(async () => {
      const { rows } = await sql<{ worker_id: string }>`select worker_id from worker_heartbeats where pid = ${child.pid!}`.execute(t.db);
      return rows[0];
    }, { what: "the child's heartbeat" });
    expect(beat.worker_id).toMatch(/^pool-/);

    // Mid-batch: a third started, and jobs in hand.
    await waitFor(async () => {
      const r = await runs();
      return r.filter((x) => x.event === "started").length >= 10 && r.filter((x) => x.event === "done").length < N;
    }, { what: "the batch to be under way" });
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    const killedAt = Date.now();

    // The dead worker still holds jobs: without the sweeper they would wait 4 hours.
    const held = await lockedBy();
    expect(held.map((h) => h.locked_by)).toEqual([beat.worker_id]);
    expect(held[0]!.n).toBeGreaterThan(0);
    const beforeRecovery = await runs();
    const startedByDead = new Set(beforeRecovery.filter((r) => r.event === "started").map((r) => r.message_id));
    const doneByDead = new Set(beforeRecovery.filter((r) => r.event === "done").map((r) => r.message_id));
    expect(doneByDead.size).toBeLessThan(N);

    // A second worker, in this process, with the same short settings.
    const db = t.db;
    const survivor = await startWorker({
      connectionString: t.url,
      db,
      concurrency: 5,
      pollInterval: 100,
      heartbeatMs: HEARTBEAT_MS,
      staleMs: STALE_MS,
      taskList: recordingTaskList(db, JOB_SLEEP_MS),
    });
    runners.push(survivor);

    const all = await waitFor(async () => {
      const r = await runs();
      const done = new Set(r.filter((x) => x.event === "done").map((x) => x.message_id));
      return ids.every((id) => done.has(id)) ? r : undefined;
    }, { what: "every message done", timeoutMs: 20_000 });
    const recoveryMs = Date.now() - killedAt;
    console.log(
      `[worker-killed] killed with ${startedByDead.size - doneByDead.size} jobs in hand (${held[0]!.n} locked); ` +
        `all ${N} done ${recoveryMs} ms after the kill (heartbeat ${HEARTBEAT_MS} ms, stale ${STALE_MS} ms)`,
    );
    // Seconds, not hours: the stale threshold, a sweep, and the rerun itself.
    expect(recoveryMs).toBeLessThan(STALE_MS + 8_000);

    // No message lost, and the queue empties. The task records "done" before
    // graphile-worker completes its job, so the last jobs may still be there for
    // a moment after every message is done: wait for them, do not read at once.
    await waitFor(async () => {
      const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(t.db);
      return left[0]!.n === 0;
    }, { what: "the queue to be empty" });

    // Duplicates only with the same id: a message started twice is one the dead
    // worker had started, run again as the same job, at most once more.
    const starts = new Map<string, RunRow[]>();
    for (const r of all.filter((x) => x.event === "started")) starts.set(r.message_id, [...(starts.get(r.message_id) ?? []), r]);
    expect([...starts.keys()].sort()).toEqual([...ids].sort());
    const rerun: string[] = [];
    for (const [id, s] of starts) {
      if (s.length === 1) continue;
      rerun.push(id);
      expect(startedByDead.has(id), `${id} ran twice but the dead worker never started it`).toBe(true);
      expect(s).toHaveLength(2);
      expect(new Set(s.map((x) => x.job_id)).size).toBe(1);
      expect(s[0]!.pid).toBe(child.pid);
      expect(s[1]!.pid).toBe(process.pid);
    }
    // Every job the dead worker had in hand ran again. (One it had finished may
    // too, if it died between our "done" and graphile-worker's completion.)
    const inHand = [...startedByDead].filter((id) => !doneByDead.has(id));
    expect(inHand.length).toBeGreaterThan(0);
    for (const id of inHand) expect(rerun).toContain(id);

    // The dead worker's heartbeat was swept; the survivor's is there.
    const { rows: beats } = await sql<{ worker_id: string; pid: number }>`select worker_id, pid from worker_heartbeats`.execute(t.db);
    expect(beats.map((b) => b.pid)).toEqual([process.pid]);

    await survivor.stop();
    runners.splice(runners.indexOf(survivor), 1);
    const { rows: afterStop } = await sql<{ n: number }>`select count(*)::int as n from worker_heartbeats`.execute(t.db);
    expect(afterStop[0]!.n).toBe(0);
  });

  it("never unlocks the jobs of a live worker, even when they run far past the stale threshold", async () => {
    await sql`truncate job_runs`.execute(t.db);
    const longJobMs = STALE_MS * 3;
    const db = t.db;
    const busy = await startWorker({
      connectionString: t.url,
      db,
      concurrency: 1,
      pollInterval: 100,
      heartbeatMs: HEARTBEAT_MS,
      staleMs: STALE_MS,
      taskList: recordingTaskList(db, longJobMs),
    });
    runners.push(busy);
    const [id] = await addJobs("long", 1);
    await waitFor(async () => (await runs()).some((r) => r.message_id === id && r.event === "started"), { what: "the long job to start" });
    const holder = (await lockedBy())[0]!.locked_by;

    // Another worker sweeps every heartbeat all the while.
    const other = await startWorker({
      connectionString: t.url,
      db,
      concurrency: 1,
      pollInterval: 100,
      heartbeatMs: HEARTBEAT_MS,
      staleMs: STALE_MS,
      taskList: recordingTaskList(db, 0),
    });
    runners.push(other);
    await new Promise((r) => setTimeout(r, STALE_MS + 4 * HEARTBEAT_MS));
    expect(await lockedBy()).toEqual([{ locked_by: holder, n: 1 }]);

    await waitFor(async () => (await runs()).some((r) => r.message_id === id && r.event === "done"), { what: "the long job to finish", timeoutMs: longJobMs + 5_000 });
    const r = (await runs()).filter((x) => x.message_id === id);
    expect(r.map((x) => x.event)).toEqual(["started", "done"]);

    for (const w of [busy, other]) {
      await w.stop();
      runners.splice(runners.indexOf(w), 1);
    }
  });

  it("sweeps dead and heartbeat-less workers' locks, and leaves live and just-started ones alone", async () => {
    // Jobs nobody runs (no worker is started here), locked by hand as workers would.
    await utils.addJobs([
      { identifier: "nobody_runs_this", payload: { w: "live" } },
      { identifier: "nobody_runs_this", payload: { w: "dead" }, queueName: "q-dead" },
      { identifier: "nobody_runs_this", payload: { w: "orphan" } },
      { identifier: "nobody_runs_this", payload: { w: "starting" } },
    ]);
    await sql`update graphile_worker._private_jobs set locked_by = 'pool-' || (payload->>'w'),
      locked_at = case payload->>'w' when 'starting' then now() else now() - interval '1 hour' end
      where task_id = (select id from graphile_worker._private_tasks where identifier = 'nobody_runs_this')`.execute(t.db);
    await sql`update graphile_worker._private_job_queues set locked_by = 'pool-dead', locked_at = now() - interval '1 hour'
      where queue_name = 'q-dead'`.execute(t.db);
    await sql`insert into worker_heartbeats (worker_id, hostname, pid, last_seen_at) values
      ('pool-live', 'a', 1, now()), ('pool-dead', 'b', 2, now() - interval '1 minute')`.execute(t.db);

    // Two sweepers at once: neither fails, and together they free exactly the dead.
    const [a, b] = await Promise.all([sweepDeadWorkers(utils, STALE_MS), sweepDeadWorkers(utils, STALE_MS)]);
    expect(new Set([...a, ...b])).toEqual(new Set(["pool-dead", "pool-orphan"]));

    const { rows } = await sql<{ w: string; locked_by: string | null }>`
      select payload->>'w' as w, locked_by from graphile_worker._private_jobs
      where task_id = (select id from graphile_worker._private_tasks where identifier = 'nobody_runs_this') order by 1`.execute(t.db);
    expect(rows).toEqual([
      { w: "dead", locked_by: null },
      { w: "live", locked_by: "pool-live" },
      { w: "orphan", locked_by: null },
      { w: "starting", locked_by: "pool-starting" },
    ]);
    const { rows: queues } = await sql<{ locked_by: string | null }>`
      select locked_by from graphile_worker._private_job_queues where queue_name = 'q-dead'`.execute(t.db);
    expect(queues).toEqual([{ locked_by: null }]);
    const { rows: beats } = await sql<{ worker_id: string }>`select worker_id from worker_heartbeats order by 1`.execute(t.db);
    expect(beats.map((x) => x.worker_id)).toEqual(["pool-live"]);
  });
});
