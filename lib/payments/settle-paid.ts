// Every gateway's "the payment went through", in one place: the order is paid,
// or, when its hold had been released and the places sold since, the payment is
// refunded in full at once, since there is nothing left to sell the buyer.
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { log } from "@/lib/log";

export type PaidOutcome = "changed" | "unchanged" | "refunded_late";

export async function settlePaid(
  db: Db,
  orderId: string,
  refs: { paymentIntentId?: string | null; chargeId?: string | null },
  refundInFull: (order: OrderRow) => Promise<void>,
): Promise<PaidOutcome> {
  const result = await markOrderPaid(db, orderId, refs);
  if (result !== "no_places") return result;
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
  log.warn({ order: orderId }, "payment confirmed after the order's places were released and sold; refunding it");
  await refundInFull(order);
  return "refunded_late";
}

export function paidOutcomeText(result: PaidOutcome): string {
  if (result === "changed") return "order paid; tickets issued";
  if (result === "unchanged") return "order already paid";
  return "paid after its hold was released and the places were sold; refunded in full";
}
