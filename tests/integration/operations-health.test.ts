// /api/health: the database, the queue and the workers reported each on their
// own, 200 only when all three are fine, 503 naming the part that is not, and
// nothing in the answer an outsider should not read.
import { sql } from "kysely";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { healthReport } from "@/lib/runtime/health";
import { useOrgDatabase } from "../helpers/org-database";
import { waitFor } from "../helpers/wait";

const t = useOrgDatabase();
let route: typeof import("@/app/api/health/route");

beforeAll(async () => {
  process.env.DATABASE_URL = t.url;
  route = await import("@/app/api/health/route");
});

async function health() {
  const res = await route.GET();
  return { status: res.status, body: (await res.json()) as Awaited<ReturnType<typeof healthReport>> };
}

const beat = (secondsAgo: number) =>
  sql`insert into worker_heartbeats (worker_id, hostname, pid, last_seen_at) values ('pool-health-test', 'test', 1, now() - make_interval(secs => ${secondsAgo}))
      on conflict (worker_id) do update set last_seen_at = excluded.last_seen_at`.execute(t.db);

describe("/api/health", () => {
  it("answers 503 naming the worker when no worker has reported in, the rest fine", async () => {
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe("failing");
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.queue).toMatchObject({ status: "ok", readyJobs: expect.any(Number) });
    expect(body.checks.worker).toMatchObject({ status: "failing", liveWorkers: 0, lastHeartbeatSecondsAgo: null });
    expect(body.checks.worker.message).toMatch(/npm run worker/);
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
        const h = await health();
        return h.status === 200 ? h : undefined;
      }, { what: "a healthy report" });
      expect(body).toMatchObject({ status: "ok", checks: { database: { status: "ok" }, queue: { status: "ok" }, worker: { status: "ok", liveWorkers: 1 } } });
    });
  });

  it("names the worker when its heartbeat has gone stale", async () => {
    await beat(600);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.checks.worker.status).toBe("failing");
    expect(body.checks.worker.message).toMatch(/for 600 s/);
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.queue.status).toBe("ok");
  });

  it("names the queue alone when graphile-worker's tables cannot be read", async () => {
    await beat(0);
    expect((await health()).status).toBe(200);
    await sql`alter schema graphile_worker rename to graphile_worker_away`.execute(t.db);
    try {
      const { status, body } = await health();
      expect(status).toBe(503);
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
      expect(report).toMatchObject({ status: "failing", checks: { database: { status: "failing" }, queue: { status: "unknown" }, worker: { status: "unknown" } } });
      const text = JSON.stringify(report);
      for (const leak of ["not-a-real-password", "health_user", "127.0.0.1", "ECONNREFUSED", "nowhere"]) expect(text).not.toContain(leak);
    } finally {
      await down.destroy();
    }
  });
});
