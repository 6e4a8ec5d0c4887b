// The worker's backfill task: one batch, then the next batch queued under the same key.
import type { Db } from "@/lib/db/client";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { runBackfillBatch } from "./run";

export function backfillTasks(db: Db): Pick<TaskHandlers, "run_backfill_batch"> {
  return {
    async run_backfill_batch({ backfillId }) {
      if (await runBackfillBatch(db, backfillId)) {
        await enqueue(db, "run_backfill_batch", { backfillId }, { jobKey: jobKeys.backfill.of(backfillId), queueName: jobKeys.backfill.of(backfillId) });
      }
    },
  };
}
