// The worker's upkeep tasks: the sweep (cron), one connection's periodic work,
// one lapsing grant's early renewal.
import type { Db } from "@/lib/db/client";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { renewLapsingGrant } from "./lapsing-grants";
import { runPeriodic } from "./periodic";
import { sweepConnectionUpkeep } from "./sweep";

export function connectionUpkeepTasks(db: Db): Pick<TaskHandlers, "sweep_connection_upkeep" | "run_connection_periodic" | "renew_lapsing_grant"> {
  return {
    async sweep_connection_upkeep(_payload, helpers) {
      const r = await sweepConnectionUpkeep(db);
      if (r.periodic || r.grants) helpers.logger.info(`connection upkeep: ${r.periodic} periodic runs, ${r.grants} lapsing grants`);
    },
    async run_connection_periodic({ connectionId }, helpers) {
      helpers.logger.info(`periodic work of ${connectionId}: ${await runPeriodic(db, connectionId)}`);
    },
    async renew_lapsing_grant({ connectionId }, helpers) {
      helpers.logger.info(`grant of ${connectionId}: ${await renewLapsingGrant(db, connectionId)}`);
    },
  };
}
