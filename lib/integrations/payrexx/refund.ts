// Refunds by transaction. Payrexx takes no idempotency key: the claim row
// (lib/payments/refund-claims) is what keeps a second request from refunding again,
// and its target, the refunded total this refund brings Payrexx to, lets a retry
// see that it already went through.
import type { GatewayRefunds } from "@/lib/payments/gateway-refunds";
import { setClaimTarget } from "@/lib/payments/refund-claims";
import { refundOnce, retrieveTransaction } from "./client";
import type { PayrexxContext } from "./manifest";
import { refundedAmountOf } from "./objects";

export const payrexxRefunds: GatewayRefunds<PayrexxContext> = {
  async refund(ctx, { order, claim }) {
    if (!claim) throw new Error("Payrexx refunds are sent for a claimed refund request only");
    const transactionId = order.payment_intent_id!;
    let target = claim.target_minor;
    if (target === null) {
      target = refundedAmountOf(await retrieveTransaction(ctx, transactionId)) + claim.amount_minor;
      await setClaimTarget(ctx.db, claim.id, target);
    }
    await refundOnce(ctx, { transactionId, amount: claim.amount_minor, target });
  },
  refundsReplayKeys: false,
};
