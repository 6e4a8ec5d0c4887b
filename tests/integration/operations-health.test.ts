// /api/health: the database, the queue and the workers reported each on their
// own; 503 only when the database does not answer (a stopped worker must not
// take the web process out of a load balancer), "degraded" with 200 naming the
// queue or worker otherwise, 503 for those too with ?strict=1; nothing in the
// answer an outsider should not read; no probe query outlives its deadline.
import { sql } from "kysely";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { healthReport, healthStatusCode } from "@/lib/runtime/health";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";

const t = useOrgDatabase();
let route: typeof import("@/app/api/health/route");

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  route = await import("@/app/api/health/route");
});

async function health(query = "") {
  const res = await route.GET(new Request(`http://localhost/api/health${query}`));
  return { status: res.status, body: (await res.json()) as Awaited<ReturnType<typeof healthReport>> };
}

const beat = (secondsAgo: number) =>
  sql`insert into worker_heartbeats (worker_id, hostname, pid, last_seen_at) values ('pool-health-test', 'test', 1, now() - make_interval(secs => ${secondsAgo}))
      on conflict (worker_id) do update set last_seen_at = excluded.last_seen_at`.execute(t.db);

describe("/api/health", () => {
  it("answers 200 degraded naming the worker when no worker has reported in, the rest fine; 503 when strict", async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.failingParts).toEqual(["worker"]);
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.queue).toMatchObject({ status: "ok", readyJobs: expect.any(Number) });
    expect(body.checks.worker).toMatchObject({ status: "failing", liveWorkers: 0, lastHeartbeatSecondsAgo: null });
    expect(body.checks.worker.message).toMatch(/npm run worker/);
    const strict = await health("?strict=1");
    expect(strict.status).toBe(503);
    expect(strict.body).toMatchObject({ status: "degraded", failingParts: ["worker"] });
    expect((await health("?strict=yes")).status).toBe(400);
  });

  describe("with a worker running", () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await startWorker({ connectionString: t.url, db: t.db, pollInterval: 200, concurrency: 1, heartbeatMs: 200, staleMs: 2_000 });
    });
    afterAll(async () => {
      await runner?.stop();
    });

    it("answers 200 once its heartbeat is in, with each part ok", async () => {
      const { body } = await waitFor(async () => {
        const h = await health("?strict=1");
        return h.status === 200 ? h : undefined;
      }, { what: "a healthy report" });
      expect(body).toMatchObject({ status: "ok", failingParts: [], checks: { database: { status: "ok" }, queue: { status: "ok" }, worker: { status: "ok", liveWorkers: 1 } } });
    });
  });

  it("names the worker when its heartbeat has gone stale", async () => {
    await beat(600);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "degraded", failingParts: ["worker"] });
    expect(body.checks.worker.status).toBe("failing");
    expect(body.checks.worker.message).toMatch(/for 600 s/);
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.queue.status).toBe("ok");
  });

  it("names the queue alone when graphile-worker's tables cannot be read", async () => {
    await beat(0);
    expect((await health("?strict=1")).status).toBe(200);
    await sql`alter schema graphile_worker rename to graphile_worker_away`.execute(t.db);
    try {
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: "degraded", failingParts: ["queue"] });
      expect((await health("?strict=1")).status).toBe(503);
      expect(body.checks.queue).toMatchObject({ status: "failing", message: expect.stringMatching(/job queue/) });
      expect(body.checks.database.status).toBe("ok");
      expect(body.checks.worker.status).toBe("ok");
    } finally {
      await sql`alter schema graphile_worker_away rename to graphile_worker`.execute(t.db);
    }
  });

  it("names the database when it does not answer, leaves the rest unknown, and gives nothing away", async () => {
    // A port nothing listens on, and an obviously fake password.
    const url = "postgres://health_user:not-a-real-password@127.0.0.1:1/nowhere";
    const down = createDb(url, 1);
    try {
      const started = Date.now();
      const report = await healthReport(down, { deadlineMs: 1_000 });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(healthStatusCode(report)).toBe(503);
      expect(report).toMatchObject({ status: "failing", failingParts: ["database"], checks: { database: { status: "failing" }, queue: { status: "unknown" }, worker: { status: "unknown" } } });
      const text = JSON.stringify(report);
      for (const leak of ["not-a-real-password", "health_user", "127.0.0.1", "ECONNREFUSED", "nowhere"]) expect(text).not.toContain(leak);
    } finally {
      await down.destroy();
    }
  });

  it("ends a check's query in the database when it misses its deadline", async () => {
    // Another session holds the heartbeat table, so the worker check waits on its lock.
    const holder = createDb(t.url, 1);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const held = holder.transaction().execute(async (tx) => {
      await sql`lock table worker_heartbeats in access exclusive mode`.execute(tx);
      locked();
      await released;
    });
    try {
      await isLocked;
      const report = await healthReport(t.db, { deadlineMs: 500 });
      expect(report.checks.worker.status).toBe("failing");
      expect(report.status).toBe("degraded");
      // Without a statement timeout the probe would wait on the lock for as long as it is held.
      await waitFor(
        async () => {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where pid <> pg_backend_pid() and state = 'active' and query like '%from worker_heartbeats%' and query not like '%pg_stat_activity%'`.execute(t.db);
          return rows[0]!.n === 0;
        },
        { what: "the worker check's query to end", timeoutMs: 3_000 },
      );
    } finally {
      release();
      await held;
      await holder.destroy();
    }
  });
});
