// What admins see of the worker: deliveries per subscriber, and a manual retry
// for the ones that ran out of attempts.
import { sql } from "kysely";
import type { Db, Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/domain/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { jobKeys } from "@/lib/queue/job-keys";

export async function listDeliveries(db: Db, orgId: string, opts: { status?: string; limit?: number } = {}) {
  let q = db
    .selectFrom("subscriber_deliveries as d")
    .innerJoin("domain_events as e", "e.id", "d.domain_event_id")
    // Connection subscribers are named "connection:<id>" (a social network's posts "social-post:<id>"); show which integration that is.
    .leftJoin("connections as c", (join) => join.on(sql<boolean>`d.subscriber in ('connection:' || c.id::text, 'social-post:' || c.id::text)`))
    .select([
      "c.connector_id",
      "d.id",
      "d.subscriber",
      "d.status",
      "d.attempts",
      "d.last_error",
      "d.next_attempt_at",
      "d.updated_at",
      "e.type as event_type",
      "e.occurred_at",
    ])
    .where("d.org_id", "=", orgId)
    .orderBy("d.created_at", "desc")
    .limit(opts.limit ?? 100);
  if (opts.status) q = q.where("d.status", "=", opts.status as "dead");
  return q.execute();
}

export async function enqueueDelivery(tx: Tx, deliveryId: string, maxAttempts: number, queueName: string | null): Promise<void> {
  // The job key makes enqueueing idempotent and lets a manual retry replace a
  // dead job (graphile-worker resets its attempts) instead of adding a second one.
  await enqueue(tx, "deliver_to_subscriber", { deliveryId }, { queueName, maxAttempts, jobKey: jobKeys.deliver.of(deliveryId) });
}

export async function retryDelivery(db: Db, orgId: string, deliveryId: string, maxAttempts: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const d = await tx
      .selectFrom("subscriber_deliveries")
      .select(["id", "status", "queue_name"])
      .where("id", "=", deliveryId)
      .where("org_id", "=", orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw new NotFoundError("Delivery");
    if (d.status === "succeeded") throw new ConflictError("This delivery already succeeded.");
    await tx
      .updateTable("subscriber_deliveries")
      .set({ status: "pending", last_error: null, next_attempt_at: null, updated_at: new Date() })
      .where("id", "=", deliveryId)
      .execute();
    await enqueueDelivery(tx, deliveryId, maxAttempts, d.queue_name);
  });
}

export async function deliveryCounts(db: Db, orgId: string) {
  const rows = await db
    .selectFrom("subscriber_deliveries")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("org_id", "=", orgId)
    .groupBy("status")
    .execute();
  const counts = { pending: 0, succeeded: 0, skipped: 0, retrying: 0, dead: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export function maxDeliveryAttempts(): number {
  return Number(process.env.DELIVERY_MAX_ATTEMPTS ?? 12);
}
