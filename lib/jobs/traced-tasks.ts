// Every job runs in a span of its own; the jobs that carry a fact (its fan-out,
// its delivery to a subscriber, its outbound webhook messages) continue the
// trace of the request that recorded it, so one trace follows the fact from the
// request through the outbox and the job to the provider call.
import type { Db } from "@/lib/db/client";
import type { TaskHandler, TaskHandlers } from "@/lib/queue/handlers";
import type { TaskName, TaskPayload } from "@/lib/queue/tasks";
import { factTraceparent, type FactRef } from "@/lib/tracing/facts";
import { withJobSpan } from "@/lib/tracing/spans";

type FactOf = { [T in TaskName]?: (payload: TaskPayload<T>) => FactRef };

const FACT_OF: FactOf = {
  dispatch_domain_event: (p) => ({ domainEventId: p.domainEventId }),
  deliver_to_subscriber: (p) => ({ deliveryId: p.deliveryId }),
  deliver_webhook_message: (p) => ({ messageId: p.messageId }),
};

export function withJobSpans(db: Db, handlers: Partial<TaskHandlers>): Partial<TaskHandlers> {
  const out: Partial<Record<TaskName, TaskHandler<TaskName>>> = {};
  for (const [task, handler] of Object.entries(handlers) as Array<[TaskName, TaskHandler<TaskName>]>) {
    const factOf = FACT_OF[task] as ((p: TaskPayload<TaskName>) => FactRef) | undefined;
    out[task] = async (payload, helpers) => {
      const parent = factOf ? await factTraceparent(db, factOf(payload)) : null;
      await withJobSpan(task, parent, { "job.attempt": helpers.job.attempts }, () => handler(payload, helpers));
    };
  }
  return out as Partial<TaskHandlers>;
}
