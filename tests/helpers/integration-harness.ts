// What every connector test needs: its own database and organization with an
// owner, a sandbox, and a real worker delivering the outbox to connections.
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll } from "vitest";
import { startWorker } from "../../lib/jobs/runner";
import type { TaskName } from "../../lib/queue/tasks";
import { makeUser } from "./fixtures";
import { useOrgDatabase, type OrgDatabase } from "./org-database";
import { useSandbox, type SandboxHandle } from "./sandbox";

export interface IntegrationHarness {
  t: OrgDatabase;
  sandbox: SandboxHandle;
  /** The organization's owner; set in beforeAll. */
  owner: { userId: string };
}

/**
 * `withoutTasks`: the worker leaves these tasks queued, for a test that drives a
 * capability itself and checks what it queues (a test of one provider's calendar
 * calls, with the sync engine's own jobs kept from acting beside it).
 */
export function useIntegrationHarness(opts: { withoutTasks?: TaskName[] } = {}): IntegrationHarness {
  const t = useOrgDatabase();
  const sandbox = useSandbox();
  const owner = { userId: "" };
  let runner: Runner | undefined;
  beforeAll(async () => {
    owner.userId = (await makeUser(t.db, t.orgId, "owner")).id;
    runner = await startWorker({ connectionString: t.url, db: t.db, pollInterval: 100, concurrency: 2, skipTasks: opts.withoutTasks });
  });
  afterAll(async () => {
    await runner?.stop();
  });
  return { t, sandbox, owner };
}
