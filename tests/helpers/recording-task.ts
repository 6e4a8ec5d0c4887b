// A job that records "started" and "done" around a sleep, so a test can see what
// a worker was doing when it was killed and what ran again afterwards.
import { sql } from "kysely";
import type { TaskList } from "graphile-worker";
import type { Db } from "../../lib/db/client";

export const RECORD_TASK = "test_record_and_sleep";

export async function createRecordingTable(db: Db) {
  await sql`create table if not exists job_runs (
    seq bigserial primary key,
    message_id text not null,
    job_id text not null,
    event text not null check (event in ('started', 'done')),
    pid integer not null,
    at timestamptz not null default clock_timestamp()
  )`.execute(db);
}

export function recordingTaskList(db: Db, sleepMs: number): TaskList {
  return {
    async [RECORD_TASK](payload, helpers) {
      const { id } = payload as { id: string };
      const record = (event: "started" | "done") =>
        sql`insert into job_runs (message_id, job_id, event, pid) values (${id}, ${helpers.job.id}, ${event}, ${process.pid})`.execute(db);
      await record("started");
      await new Promise((r) => setTimeout(r, sleepMs));
      await record("done");
    },
  };
}
