// One job per broadcast at a time: a job key and a queue of its own, so the
// batches of one broadcast go out one after another and re-enqueueing while a
// batch job waits replaces it instead of adding a second.
import type { DbOrTx } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";

export const broadcastJobKey = (broadcastId: string) => `broadcast:${broadcastId}`;

/** graphile-worker's attempts for one batch before its recipients are recorded as failed. */
export const BATCH_MAX_ATTEMPTS = 10;

export async function enqueueBatch(db: DbOrTx, broadcastId: string, runAt?: Date): Promise<void> {
  await enqueue(db, "send_broadcast_batch", { broadcastId }, { jobKey: broadcastJobKey(broadcastId), queueName: broadcastJobKey(broadcastId), maxAttempts: BATCH_MAX_ATTEMPTS, runAt });
}
