// The worker's alert tasks: one organization's evaluation, the sweep (cron, every
// minute), and one incident's notice.
import type { Db } from "@/lib/db/client";
import type { TaskHandlers } from "@/lib/queue/handlers";
import { evaluateAlerts, sweepAlerts } from "./evaluate";
import { sendAlertNotice } from "./notice";

export function alertTasks(db: Db): Pick<TaskHandlers, "evaluate_alerts" | "sweep_alerts" | "send_alert_notice"> {
  return {
    async evaluate_alerts({ orgId }, helpers) {
      const r = await evaluateAlerts(db, orgId);
      if (r.opened || r.resolved) helpers.logger.info(`alerts of ${orgId}: ${r.opened} opened, ${r.resolved} resolved`);
    },
    async sweep_alerts(_payload, helpers) {
      const r = await sweepAlerts(db);
      if (r.opened || r.resolved || r.failed) {
        helpers.logger.info(`alerts: ${r.opened} opened, ${r.resolved} resolved in ${r.organizations} organizations${r.failed ? `, ${r.failed} could not be evaluated` : ""}`);
      }
    },
    async send_alert_notice({ incidentId, phase }, helpers) {
      helpers.logger.info(`alert ${incidentId} ${await sendAlertNotice(db, incidentId, phase)}`);
    },
  };
}
