// How a gateway refunds: the part of a provider's payments capability that the
// refund rules here send claimed refunds through (an admin's refund, a late
// payment's). Declared here, beside those rules, so they need nothing from the
// providers; the payments capability (lib/integrations/contract/payments) extends it.
import type { OrderRow } from "@/lib/db/schema";
import type { RefundClaim } from "./refund-claims";

export interface RefundInput {
  order: OrderRow;
  amountMinor: number;
  /** Tickets this refund is for; empty for the whole order. */
  attendeeIds: string[];
  /** Stable for one refund request, so a double click refunds once. */
  idempotencyKey: string;
  /** The claimed refund request this is (see ./refund-claims), for providers that keep more with it. */
  claim?: RefundClaim;
}

export interface GatewayRefunds<Ctx> {
  /** Asks the provider to refund; the order changes when the provider confirms. */
  refund(ctx: Ctx, input: RefundInput): Promise<void>;
  /**
   * The provider replays a refund sent again with the same idempotency key, so a
   * failed attempt may be retried at once; without that, an attempt that got no
   * answer is left alone for a while (it may have gone through).
   */
  refundsReplayKeys: boolean;
}
