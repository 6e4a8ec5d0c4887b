// The worker's pruning task (cron, hourly).
import type { Db } from "@/lib/db/client";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { pruneExpiredRows } from "./prune";

export function retentionTasks(db: Db): Pick<TaskHandlers, "prune_expired_rows"> {
  return {
    async prune_expired_rows(_payload, helpers) {
      const r = await pruneExpiredRows(db);
      const summary = Object.entries(r.deleted)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${n} ${name}`)
        .join(", ");
      if (summary) helpers.logger.info(`pruned ${summary} in ${r.batches} batches`);
      if (!r.finished) helpers.logger.warn("pruning stopped at its time budget with rows still past their window; the next run carries on");
    },
  };
}
