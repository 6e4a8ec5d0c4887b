// The payments capability: what a payment provider does for Switchboard, whichever
// it is: open a hosted checkout for one pending order, finish it when the buyer
// comes back (where the provider needs that), and refund. What its callbacks mean is
// its inbound capability. Orders, holds, tickets and refund claims are shared
// (lib/payments); only these steps differ.
import type { EventRow, OrderRow } from "@/lib/db/schema";
import type { GatewayRefunds } from "@/lib/payments/gateway-refunds";
import type { PaymentCustomers } from "./payment-customers";
import type { EmbeddedPayments } from "./embedded-payments";
import type { MembershipBilling } from "./membership-billing";
import type { Invoicing } from "./invoicing";

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
  /** The buyer's customer at the provider (when the gateway has `customers` and one could be made); otherwise the order's e-mail. */
  customerId?: string;
}

/** Its refund part (GatewayRefunds) is declared in lib/payments, whose refund rules send claimed refunds through it. */
export interface PaymentGateway<Ctx> extends GatewayRefunds<Ctx> {
  /** What the attendee picks at checkout ("Card", "TWINT or card"). */
  label: string;
  openCheckout(ctx: Ctx, input: OpenCheckoutInput): Promise<{ checkoutId: string; url: string }>;
  /**
   * The buyer is back from the provider's page with its query parameters. A
   * provider whose buyer only approves on its page captures the payment here; one
   * whose callback settles the order needs nothing. Must be idempotent: a reload
   * or the provider's callback may do the same.
   */
  completeReturn?(ctx: Ctx, order: OrderRow, params: URLSearchParams): Promise<void>;
  /** The provider keeps a customer record per buyer, reused on later purchases. */
  customers?: PaymentCustomers<Ctx>;
  /** An on-page payment form beside the hosted checkout. */
  embedded?: EmbeddedPayments<Ctx>;
  /** Recurring memberships billed by the provider. */
  memberships?: MembershipBilling<Ctx>;
  /** Invoices sent to a company for a group of tickets, paid later. */
  invoicing?: Invoicing<Ctx>;
}

