// Refunds by payment intent, with the claim's idempotency key: Stripe replays a
// request sent again with the same key, so a failed attempt may be retried at once.
import type { GatewayRefunds } from "@/lib/payments/gateway-refunds";
import { stripe } from "./client";
import type { StripeContext } from "./manifest";

export const stripeRefunds: GatewayRefunds<StripeContext> = {
  async refund(ctx, { order, amountMinor, attendeeIds, idempotencyKey }) {
    await ctx.call("refunds.create", () =>
      stripe(ctx).refunds.create(
        { payment_intent: order.payment_intent_id!, amount: amountMinor, metadata: { order_id: order.id, attendee_ids: attendeeIds.join(",") } },
        { idempotencyKey },
      ),
    );
  },
  refundsReplayKeys: true,
};
