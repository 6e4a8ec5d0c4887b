// Enqueueing a job, typed by the task list: in the caller's transaction, so the
// job exists exactly when the write that needs it commits. A job key makes
// enqueueing idempotent: adding a job under a key that is waiting replaces it
// (graphile-worker's "replace" mode) instead of adding a second one.
import { isExpression, sql, type Expression, type RawBuilder } from "kysely";
import type { DbOrTx } from "@/lib/db/client";
import { taskPayloads, type TaskName, type TaskPayload, type TaskPayloadInput } from "./tasks";

export interface EnqueueOptions {
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string | null;
  /** graphile-worker's own retries of the job (25 when unset). */
  maxAttempts?: number;
  jobKey?: string;
  runAt?: Date;
  priority?: number;
}

/** Adds one job; the payload is checked against its task's schema first. */
export async function enqueue<T extends TaskName>(db: DbOrTx, task: T, payload: TaskPayloadInput<T>, opts: EnqueueOptions = {}): Promise<void> {
  const parsed = taskPayloads[task].parse(payload);
  await sql`select ${addJob(task, sql`${JSON.stringify(parsed)}::json`, {
    queueName: opts.queueName,
    maxAttempts: opts.maxAttempts,
    jobKey: opts.jobKey,
    runAt: opts.runAt,
    priority: opts.priority,
  })}`.execute(db);
}

/** A value computed per row of the statement (a column, an expression), or one value for every row. */
type PerRow<V> = V | Expression<unknown>;

type PerRowOptions = { [K in keyof EnqueueOptions]?: PerRow<NonNullable<EnqueueOptions[K]>> | null };

/**
 * One job per row of the statement it is placed in, e.g. `select ${enqueuePerRow(…)} from stuck s`:
 * re-arming or fanning out a whole set in one statement. Each payload field is
 * a SQL expression over the row (or a constant); the field names are the task's.
 */
export function enqueuePerRow<T extends TaskName>(
  task: T,
  payload: { [K in keyof TaskPayload<T>]-?: PerRow<TaskPayload<T>[K]> },
  opts: PerRowOptions = {},
): RawBuilder<unknown> {
  const fields = Object.entries(payload as Record<string, PerRow<unknown>>).map(([name, value]) => sql`${sql.lit(name)}, ${valueSql(value)}`);
  return addJob(task, sql`json_build_object(${sql.join(fields)})`, opts);
}

function addJob(task: TaskName, payload: RawBuilder<unknown>, opts: PerRowOptions) {
  return sql`graphile_worker.add_job(${task}::text, ${payload},
    queue_name := ${valueSql(opts.queueName ?? null)}::text,
    run_at := ${valueSql(opts.runAt ?? null)}::timestamptz,
    max_attempts := ${valueSql(opts.maxAttempts ?? null)}::int,
    job_key := ${valueSql(opts.jobKey ?? null)}::text,
    priority := ${valueSql(opts.priority ?? null)}::int)`;
}

// A bare parameter has no type Postgres can infer inside json_build_object, so
// constants are cast by what they are.
function valueSql(value: unknown): Expression<unknown> {
  if (isExpression(value)) return sql`(${value})`;
  if (value === null || value === undefined) return sql`null`;
  if (typeof value === "number") return Number.isInteger(value) ? sql`${value}::int` : sql`${value}::float8`;
  if (typeof value === "boolean") return sql`${value}::boolean`;
  if (value instanceof Date) return sql`${value}::timestamptz`;
  return sql`${String(value)}::text`;
}
