// One job per broadcast at a time: a job key and a queue of its own, so the
// batches of one broadcast go out one after another and re-enqueueing while a
// batch job waits replaces it instead of adding a second.
import { sql } from "kysely";
import type { Db, DbOrTx } from "@/lib/db/client";
import { enqueue, enqueuePerRow } from "@/lib/queue/enqueue";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";

/** graphile-worker's attempts for one batch before its recipients are recorded as failed. */
export const BATCH_MAX_ATTEMPTS = 10;

export async function enqueueBatch(db: DbOrTx, broadcastId: string, runAt?: Date): Promise<void> {
  await enqueue(db, "send_broadcast_batch", { broadcastId }, { jobKey: jobKeys.broadcast.of(broadcastId), queueName: queueNames.broadcast.of(broadcastId), maxAttempts: BATCH_MAX_ATTEMPTS, runAt });
}

/**
 * Broadcasts still sending whose job is gone (spent its retries while the
 * database was away, or lost with a worker): re-armed under the same key, so
 * sweeping twice or from several workers never doubles a job.
 */
export async function rearmStuckBroadcasts(db: Db, limit: number): Promise<number> {
  const { rows } = await sql`
    with stuck as (
      select b.id from broadcasts b
      where b.status = 'sending'
        and not exists (select 1 from graphile_worker.jobs j where j.key = ${jobKeys.broadcast.sql(sql`b.id`)} and (j.attempts < j.max_attempts or j.locked_at is not null))
      order by b.created_at
      limit ${limit}
    )
    select ${enqueuePerRow("send_broadcast_batch", { broadcastId: sql`s.id` }, { jobKey: jobKeys.broadcast.sql(sql`s.id`), queueName: queueNames.broadcast.sql(sql`s.id`), maxAttempts: BATCH_MAX_ATTEMPTS })}
    from stuck s`.execute(db);
  return rows.length;
}
