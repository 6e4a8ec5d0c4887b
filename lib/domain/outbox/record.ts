// The outbox write: the fact commits in the caller's transaction together with the
// domain row it describes, and so does the job that will dispatch it. If the
// transaction rolls back, neither the fact nor the job exists.
import type { Tx } from "@/lib/db/client";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys, queueNames } from "@/lib/queue/job-keys";
import { currentTraceparent } from "@/lib/tracing/traceparent";
import { domainEventCatalog, type DomainEventPayload, type DomainEventType } from "./catalog";

export async function recordDomainEvent<T extends DomainEventType>(
  tx: Tx,
  input: { orgId: string; type: T; aggregateId: string; payload: DomainEventPayload<T> },
): Promise<string> {
  const entry = domainEventCatalog[input.type];
  // A payload that breaks its own schema is a programming error: fail the write.
  const payload = entry.schema.parse(input.payload);
  const row = await tx
    .insertInto("domain_events")
    .values({
      org_id: input.orgId,
      type: input.type,
      version: entry.version,
      aggregate_type: entry.aggregate,
      aggregate_id: input.aggregateId,
      payload: JSON.stringify(payload),
      // The jobs that carry this fact on continue the request's trace (lib/jobs/traced-tasks.ts).
      traceparent: currentTraceparent(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // One queue per organization: its facts are fanned out one at a time, in the
  // order they were written, so an ordered subscriber's deliveries queue up in
  // that order too (a guest is never added before the calendar entry exists).
  await enqueue(tx, "dispatch_domain_event", { domainEventId: row.id }, { jobKey: jobKeys.dispatch.of(row.id), queueName: queueNames.dispatch.of(input.orgId) });
  return row.id;
}
