// Enqueueing delivery attempts. One graphile-worker job per attempt, keyed by
// message and attempt, so a re-run of whatever enqueued it never doubles it.
// The job does the attempt, records it, and enqueues the next one itself
// (run_at from our schedule); graphile-worker's own retries only cover a crash.
import { sql } from "kysely";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import type { WebhookAttemptTrigger } from "@/lib/db/schema";

export const DELIVER_WEBHOOK_TASK = "deliver_webhook_message";
/** graphile-worker retries of one attempt job, for crashes between the POST and its record. */
const JOB_MAX_ATTEMPTS = 3;

export const deliverWebhookPayload = z.object({
  messageId: z.uuid(),
  /** Which attempt of the schedule this job is (1-based); resends and replays say 0. */
  attempt: z.number().int().min(0),
  trigger: z.enum(["scheduled", "resend", "replay", "test"]),
  /** How often a rate limit has put this attempt off. */
  deferrals: z.number().int().min(0).default(0),
});
export type DeliverWebhookPayload = z.infer<typeof deliverWebhookPayload>;

export function jobKey(p: { messageId: string; attempt: number; trigger: WebhookAttemptTrigger; deferrals?: number }, unique?: string): string {
  const base = `outbound:${p.messageId}:${p.trigger === "resend" || p.trigger === "replay" ? `${p.trigger}:${unique ?? ""}` : p.attempt}`;
  return p.deferrals ? `${base}:d${p.deferrals}` : base;
}

export async function enqueueAttempt(db: DbOrTx, p: DeliverWebhookPayload, opts: { runAt?: Date; unique?: string } = {}): Promise<void> {
  await sql`select graphile_worker.add_job(${DELIVER_WEBHOOK_TASK}, ${JSON.stringify(p)}::json,
    run_at := ${opts.runAt ?? null}::timestamptz, max_attempts := ${JOB_MAX_ATTEMPTS}::int, job_key := ${jobKey(p, opts.unique)})`.execute(db);
}

/** The first attempt for every message a statement just inserted, in the same statement. */
export function firstAttemptsSql(insertedIds: ReturnType<typeof sql>) {
  return sql<{ n: string }>`
    with ins as (${insertedIds})
    select count(graphile_worker.add_job(${DELIVER_WEBHOOK_TASK},
      json_build_object('messageId', ins.id, 'attempt', 1, 'trigger', ins.trig, 'deferrals', 0),
      max_attempts := ${JOB_MAX_ATTEMPTS}::int, job_key := 'outbound:' || ins.id || ':1')) as n
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
  const { rows } = await sql<{ id: string }>`
    with stuck as (
      select m.id, m.attempts + 1 as attempt from webhook_messages m
      where m.status in ('pending', 'retrying')
        and not exists (
          select 1 from graphile_worker.jobs j
          where j.key like 'outbound:%' and split_part(j.key, ':', 2) = m.id::text
            and (j.attempts < j.max_attempts or j.locked_at is not null))
      order by m.created_at
      limit ${limit}
    )
    select s.id, graphile_worker.add_job(${DELIVER_WEBHOOK_TASK},
      json_build_object('messageId', s.id, 'attempt', s.attempt, 'trigger', 'scheduled', 'deferrals', 0),
      max_attempts := ${JOB_MAX_ATTEMPTS}::int, job_key := 'outbound:' || s.id || ':' || s.attempt) as job
    from stuck s`.execute(db);
  return rows.map((r) => r.id);
}
