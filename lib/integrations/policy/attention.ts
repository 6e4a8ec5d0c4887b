// Asks for an evaluation of the organization's alerts (lib/alerts) when a
// connection's health changes: its breaker trips or closes, it is flagged for a
// person. One waiting job per organization (a job key), so a burst of failures
// is one evaluation; best effort, since the sweep evaluates every minute anyway.
import type { DbOrTx } from "@/lib/db/client";
import { log } from "@/lib/log";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

export async function askForAlertEvaluation(db: DbOrTx, orgId: string): Promise<void> {
  try {
    await enqueue(db, "evaluate_alerts", { orgId }, { jobKey: jobKeys.alertEvaluation.of(orgId), maxAttempts: 3 });
  } catch (err) {
    log.warn({ err, orgId }, "could not ask for an evaluation of the alerts");
  }
}
