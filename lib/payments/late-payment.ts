// A payment confirmed after its hold was released and its places sold since: there
// is nothing left to sell the buyer, so it goes back in full at once, through the
// gateway it came by. It is claimed like any refund (one claim for the whole
// order), so however often the provider reports the payment, it is refunded once.
// Every gateway's callbacks end here for it (see ./settle-paid).
import type { Db } from "@/lib/db/client";
import type { OrderRow } from "@/lib/db/schema";
import type { GatewayRefunds } from "./gateway-refunds";
import { claimRefund, WHOLE_ORDER } from "./refund-claims";
import { sendClaimedRefund } from "./send-refund";

export async function refundLatePayment<Ctx>(db: Db, gateway: GatewayRefunds<Ctx>, ctx: Ctx, order: OrderRow): Promise<void> {
  const amount = order.total_minor - order.refunded_minor;
  if (amount <= 0) return;
  if (!order.payment_intent_id) throw new Error(`order ${order.id} was paid without a payment reference to refund`);
  const claimed = await claimRefund(db, { orgId: order.org_id, orderId: order.id, scope: WHOLE_ORDER, attendeeIds: [], amountMinor: amount });
  if ("already" in claimed) {
    if (claimed.already.status === "requested") return;
    // Another attempt is under way, or went unanswered moments ago: the caller's job retries later.
    throw new Error("the refund of this late payment is still being sent; trying again later");
  }
  await sendClaimedRefund(db, gateway, ctx, order, claimed.claim);
}
