// What providers later say about a broadcast message they accepted. Callbacks
// arrive in any order and more than once, so a status is applied only over a
// lower rank: a late "sent" never overwrites "delivered", and "opened" (the
// person read it) outranks "delivered".
import { sql } from "kysely";
import type { Db } from "@/lib/db/client";

export const DELIVERY_RANK: Record<string, number> = {
  queued: 1,
  accepted: 1,
  processed: 1,
  initiated: 1,
  sent: 2,
  deferred: 2,
  ringing: 2,
  "in-progress": 3,
  delivered: 4,
  undelivered: 4,
  bounced: 4,
  dropped: 4,
  failed: 4,
  "no-answer": 4,
  busy: 4,
  canceled: 4,
  completed: 4,
  opened: 5,
  read: 5,
};

export function deliveryRank(delivery: string): number {
  return DELIVERY_RANK[delivery] ?? 0;
}

export type DeliveryTarget = { connectionId: string; delivery: string; detail?: string | null } & ({ providerRef: string } | { recipientId: string });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies a provider's later status to the broadcast recipient it is about,
 * found by the provider's reference (a message SID) or by the recipient id the
 * provider echoed back. Only a recipient of a broadcast sent through this very
 * connection is touched, so one connection's callbacks never move another's
 * rows. False when it changed nothing (not a broadcast message, or older news).
 */
export async function recordRecipientDelivery(db: Db, t: DeliveryTarget): Promise<boolean> {
  const rank = deliveryRank(t.delivery);
  if (rank === 0) return false;
  if ("recipientId" in t && !UUID.test(t.recipientId)) return false;
  let q = db
    .updateTable("broadcast_recipients")
    .set({ delivery: t.delivery, delivery_rank: rank, delivery_detail: t.detail ? t.detail.slice(0, 500) : null, updated_at: new Date() })
    .where("delivery_rank", "<", rank)
    .where("broadcast_id", "in", (eb) => eb.selectFrom("broadcasts").select("id").where("connection_id", "=", t.connectionId));
  q = "recipientId" in t ? q.where("id", "=", t.recipientId) : q.where("provider_ref", "=", t.providerRef);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** How many recipients of a broadcast have each delivery status, for the progress page. */
export async function deliveryCounts(db: Db, broadcastId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("broadcast_recipients")
    .select(["delivery", sql<string>`count(*)`.as("n")])
    .where("broadcast_id", "=", broadcastId)
    .where("delivery", "is not", null)
    .groupBy("delivery")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.delivery!, Number(r.n)]));
}
