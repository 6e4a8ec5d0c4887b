// Waiting for a calendar sync test's world to come to rest before it asserts on it.
import { sql } from "kysely";
import type { Db } from "../../lib/db/client";
import { waitFor } from "./wait";

/**
 * Nothing left in flight: every callback the sandbox sent was answered
 * (`sandboxBusy` says whether one is still out), and no callback, sync, renewal
 * or delivery job is waiting. Checked three times in a row, since a job's end can
 * start a write whose callback is only then sent.
 */
export async function calendarQuiet(db: Db, sandboxBusy: () => Promise<boolean>): Promise<void> {
  let calm = 0;
  await waitFor(
    async () => {
      const inFlight = await sandboxBusy();
      const jobs = await sql<{ n: string }>`
        select count(*) as n from graphile_worker.jobs
        where attempts < max_attempts and run_at <= now() + interval '1 second'
          and task_identifier in ('process_webhook_event', 'sync_calendar', 'renew_calendar_channel', 'dispatch_domain_event', 'deliver_to_subscriber')`.execute(db);
      calm = !inFlight && Number(jobs.rows[0]!.n) === 0 ? calm + 1 : 0;
      return calm >= 3;
    },
    { what: "the sandbox and the worker to settle", timeoutMs: 30_000 },
  );
}
