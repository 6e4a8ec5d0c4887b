// What a payment provider does for Switchboard, whichever it is: open a hosted
// checkout for one pending order, finish it when the buyer comes back (where the
// provider needs that), refund, and say what its callbacks mean. Orders, holds,
// tickets and the inbound pipeline are shared; only these steps differ.
import type { EventRow, OrderRow } from "@/lib/db/schema";
import type { Connector, ConnectorContext } from "@/lib/integrations/contract";
import type { Processed } from "@/lib/webhooks/inbound/processed";
import type { RefundClaim } from "../refund-claims";

export interface CheckoutLine {
  ticketTypeId: string;
  name: string;
  unitMinor: number;
  quantity: number;
}

export interface OpenCheckoutInput {
  order: OrderRow;
  event: EventRow;
  lines: CheckoutLine[];
  /** The order's status page, which reads the real state. */
  orderUrl: string;
  /** Our route the provider sends the buyer back to; it calls completeReturn, then shows orderUrl. */
  returnUrl: string;
  /** Back to the event page, nothing charged. */
  cancelUrl: string;
  /** When the held places are released; the provider's checkout should not outlive it. */
  expiresAt: Date;
}

export interface RefundInput {
  order: OrderRow;
  amountMinor: number;
  /** Tickets this refund is for; empty for the whole order. */
  attendeeIds: string[];
  /** Stable for one refund request, so a double click refunds once. */
  idempotencyKey: string;
  /** The claimed refund request this is (see lib/payments/refund-claims), for providers that keep more with it. */
  claim?: RefundClaim;
}

export interface PaymentGateway<Ctx extends ConnectorContext = ConnectorContext> {
  connector: Connector;
  /** What the attendee picks at checkout ("Card", "PayPal", "TWINT and cards"). */
  label: string;
  openCheckout(ctx: Ctx, input: OpenCheckoutInput): Promise<{ checkoutId: string; url: string }>;
  /**
   * The buyer is back from the provider's page with its query parameters. PayPal
   * captures the approved order here; Stripe needs nothing (its callback settles).
   * Must be idempotent: a reload or the provider's callback may do the same.
   */
  completeReturn?(ctx: Ctx, order: OrderRow, params: URLSearchParams): Promise<void>;
  /** Asks the provider to refund; the order changes when the provider confirms. */
  refund(ctx: Ctx, input: RefundInput): Promise<void>;
  /**
   * The provider replays a refund sent again with the same idempotency key, so a
   * failed attempt may be retried at once; without that, an attempt that got no
   * answer is left alone for a while (it may have gone through).
   */
  refundsReplayKeys: boolean;
  /** What one verified, stored callback means for orders. */
  process(payload: unknown, ctx: Ctx): Promise<Processed>;
}

export function defineGateway<Ctx extends ConnectorContext>(g: PaymentGateway<Ctx>): PaymentGateway {
  return g as unknown as PaymentGateway;
}
