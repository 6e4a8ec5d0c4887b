// Nothing waits forever: the periodic sweep that re-arms work whose job is gone.
//
// Every unfinished piece of work has a job behind it: a fact not yet dispatched
// (domain_events.dispatched_at null) its dispatch job, a subscriber delivery that
// is pending or retrying its deliver job, an outbound message that is pending or
// retrying its next attempt's job. Those rows and jobs are written in the same
// transactions, so normally the pair cannot come apart. An outage can still
// part them: a job that spent its retries while the database was unreachable
// stays behind as a failed job, and a worker that lost the database mid-job may
// never record the job's end. Work is "stuck" when it is unfinished (not
// succeeded, skipped, dead or failed by its normal schedule) and has no job that
// can still run: none waiting with retries left, none locked by a worker now.
// (Jobs locked by a dead worker are freed by the liveness sweep, see liveness.ts.)
//
// Each sweep re-arms exactly those, under the same job keys their normal jobs
// use, so sweeping twice, from several workers at once, or racing a job that was
// just added never doubles a job. The re-armed job runs with a fresh set of
// retries; a delivery keeps its recorded state and history. Reminders that
// should still go out and have no job are re-armed the same way
// (lib/domain/reminders/schedule.ts, rearmLostReminders).
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";
import { rearmStuckBroadcasts } from "@/lib/broadcasting/queue";
import { rearmLostReminders } from "@/lib/domain/reminders/schedule";
import { log } from "@/lib/log";
import { enqueuePerRow } from "@/lib/queue/enqueue";
import { repeatEvery, type Repeating } from "./repeat";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";
import { rearmStuckMessages } from "@/lib/webhooks/outbound/queue";

/** Rows re-armed per kind and sweep: an outage's backlog drains over a few sweeps, not one huge statement. */
const BATCH = 500;

export interface SweepResult {
  dispatches: number;
  deliveries: number;
  messages: number;
}

export function sweepIntervalMs(override?: number): number {
  const ms = override ?? Number(process.env.WORKER_SWEEP_MS ?? 60_000);
  if (!(ms > 0)) throw new Error("WORKER_SWEEP_MS must be a positive number of milliseconds");
  return ms;
}

/** A live job: waiting with retries left, or running (graphile-worker counts the running attempt already). */
const live = sql`(j.attempts < j.max_attempts or j.locked_at is not null)`;

// Into the same per-organization queue recordDomainEvent uses, so a re-armed fact keeps its place in line.
async function rearmDispatches(db: Db): Promise<number> {
  const { rows } = await sql`
    with stuck as (
      select e.id, e.org_id from domain_events e
      where e.dispatched_at is null
        and not exists (select 1 from graphile_worker.jobs j where j.key = ${jobKeys.dispatch.sql(sql`e.id`)} and ${live})
      order by e.occurred_at
      limit ${BATCH}
    )
    select ${enqueuePerRow("dispatch_domain_event", { domainEventId: sql`s.id` }, { jobKey: jobKeys.dispatch.sql(sql`s.id`), queueName: queueNames.dispatch.sql(sql`s.org_id`) })}
    from stuck s`.execute(db);
  return rows.length;
}

async function rearmDeliveries(db: Db, maxAttempts: number): Promise<number> {
  const { rows } = await sql`
    with stuck as (
      select d.id, d.queue_name from subscriber_deliveries d
      where d.status in ('pending', 'retrying')
        and not exists (select 1 from graphile_worker.jobs j where j.key = ${jobKeys.deliver.sql(sql`d.id`)} and ${live})
      order by d.created_at
      limit ${BATCH}
    )
    select ${enqueuePerRow("deliver_to_subscriber", { deliveryId: sql`s.id` }, { queueName: sql`s.queue_name`, maxAttempts, jobKey: jobKeys.deliver.sql(sql`s.id`) })}
    from stuck s`.execute(db);
  return rows.length;
}

/** One sweep over every kind of work; safe to run from many workers at once. */
export async function sweepStuckWork(db: Db, opts: { maxAttempts: number }): Promise<SweepResult> {
  return {
    dispatches: await rearmDispatches(db),
    deliveries: await rearmDeliveries(db, opts.maxAttempts),
    messages: (await rearmStuckMessages(db, BATCH)).length,
  };
}

export type Sweeper = Repeating;

/** Sweeps every intervalMs until stopped; a sweep that fails (database away) is logged and tried next time. */
export function startSweeper(db: Db, opts: { intervalMs: number; maxAttempts: number }): Sweeper {
  const logger = log.child({ component: "worker-sweeper" });
  return repeatEvery(opts.intervalMs, async () => {
    try {
      const r = await sweepStuckWork(db, opts);
      if (r.dispatches + r.deliveries + r.messages > 0) logger.warn(r, "re-armed work that had no job left");
      const reminders = await rearmLostReminders(db, BATCH);
      if (reminders > 0) logger.warn({ reminders }, "re-armed reminders that had no job left");
      const broadcasts = await rearmStuckBroadcasts(db, BATCH);
      if (broadcasts > 0) logger.warn({ broadcasts }, "re-armed broadcasts that had no job left");
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "could not sweep for work without a job");
    }
  });
}
