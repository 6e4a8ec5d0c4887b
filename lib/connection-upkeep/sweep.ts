// The cron sweep: queues each connection's due periodic work and the renewal
// of each lapsing grant. One job per connection and kind (a job key), so a slow
// run is never doubled by the next sweep.
import type { Db } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";
import { lapsingGrants } from "./lapsing-grants";
import { duePeriodic } from "./periodic";

/** A periodic run that fails is retried by the next due sweep, not by the queue's long backoff. */
const PERIODIC_ATTEMPTS = 1;
const GRANT_ATTEMPTS = 3;

export async function sweepConnectionUpkeep(db: Db, now = new Date()): Promise<{ periodic: number; grants: number }> {
  const periodic = await duePeriodic(db, now);
  for (const id of periodic) await enqueue(db, "run_connection_periodic", { connectionId: id }, { jobKey: jobKeys.connectionPeriodic.of(id), maxAttempts: PERIODIC_ATTEMPTS });
  const grants = await lapsingGrants(db, now);
  for (const id of grants) await enqueue(db, "renew_lapsing_grant", { connectionId: id }, { jobKey: jobKeys.lapsingGrant.of(id), maxAttempts: GRANT_ATTEMPTS });
  return { periodic: periodic.length, grants: grants.length };
}
