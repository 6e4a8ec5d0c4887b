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
