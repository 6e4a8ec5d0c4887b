// Enqueueing delivery attempts. One graphile-worker job per attempt, keyed by
// message and attempt, so a re-run of whatever enqueued it never doubles it.
// The job does the attempt, records it, and enqueues the next one itself
// (run_at from our schedule); graphile-worker's own retries only cover a crash.
import { sql, type RawBuilder } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import type { WebhookAttemptTrigger } from "@/lib/db/schema";
import { enqueue, enqueuePerRow } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import type { TaskPayload } from "@/lib/queue/tasks";

/** graphile-worker retries of one attempt job, for crashes between the POST and its record. */
export const ATTEMPT_JOB_MAX_ATTEMPTS = 3;

export type DeliverWebhookPayload = TaskPayload<"deliver_webhook_message">;

export function jobKey(p: { messageId: string; attempt: number; trigger: WebhookAttemptTrigger; deferrals?: number }, unique?: string): string {
  const which = p.trigger === "resend" || p.trigger === "replay" ? [p.trigger, unique ?? ""] : [p.attempt];
  return jobKeys.outboundAttempt.of(p.messageId, ...which, ...(p.deferrals ? [`d${p.deferrals}`] : []));
}

export async function enqueueAttempt(db: DbOrTx, p: DeliverWebhookPayload, opts: { runAt?: Date; unique?: string } = {}): Promise<void> {
  await enqueue(db, "deliver_webhook_message", p, { runAt: opts.runAt, maxAttempts: ATTEMPT_JOB_MAX_ATTEMPTS, jobKey: jobKey(p, opts.unique) });
}

/** The first attempt for every message a statement just inserted, in the same statement. */
export function firstAttemptsSql(insertedIds: RawBuilder<unknown>) {
  const firstAttempt = enqueuePerRow(
    "deliver_webhook_message",
    { messageId: sql`ins.id`, attempt: 1, trigger: sql`ins.trig`, deferrals: 0 },
    { maxAttempts: ATTEMPT_JOB_MAX_ATTEMPTS, jobKey: jobKeys.outboundAttempt.sql(sql`ins.id`, sql.lit(1)) },
  );
  return sql<{ n: string }>`
    with ins as (${insertedIds})
    select count(${firstAttempt}) as n
    from ins`;
}

/**
 * Re-arms messages that lost their job (an outage, a job that spent its retries
 * while the database was unreachable): not finished (pending or retrying), and no
 * attempt job for them in the queue that can still run, i.e. none waiting with
 * retries left and none running now. Each gets the next attempt of its schedule
 * under that attempt's own key, so a second sweep, or a sweep racing the job it
 * just armed, adds nothing. Returns the ids re-armed.
 */
export async function rearmStuckMessages(db: DbOrTx, limit: number): Promise<string[]> {
  const nextAttempt = enqueuePerRow(
    "deliver_webhook_message",
    { messageId: sql`s.id`, attempt: sql`s.attempt`, trigger: "scheduled", deferrals: 0 },
    { maxAttempts: ATTEMPT_JOB_MAX_ATTEMPTS, jobKey: jobKeys.outboundAttempt.sql(sql`s.id`, sql`s.attempt`) },
  );
  const { rows } = await sql<{ id: string }>`
    with stuck as (
      select m.id, m.attempts + 1 as attempt from webhook_messages m
      where m.status in ('pending', 'retrying')
        and not exists (
          select 1 from graphile_worker.jobs j
          where j.key like ${jobKeys.outboundAttempt.sql(sql`m.id`, sql.lit("%"))}
            and (j.attempts < j.max_attempts or j.locked_at is not null))
      order by m.created_at
      limit ${limit}
    )
    select s.id, ${nextAttempt} as job
    from stuck s`.execute(db);
  return rows.map((r) => r.id);
}
