// One pruning run: the policies take turns, one batch each, until every table is
// down to its window or the time budget is spent. Taking turns keeps a big
// backlog in one table from starving the others; the budget keeps a run from
// outliving its hourly slot. What is left waits for the next run.
import type { Db } from "@/lib/db/client";
import { retentionWindows, type RetentionWindows } from "./config";
import { RETENTION_POLICIES, type RetentionPolicy } from "./policies";

/** Rows per statement: small enough that no statement holds its locks for long. */
export const BATCH_SIZE = 5_000;
/** Time one run may spend before leaving the rest for the next. */
export const TIME_BUDGET_MS = 120_000;

export interface PruneOptions {
  windows?: RetentionWindows;
  batchSize?: number;
  budgetMs?: number;
  policies?: readonly RetentionPolicy[];
}

export interface PruneResult {
  /** Rows deleted per policy name (the rows that hang off them not counted). */
  deleted: Record<string, number>;
  /** How many statements ran. */
  batches: number;
  /** False when the budget ran out with rows still past their window. */
  finished: boolean;
}

export async function pruneExpiredRows(db: Db, opts: PruneOptions = {}): Promise<PruneResult> {
  const windows = opts.windows ?? retentionWindows();
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const deadline = Date.now() + (opts.budgetMs ?? TIME_BUDGET_MS);
  const policies = opts.policies ?? RETENTION_POLICIES;
  const deleted: Record<string, number> = Object.fromEntries(policies.map((p) => [p.name, 0]));
  let batches = 0;
  let left = [...policies];
  while (left.length > 0) {
    const next: RetentionPolicy[] = [];
    for (const policy of left) {
      if (Date.now() >= deadline) return { deleted, batches, finished: false };
      const { numAffectedRows } = await policy.statement(windows[policy.window], batchSize).execute(db);
      const n = Number(numAffectedRows ?? 0);
      batches++;
      deleted[policy.name]! += n;
      // A short batch means nothing older is left (or only what is skipped as still needed).
      if (n === batchSize) next.push(policy);
    }
    left = next;
  }
  return { deleted, batches, finished: true };
}
