// Every gateway's "the payment went through", in one place: the order is paid,
// or, when its hold had been released and the places sold since, the payment is
// refunded in full at once (the caller passes ./late-payment with its gateway's
// refunds), since there is nothing left to sell the buyer. A payment that is not
// the order's own (amount, currency, gateway, connection) is recorded on the
// order and settles nothing.
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import type { PaymentSeen } from "@/lib/domain/orders/payment-match";
import { markOrderPaid } from "@/lib/domain/orders/settle";
import { log } from "@/lib/log";

/** A mismatch is a payment that is not the order's own (see payment-match): kept on the order, never settled. */
export type PaidOutcome = "changed" | "unchanged" | "refunded_late" | { mismatch: string };

export const isMismatch = (r: PaidOutcome): r is { mismatch: string } => typeof r === "object";

export async function settlePaid(
  db: Db,
  orderId: string,
  refs: { paymentIntentId?: string | null; chargeId?: string | null },
  refundInFull: (order: OrderRow) => Promise<void>,
  payment?: PaymentSeen,
): Promise<PaidOutcome> {
  const result = await markOrderPaid(db, orderId, refs, payment);
  if (result === "mismatch") {
    const { payment_mismatch } = await db.selectFrom("orders").select("payment_mismatch").where("id", "=", orderId).executeTakeFirstOrThrow();
    log.warn({ order: orderId, mismatch: payment_mismatch }, "a payment that is not the order's own was reported; the order was not settled");
    return { mismatch: payment_mismatch ?? "Payment not accepted." };
  }
  if (result !== "no_places") return result;
  const order = await db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirstOrThrow();
  log.warn({ order: orderId }, "payment confirmed after the order's places were released and sold; refunding it");
  await refundInFull(order);
  return "refunded_late";
}

export function paidOutcomeText(result: PaidOutcome): string {
  if (isMismatch(result)) return `${result.mismatch} The order was not settled.`;
  if (result === "changed") return "order paid; tickets issued";
  if (result === "unchanged") return "order already paid";
  return "paid after its hold was released and the places were sold; refunded in full";
}
